import { buildSchema, GraphQLSchema, specifiedDirectives } from "graphql";
import sdl from "../../generated/schema.graphql?raw";

/** Federation's own bookkeeping in the supergraph, which no client can query. */
const federationName = /^(join__|link__)/;

/**
 * The public API's schema as the console was built with it (codegen writes it next to the
 * typed documents): the explorer's docs and completion need no introspection, which
 * production turns off.
 */
export function apiSchema(): GraphQLSchema {
  const config = buildSchema(sdl).toConfig();
  return new GraphQLSchema({
    ...config,
    types: config.types.filter((type) => !federationName.test(type.name)),
    directives: specifiedDirectives,
  });
}
