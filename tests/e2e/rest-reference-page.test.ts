import { startStack, type TestStack } from "../helpers/stack";

let stack: TestStack;
let origin: string;

beforeAll(async () => {
  stack = await startStack({ dispatcher: false });
  origin = stack.gateway.url.replace(/\/graphql$/, "");
});
afterAll(() => stack.stop());

const get = (pathAndQuery: string, init?: RequestInit) =>
  fetch(`${origin}${pathAndQuery}`, { redirect: "manual", ...init });

/** The page's asset URLs, in the order the page names them. */
async function assetsOfPage(): Promise<string[]> {
  const html = await (await get("/api/v1/docs")).text();
  return [...html.matchAll(/(?:src|href)="(\/api\/v1\/docs\/assets\/[^"]+)"/g)].map((match) => match[1]!);
}

test("the reference page is ours, never cached, with a strict CSP naming no other origin", async () => {
  const response = await get("/api/v1/docs");
  expect(response.status).toBe(200);
  expect(response.headers.get("content-type")).toMatch(/^text\/html/);
  expect(response.headers.get("cache-control")).toBe("no-cache");
  const html = await response.text();
  expect(html).toContain("<title>OmniStack Gateway REST API reference</title>");
  // Nothing from a CDN (SOFA's own page would load Swagger UI from one), no inline script.
  expect(html).not.toMatch(/https?:\/\//);
  expect(html).not.toMatch(/<script>|<script(?![^>]*\bsrc=)[^>]*>/);

  const policy = response.headers.get("content-security-policy")!;
  const directives = new Map(
    policy.split(";").map((directive) => {
      const [name, ...values] = directive.trim().split(/\s+/);
      return [name!, values] as const;
    }),
  );
  expect(directives.get("default-src")).toEqual(["'none'"]);
  expect(directives.get("script-src")).toEqual(["'self'"]);
  expect(directives.get("style-src")).toEqual(["'self'"]);
  expect(directives.get("img-src")).toEqual(["'self'", "data:"]);
  expect(directives.get("connect-src")).toEqual(["'self'"]);
  expect(directives.get("frame-ancestors")).toEqual(["'none'"]);
  expect(policy).not.toMatch(/https?:|unsafe-/);

  // The trailing slash leads to the page; the API keeps its own strict policy.
  const slash = await get("/api/v1/docs/");
  expect(slash.status).toBe(301);
  expect(slash.headers.get("location")).toBe("/api/v1/docs");
  expect((await get("/api/v1/openapi.json")).headers.get("content-security-policy")).toContain("default-src 'none'");
});

test("the page's assets are served with their types and cached for good, Swagger UI's from its npm package", async () => {
  const assets = await assetsOfPage();
  expect(assets).toHaveLength(4);
  const types: string[] = [];
  for (const asset of assets) {
    const response = await get(asset);
    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toContain("immutable");
    expect(response.headers.get("cache-control")).toMatch(/max-age=31536000/);
    types.push(response.headers.get("content-type")!.split(";")[0]!);
    const body = await response.text();
    if (asset.endsWith(".js")) expect(body.length).toBeGreaterThan(0);
    if (/swagger-ui-[\d.]+\.js$/.test(asset)) expect(body).toContain("SwaggerUIBundle");
    // Our start-up script reads the document the gateway serves, with "Try it out" on.
    if (/reference-\w+\.js$/.test(asset)) {
      expect(body).toContain('url: "/api/v1/openapi.json"');
      expect(body).toContain("tryItOutEnabled: true");
    }
  }
  expect(types.sort()).toEqual(["application/javascript", "application/javascript", "text/css", "text/css"]);
});

test("only the page's own files are served: unknown names and traversal are 404s", async () => {
  for (const route of [
    "/api/v1/docs/assets/",
    "/api/v1/docs/assets/swagger-ui-bundle.js",
    "/api/v1/docs/assets/index.html",
    "/api/v1/docs/assets/package.json",
    "/api/v1/docs/assets/..%2fpackage.json",
    "/api/v1/docs/assets/..%2f..%2f..%2f..%2fpackage.json",
    "/api/v1/docs/assets/%2e%2e/%2e%2e/package.json",
    "/api/v1/docs/assets/..%5c..%5cpackage.json",
    "/api/v1/docs/assets/%00.js",
    "/api/v1/docs/assets/deeper/swagger-ui.css",
    `/api/v1/docs/assets/${"a".repeat(4000)}.js`,
  ]) {
    const response = await get(route);
    expect({ route, status: response.status }).toEqual({ route, status: 404 });
    const body = await response.text();
    expect(body).not.toContain('"name": "omnistack-gateway"');
    expect(body).not.toContain('"name": "swagger-ui-dist"');
  }
});

test("no spelling of the path reaches SOFA's own page, which loads Swagger UI from a CDN", async () => {
  for (const route of ["/api/v1/DOCS", "/API/V1/docs", "/api/v1/Docs", "/api/v1/docs/index.html", "/api/v1//docs"]) {
    const response = await get(route);
    expect({ route, status: response.status }).toEqual({ route, status: 404 });
    expect(await response.text()).not.toMatch(/https?:\/\/|swagger/i);
  }
});
