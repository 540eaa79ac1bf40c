import type { RequestHandler } from "express";
import helmet from "helmet";
import { referencePagePath } from "../rest/reference-page";

// A JSON API loads nothing and is framed by nobody.
const apiPolicy = helmet({
  contentSecurityPolicy: {
    useDefaults: false,
    directives: { defaultSrc: ["'none'"], frameAncestors: ["'none'"], baseUri: ["'none'"], formAction: ["'none'"] },
  },
});

// Apollo's landing page brings its own per-request nonce policy in a <meta> tag (scripts,
// styles, images and Sandbox's iframe from Apollo's CDN); a header policy would be enforced
// on top of it and block Sandbox, so the header keeps only what a <meta> policy cannot say.
const landingPagePolicy = helmet({
  contentSecurityPolicy: {
    useDefaults: false,
    directives: {
      defaultSrc: helmet.contentSecurityPolicy.dangerouslyDisableDefaultSrc,
      frameAncestors: ["'none'"],
      baseUri: ["'self'"],
      objectSrc: ["'none'"],
    },
  },
});

// The console's own page: its scripts, styles and workers from the gateway only (the bundle
// ships every asset), its API calls to the same origin over HTTP and WebSocket. Styles allow
// inline attributes: GraphiQL's editor positions its widgets with them.
const consolePolicy = helmet({
  contentSecurityPolicy: {
    useDefaults: false,
    directives: {
      defaultSrc: ["'self'"],
      scriptSrc: ["'self'"],
      styleSrc: ["'self'", "'unsafe-inline'"],
      imgSrc: ["'self'", "data:", "blob:"],
      fontSrc: ["'self'", "data:"],
      workerSrc: ["'self'", "blob:"],
      connectSrc: ["'self'"],
      objectSrc: ["'none'"],
      frameAncestors: ["'none'"],
      baseUri: ["'self'"],
      formAction: ["'self'"],
    },
  },
});

// The REST reference (Swagger UI from its npm package): scripts, styles and the OpenAPI
// document from the gateway only, "Try it out" calls to the same origin; its icons are data:
// URLs in its stylesheet. No inline script: the page starts Swagger UI from a file of its own.
const referencePagePolicy = helmet({
  contentSecurityPolicy: {
    useDefaults: false,
    directives: {
      defaultSrc: ["'none'"],
      scriptSrc: ["'self'"],
      styleSrc: ["'self'"],
      imgSrc: ["'self'", "data:"],
      connectSrc: ["'self'"],
      objectSrc: ["'none'"],
      frameAncestors: ["'none'"],
      baseUri: ["'self'"],
      formAction: ["'self'"],
    },
  },
});

/**
 * helmet's security headers (HSTS, nosniff, frame and referrer policies, …) on every response.
 * The Content-Security-Policy is strict everywhere except the console's pages, the REST
 * reference page and Apollo's landing page, served for a browser's GET of `/graphql` when
 * introspection is enabled.
 */
export function securityHeaders(options: { landingPage: boolean }): RequestHandler {
  return (req, res, next) => {
    if (req.path === "/console" || req.path.startsWith("/console/")) return consolePolicy(req, res, next);
    if (req.path === referencePagePath || req.path.startsWith(`${referencePagePath}/`))
      return referencePagePolicy(req, res, next);
    const wantsPage =
      options.landingPage &&
      req.method === "GET" &&
      req.path === "/graphql" &&
      req.accepts(["application/json", "text/html"]) === "text/html";
    return (wantsPage ? landingPagePolicy : apiPolicy)(req, res, next);
  };
}
