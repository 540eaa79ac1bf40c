import type { CodegenConfig } from "@graphql-codegen/cli";

// The public API as clients see it: the composed supergraph (queries and mutations) plus the
// subscription types the gateway itself serves over graphql-ws (gateway/src/subscriptions/
// schema.ts). `npm run schema:build` writes both files; `npm run codegen` then rewrites the
// typed documents below, and `npm run codegen:check` fails when they are stale.
const schema = ["schema/supergraph.graphql", "schema/subscriptions.graphql"];

const typedDocuments = {
  plugins: ["typescript-operations", "typed-document-node"],
  config: {
    // Typed strings rather than ASTs: the SDK sends them over fetch and graphql-ws as they
    // are, so neither it nor its users need `graphql` at run time.
    documentMode: "string",
    enumsAsTypes: true,
    useTypeImports: true,
    scalars: { DateTime: "string", Decimal: "string", JSON: "unknown" },
  },
};

const config: CodegenConfig = {
  schema,
  generates: {
    // The SDK's own operations, shipped with @omnistack/sdk.
    "sdk/src/generated/graphql.ts": { ...typedDocuments, documents: ["sdk/src/operations/*.graphql"] },
    // The console's operations, next to the pages that send them. Documents rather than
    // strings: urql keys its cache and its subscriptions by the parsed document.
    "console/src/generated/graphql.ts": {
      plugins: typedDocuments.plugins,
      config: { ...typedDocuments.config, documentMode: "documentNode" },
      documents: ["console/src/**/*.graphql"],
    },
    // The API's schema for the console's explorer, which runs where introspection is off
    // (production) and offline: built from the same files as the server's, at the same commit.
    "console/src/generated/schema.graphql": {
      plugins: ["schema-ast"],
      config: { includeDirectives: false, sort: false },
    },
    // Set-up operations only the tests need (the e2e tests also use the SDK's).
    "tests/operations/generated.ts": { ...typedDocuments, documents: ["tests/operations/*.graphql"] },
  },
};

export default config;
