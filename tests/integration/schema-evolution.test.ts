import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { root } from "../helpers/process";

/**
 * `npm run schema:evolution` against a base supergraph file: the API the code serves now
 * either breaks clients of the base (exit 1, the change named) or does not (exit 0).
 */
const committed = readFileSync(path.join(root, "schema/supergraph.graphql"), "utf8");
const dir = mkdtempSync(path.join(tmpdir(), "omni-schema-"));

function check(baseSdl: string, env: NodeJS.ProcessEnv = {}, baseOpenApi?: string) {
  const file = path.join(dir, `base-${Math.random().toString(36).slice(2)}.graphql`);
  writeFileSync(file, baseSdl);
  const openApiArgs: string[] = [];
  if (baseOpenApi !== undefined) {
    writeFileSync(`${file}.openapi.json`, baseOpenApi);
    openApiArgs.push("--base-openapi", `${file}.openapi.json`);
  }
  const result = spawnSync(
    process.execPath,
    ["-r", "@swc-node/register", "gateway/src/cli/check-schema-evolution.ts", "--base-file", file, ...openApiArgs],
    { cwd: root, encoding: "utf8", env: { ...process.env, SCHEMA_BREAKING_INTENDED: "", ...env } },
  );
  return { code: result.status, output: `${result.stdout}${result.stderr}` };
}

/** The committed supergraph as it would be if Product also had `legacyCode`: the code has "removed" it. */
const withExtraField = committed.replace(
  /^(type Product\n(?: {2}@join__type\([^)]*\)\n)+\{\n)/m,
  "$1  legacyCode: String @join__field(graph: CATALOG)\n",
);

test("a field removed from a subgraph fails the check, naming the field", () => {
  expect(withExtraField).not.toBe(committed);
  const { code, output } = check(withExtraField);
  expect(code).toBe(1);
  expect(output).toContain("FIELD_REMOVED: Product.legacyCode was removed.");
  expect(output).toContain("Schema-Change: breaking");
});

test("a breaking change marked as intended passes, still listed", () => {
  const { code, output } = check(withExtraField, { SCHEMA_BREAKING_INTENDED: "true" });
  expect(code).toBe(0);
  expect(output).toContain("marked as intended");
  expect(output).toContain("Product.legacyCode");
});

test("additions pass: the base lacks a field the code serves", () => {
  const base = committed.replace(/^(type Connection\n[\s\S]*?)^ {2}locationId: ID\n/m, "$1");
  expect(base).not.toBe(committed);
  const { code, output } = check(base);
  expect({ code, output }).toEqual({ code: 0, output: expect.stringContaining("No breaking change") as string });
});

test("the code's own committed schema has no breaking change against itself", () => {
  expect(check(committed).code).toBe(0);
});

test("a REST route the base document had fails the check like a removed field; the committed one passes", () => {
  const openApi = readFileSync(path.join(root, "schema/openapi.json"), "utf8");
  const withLegacyRoute = JSON.parse(openApi) as { paths: Record<string, unknown> };
  withLegacyRoute.paths["/legacy-products"] = { get: { responses: { "200": { description: "OK" } } } };
  const removed = check(committed, {}, JSON.stringify(withLegacyRoute));
  expect(removed.code).toBe(1);
  expect(removed.output).toContain("REST GET /legacy-products was removed");
  expect(check(committed, {}, openApi)).toEqual({ code: 0, output: expect.stringContaining("No breaking change") });
});
