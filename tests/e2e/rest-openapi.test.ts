import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { compileErrors, validate } from "@readme/openapi-parser";
import { createLocation, createOrder, createPublishedProduct, setStock } from "../helpers/commerce";
import { startStack, type TestStack } from "../helpers/stack";
import { createTenant, type Tenant } from "../helpers/tenants";

/**
 * The REST surface's OpenAPI 3.1 document, as a client's tooling takes it: fetched without
 * credentials, validated by a maintained validator, the committed schema/openapi.json, and
 * turned into a typed client (openapi-typescript + openapi-fetch) that type-checks and calls
 * the running gateway.
 */
const root = path.resolve(__dirname, "../..");
let stack: TestStack;
let tenant: Tenant;
let restUrl: string;
let productId: string;
let orderId: string;
let project: string;

beforeAll(async () => {
  stack = await startStack();
  restUrl = stack.http.url.replace(/\/graphql$/, "/api/v1");
  tenant = await createTenant(stack.http);
  productId = await createPublishedProduct(tenant.api, "OAS-TYPED-1", "7.25");
  const locationId = await createLocation(tenant.api, "oas-main");
  await setStock(tenant.api, productId, locationId, 5);
  const order = await createOrder(tenant.api, [{ productId, locationId, quantity: 1 }]);
  if (!order.data?.createOrder) throw new Error(`Order not created: ${JSON.stringify(order.errors)}`);
  orderId = order.data.createOrder.id;
  project = mkdtempSync(path.join(tmpdir(), "omnistack-openapi-client-"));
  // The generated client imports openapi-fetch as another project would, from its node_modules.
  symlinkSync(path.join(root, "node_modules"), path.join(project, "node_modules"), "dir");
  writeFileSync(path.join(project, "package.json"), JSON.stringify({ name: "rest-client", type: "commonjs" }));
}, 180_000);

afterAll(async () => {
  await stack?.stop();
  if (project) rmSync(project, { recursive: true, force: true });
}, 120_000);

async function fetchDocument(): Promise<{ response: Response; document: Record<string, unknown> }> {
  const response = await fetch(`${restUrl}/openapi.json`);
  return { response, document: (await response.clone().json()) as Record<string, unknown> };
}

test("the document is public JSON, cacheable, OpenAPI 3.1.0, and the committed schema/openapi.json", async () => {
  const { response, document } = await fetchDocument();
  expect(response.status).toBe(200);
  expect(response.headers.get("content-type")).toMatch(/^application\/json/);
  expect(response.headers.get("cache-control")).toMatch(/max-age=\d+/);
  expect(document.openapi).toBe("3.1.0");
  expect(document.info).toMatchObject({ title: "OmniStack Gateway REST API", version: "1" });
  expect(document.servers).toEqual([{ url: "/api/v1" }]);
  expect(document).toEqual(JSON.parse(readFileSync(path.join(root, "schema/openapi.json"), "utf8")));
});

test("a maintained validator (@readme/openapi-parser) finds no error in it", async () => {
  const { document } = await fetchDocument();
  const result = await validate(structuredClone(document) as Parameters<typeof validate>[0]);
  expect(result.valid ? "" : compileErrors(result)).toBe("");
  expect(result.specification).toBe("OpenAPI");
});

test("it states the gateway's conventions: errors, credentials, Link, Idempotency-Key", async () => {
  const { document } = await fetchDocument();
  const paths = document.paths as Record<string, Record<string, Record<string, unknown>>>;
  const components = document.components as Record<string, Record<string, unknown>>;
  expect(Object.keys(components.securitySchemes!).sort()).toEqual(
    ["adminKey", "bearerAuth", "clientKey", "platformKey"].sort(),
  );
  expect(document.security).toContainEqual({ platformKey: [], clientKey: [] });
  const list = paths["/products"]!.get!;
  expect(Object.keys(list.responses as object)).toEqual(["200", "400", "401", "403", "404", "409", "422", "429"]);
  expect((list.responses as Record<string, { headers?: unknown }>)["200"]!.headers).toHaveProperty("Link");
  expect(JSON.stringify(paths["/orders"]!.post!.parameters)).toContain("Idempotency-Key");
  const operationIds = Object.values(paths).flatMap((item) => Object.values(item).map((op) => op.operationId));
  expect(new Set(operationIds).size).toBe(operationIds.length);
});

test("what the GraphQL schema deprecates is deprecated here, with the route to use instead", async () => {
  const { document } = await fetchDocument();
  const paths = document.paths as Record<string, Record<string, Record<string, unknown>>>;
  const schemas = (document.components as Record<string, Record<string, Record<string, unknown>>>).schemas!;
  expect(paths["/categories"]!.get).toMatchObject({
    deprecated: true,
    description: expect.stringContaining("(REST: GET /catalog/categories)"),
  });
  expect(paths["/catalog/categories"]!.get!.deprecated).toBeUndefined();
  const apiKey = schemas.ApiKeyInfo!.properties as Record<string, Record<string, unknown>>;
  expect(apiKey.scopes).toMatchObject({ deprecated: true, description: expect.stringContaining("use grantedScopes") });
  expect(apiKey.grantedScopes!.deprecated).toBeUndefined();
});

test("fets' own 3.0 document and Swagger UI page are never served", async () => {
  const keys = { "x-api-key": tenant.platform.platformKey, "client-x-api-key": tenant.clientKey };
  for (const url of [`${restUrl}/docs`, `${restUrl}/docs/`, `${restUrl}/openapi.json/`]) {
    const response = await fetch(url, { headers: keys });
    const body = await response.text();
    expect({ url, body }).toEqual({ url, body: expect.not.stringContaining("SOFA API") });
    expect(body).not.toMatch(/"openapi"\s*:\s*"3\.0/);
  }
});

/**
 * Type-checks files of the client project in a process of its own, as the client's build would;
 * the diagnostics, as text. (In this process a compile blocks the event loop for seconds, long
 * enough for the gateway to close this process's idle keep-alive sockets under the next call.)
 */
async function typeCheck(files: string[]): Promise<string[]> {
  const { stdout } = await promisify(execFile)(process.execPath, ["check.mjs", ...files], { cwd: project });
  return JSON.parse(stdout) as string[];
}

const check = `import ts from "typescript";

const program = ts.createProgram(process.argv.slice(2), {
  strict: true,
  noEmit: true,
  target: ts.ScriptTarget.ES2022,
  module: ts.ModuleKind.Node16,
  moduleResolution: ts.ModuleResolutionKind.Node16,
  lib: ["lib.es2022.d.ts", "lib.dom.d.ts"],
  types: [],
  skipLibCheck: true,
  esModuleInterop: true,
});
const messages = ts
  .getPreEmitDiagnostics(program)
  .map((diagnostic) => ts.flattenDiagnosticMessageText(diagnostic.messageText, "\\n"));
console.log(JSON.stringify(messages));
`;

const client = `import createClient from "openapi-fetch";
import type { paths } from "./api";

export async function listAndFetch(baseUrl: string, platformKey: string, clientKey: string, orderId: string) {
  const api = createClient<paths>({ baseUrl, headers: { "x-api-key": platformKey, "client-x-api-key": clientKey } });
  const products = await api.GET("/products", { params: { query: { first: 50 } } });
  if (products.error) throw new Error(products.error.error.code);
  const skus: string[] = products.data.edges.map((edge) => edge.node.sku);
  const order = await api.GET("/orders/{id}", { params: { path: { id: orderId } } });
  if (order.error) throw new Error(order.error.error.message);
  const status: "PENDING" | "PROCESSING" | "COMPLETED" | "CANCELLED" | "REFUNDED" = order.data.status;
  const missing = await api.GET("/orders/{id}", { params: { path: { id: "00000000-0000-7000-8000-000000000000" } } });
  return { skus, status, orderId: order.data.id, missing: missing.error?.error.code, missingStatus: missing.response.status };
}
`;

/**
 * openapi-typescript's Node API, run as a client project's build step would run it: in an ES
 * module of its own (the library's CommonJS build loads ES-only dependencies Jest cannot).
 */
const generate = `import { readFileSync, writeFileSync } from "node:fs";
import openapiTS, { astToString } from "openapi-typescript";

const document = JSON.parse(readFileSync("openapi.json", "utf8"));
writeFileSync("api.d.ts", astToString(await openapiTS(document)));
`;

const wrong = `import createClient from "openapi-fetch";
import type { paths } from "./api";

export async function misspelled(baseUrl: string) {
  const api = createClient<paths>({ baseUrl });
  return api.GET("/prodcts", {});
}
`;

test("a client generated from it type-checks, a misspelled path does not, and the client calls the gateway", async () => {
  const { document } = await fetchDocument();
  writeFileSync(path.join(project, "openapi.json"), JSON.stringify(document));
  writeFileSync(path.join(project, "generate.mjs"), generate);
  await promisify(execFile)(process.execPath, ["generate.mjs"], { cwd: project });
  expect(readFileSync(path.join(project, "api.d.ts"), "utf8")).toContain('"/orders/{id}"');
  writeFileSync(path.join(project, "client.ts"), client);
  writeFileSync(path.join(project, "wrong.ts"), wrong);
  writeFileSync(path.join(project, "check.mjs"), check);

  expect(await typeCheck(["client.ts"])).toEqual([]);
  const refused = await typeCheck(["wrong.ts"]);
  expect(refused.join("\n")).toContain("/prodcts");

  const { listAndFetch } = (await import(path.join(project, "client.ts"))) as {
    listAndFetch(
      baseUrl: string,
      platformKey: string,
      clientKey: string,
      orderId: string,
    ): Promise<{ skus: string[]; status: string; orderId: string; missing?: string; missingStatus: number }>;
  };
  const result = await listAndFetch(restUrl, tenant.platform.platformKey, tenant.clientKey, orderId);
  expect(result).toEqual({
    skus: expect.arrayContaining(["OAS-TYPED-1"]) as string[],
    status: "PENDING",
    orderId,
    missing: "NOT_FOUND",
    missingStatus: 404,
  });
});
