import { buildSubgraphSchema } from "@apollo/subgraph";
// 2.14 (the last line whose engines accept Node 20) exports the type from here only.
import type { GraphQLResolverMap } from "@apollo/subgraph/dist/schema-helper";
import { printSchemaWithDirectives } from "@graphql-tools/utils";
import { parse, type GraphQLSchema } from "graphql";
import { buildSchemaSync, createResolversMap } from "type-graphql";
import { scalarsMap } from "../graphql/scalars";
import type { AnySubgraphDefinition, SubgraphDefinition } from "./definition";

// composition 2.14 accepts federation specs up to v2.14; v2.7 has every directive we use.
const federationLink =
  'extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key", "@shareable", "@external", "@requires", "@provides"])';

export interface BuiltSubgraph {
  name: SubgraphDefinition["name"];
  /** The subgraph's SDL with federation directives, as composition reads it. */
  sdl: string;
  schema: GraphQLSchema;
}

const built = new WeakMap<AnySubgraphDefinition, BuiltSubgraph>();

/**
 * type-graphql classes → federation subgraph schema. type-graphql's own SDL printer drops
 * directives (`@key`, `@shareable`), so the schema is printed with graphql-tools and
 * rebuilt by @apollo/subgraph with type-graphql's resolvers attached. Memoised: building
 * reads type-graphql's global metadata and costs ~100 ms.
 */
export function buildSubgraph<L>(definition: SubgraphDefinition<L>): BuiltSubgraph {
  const cached = built.get(definition);
  if (cached) return cached;
  const typeGraphqlSchema = buildSchemaSync({
    resolvers: definition.resolvers,
    scalarsMap,
    validate: { forbidUnknownValues: false },
    skipCheck: true,
  });
  const sdl = `${federationLink}\n\n${printSchemaWithDirectives(typeGraphqlSchema)}`;
  const resolvers = createResolversMap(typeGraphqlSchema) as GraphQLResolverMap<unknown>;
  for (const [typeName, resolveReference] of Object.entries(definition.referenceResolvers ?? {})) {
    resolvers[typeName] = {
      ...resolvers[typeName],
      __resolveReference: resolveReference,
    } as GraphQLResolverMap<unknown>[string];
  }
  const schema = buildSubgraphSchema([{ typeDefs: parse(sdl), resolvers }]);
  const result = { name: definition.name, sdl, schema };
  built.set(definition, result);
  return result;
}
