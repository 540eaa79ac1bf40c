import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import { Router, type Response } from "express";
import { nothingAt } from "./rest-errors";

/** The REST API's reference page: Swagger UI over the served OpenAPI document. */
export const referencePagePath = "/api/v1/docs";
const documentPath = "/api/v1/openapi.json";
const assetsPath = `${referencePagePath}/assets`;

// Resolved through package.json: requiring the package itself would load the whole bundle
// into the gateway's process (its index.js requires it for Node users).
const swaggerUiDir = path.dirname(require.resolve("swagger-ui-dist/package.json"));
const swaggerUiVersion = (
  JSON.parse(readFileSync(path.join(swaggerUiDir, "package.json"), "utf8")) as {
    version: string;
  }
).version;

// Our own start-up script, as a file of its own so that the page's CSP needs no inline script.
// The document's URL is relative: the reference reads the gateway that served the page.
// validatorUrl none: Swagger UI would otherwise show a badge fetched from validator.swagger.io.
const initScript = `"use strict";
window.addEventListener("DOMContentLoaded", function () {
  window.ui = SwaggerUIBundle({
    url: ${JSON.stringify(documentPath)},
    dom_id: "#swagger-ui",
    deepLinking: true,
    tryItOutEnabled: true,
    persistAuthorization: false,
    displayRequestDuration: true,
    filter: true,
    validatorUrl: "none",
    presets: [SwaggerUIBundle.presets.apis],
    layout: "BaseLayout",
  });
});
`;

// A header over Swagger UI's own: the page says what it is and leads back to the console.
const pageStyles = `body { margin: 0; font-family: sans-serif; }
.reference-header { display: flex; align-items: baseline; gap: 1.5rem; padding: 0.75rem 1.25rem;
  border-bottom: 1px solid #d9dde1; background: #f7f8fa; }
.reference-header h1 { margin: 0; font-size: 1.1rem; color: #3b4151; }
.reference-header a { color: #2f5fa7; }
`;

interface Asset {
  type: string;
  /** A file of swagger-ui-dist, sent from disk; or our own text, sent from memory. */
  file?: string;
  text?: string;
}

const shortHash = (text: string) => createHash("sha256").update(text).digest("hex").slice(0, 12);

// Every name carries what its content depends on (Swagger UI's version, our text's hash), so
// each can be cached for good; only these are served, never a listing of the package.
const assets = new Map<string, Asset>([
  [
    `swagger-ui-${swaggerUiVersion}.js`,
    { type: "application/javascript", file: path.join(swaggerUiDir, "swagger-ui-bundle.js") },
  ],
  [`swagger-ui-${swaggerUiVersion}.css`, { type: "text/css", file: path.join(swaggerUiDir, "swagger-ui.css") }],
  [`reference-${shortHash(initScript)}.js`, { type: "application/javascript", text: initScript }],
  [`reference-${shortHash(pageStyles)}.css`, { type: "text/css", text: pageStyles }],
]);
const [bundleName, swaggerCssName, initName, pageCssName] = [...assets.keys()];

const page = `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>OmniStack Gateway REST API reference</title>
    <link rel="icon" href="data:," />
    <link rel="stylesheet" href="${assetsPath}/${swaggerCssName}" />
    <link rel="stylesheet" href="${assetsPath}/${pageCssName}" />
    <script src="${assetsPath}/${bundleName}" defer></script>
    <script src="${assetsPath}/${initName}" defer></script>
  </head>
  <body>
    <header class="reference-header">
      <h1>OmniStack Gateway REST API reference</h1>
      <a href="${documentPath}">OpenAPI document</a>
      <a href="/console/">Console</a>
    </header>
    <main id="swagger-ui"><noscript>The reference needs JavaScript; the OpenAPI document is at ${documentPath}.</noscript></main>
  </body>
</html>
`;

const year = 365 * 24 * 60 * 60;

function notFound(res: Response, path: string): void {
  res.status(404).json(nothingAt("GET", path).body);
}

/**
 * `GET /api/v1/docs`: the REST API's reference, Swagger UI from its npm package (so it works
 * offline, unlike the CDN page SOFA's router would serve there) reading `/api/v1/openapi.json`,
 * with "Try it out" on and the Authorize dialog for the document's security schemes. Mounted
 * before the REST router, which would otherwise answer this path. Its Content-Security-Policy
 * is security-headers.ts's.
 */
export function referencePage(): Router {
  // Strict: `/api/v1/docs/` is another path, which only redirects. Case-sensitive, as the CSP
  // (security-headers.ts) matches the path: `/API/V1/DOCS` is no page of ours.
  const router = Router({ strict: true, caseSensitive: true });
  router.get(referencePagePath, (_req, res) => {
    res.setHeader("Cache-Control", "no-cache");
    res.type("html").send(page);
  });
  router.get(`${referencePagePath}/`, (_req, res) => res.redirect(301, referencePagePath));
  router.get(`${assetsPath}/:name`, (req, res, next) => {
    const asset = assets.get(req.params.name);
    if (!asset) return notFound(res, req.path);
    res.type(asset.type);
    if (asset.text !== undefined) {
      res.setHeader("Cache-Control", `public, max-age=${year}, immutable`);
      res.send(asset.text);
      return;
    }
    res.sendFile(asset.file!, { immutable: true, maxAge: `${year}s`, dotfiles: "deny" }, (error) => {
      if (error) next(error);
    });
  });
  // Anything else under the assets (a deeper path, an encoded `..`): not ours to look up.
  router.get(new RegExp(`^${assetsPath}/`), (req, res) => notFound(res, req.path));
  return router;
}
