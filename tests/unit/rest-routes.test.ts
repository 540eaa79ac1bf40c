import { readFileSync } from "node:fs";
import path from "node:path";
import { supergraphApiSchema } from "../../gateway/src/schema-evolution/breaking-changes";
import { restRoutes } from "../../gateway/src/rest/routes";

const supergraphSdl = readFileSync(path.resolve(__dirname, "../../schema/supergraph.graphql"), "utf8");

describe("the REST route table", () => {
  test("names every query and mutation, and nothing the schema does not serve", async () => {
    const schema = await supergraphApiSchema(supergraphSdl);
    const served = [
      ...Object.keys(schema.getQueryType()!.getFields()).map((field) => `Query.${field}`),
      ...Object.keys(schema.getMutationType()!.getFields()).map((field) => `Mutation.${field}`),
    ].sort();
    expect(Object.keys(restRoutes).sort()).toEqual(served);
  });

  test("gives no two fields the same method and path, and reads only GET as a query", () => {
    const seen = new Map<string, string>();
    for (const [field, route] of Object.entries(restRoutes)) {
      const key = `${route.method} ${route.path.replace(/:[^/]+/g, ":param")}`;
      expect({ field, clash: seen.get(key) }).toEqual({ field, clash: undefined });
      seen.set(key, field);
      // Queries are safe reads (no CSRF token asked of a cookie session); mutations never are.
      expect({ field, method: route.method === "GET" }).toEqual({ field, method: field.startsWith("Query.") });
    }
  });
});
