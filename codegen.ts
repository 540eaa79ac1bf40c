// GraphQL Code Generator reads this file. Typed operations for tests and the `sdk/` client
// come with issue #8; until then it only names the schema source of truth, the composed
// supergraph that `npm run schema:build` writes.
const config = {
  schema: "schema/supergraph.graphql",
  documents: ["tests/**/*.graphql"],
  generates: {},
};

export default config;
