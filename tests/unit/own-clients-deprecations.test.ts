import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { buildSchema, NoDeprecatedCustomRule, parse, validate, type DocumentNode } from "graphql";

/**
 * Our own clients move off a deprecated field before anyone else is asked to: the console
 * uses none, and the SDK only those it keeps for its programs until its next major version.
 * The schema is the committed public contract (schema/), which the console and the SDK are
 * generated against.
 */
const root = path.resolve(__dirname, "../..");
const schema = buildSchema(
  ["schema/supergraph.graphql", "schema/subscriptions.graphql"]
    .map((file) => readFileSync(path.join(root, file), "utf8"))
    .join("\n"),
  { assumeValidSDL: true },
);

/** Every .graphql document under `dir`, as one document (fragments are shared across files). */
function documentsUnder(dir: string): DocumentNode {
  const files = (readdirSync(path.join(root, dir), { recursive: true }) as string[]).filter(
    (file) => file.endsWith(".graphql") && !file.startsWith("generated"),
  );
  return parse(files.map((file) => readFileSync(path.join(root, dir, file), "utf8")).join("\n"));
}

const deprecatedUses = (document: DocumentNode): string[] =>
  validate(schema, document, [NoDeprecatedCustomRule]).map((error) => error.message);

test("the console's operations use no deprecated field, argument or value", () => {
  expect(deprecatedUses(documentsUnder("console/src"))).toEqual([]);
});

test("the SDK's operations use only the deprecated fields it keeps until its next major version", () => {
  expect(deprecatedUses(documentsUnder("sdk/src/operations"))).toEqual([
    "The field ApiKeyInfo.scopes is deprecated. Lower-case storage names (admin, storefront); use grantedScopes, spelled like the scopes the mutations take",
  ]);
});
