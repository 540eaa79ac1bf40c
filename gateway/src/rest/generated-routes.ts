import { STATUS_CODES } from "node:http";
import { MapperKind, mapSchema } from "@graphql-tools/utils";
import { getNamedType, isObjectType, type ExecutionArgs, type ExecutionResult, type GraphQLSchema } from "graphql";
import { nothingAt } from "./rest-errors";
import { restRoutes } from "./routes";
import { sofaApi, type SofaErrorHandler, type SofaRouter } from "./sofa";

export const restBasePath = "/api/v1";

/**
 * Paths fets (SOFA's router) registers for itself under the base: its OpenAPI 3.0 document
 * and a Swagger UI page. The gateway serves its own document (openapi.ts) and reference
 * page instead, so rest-api.ts answers these paths before the generated router sees them.
 */
export const fetsInternalPaths = ["/openapi.json", "/docs"];

/**
 * Custom scalars as JSON Schema, for the document: SOFA describes any scalar it does not
 * know as `type: object`, which a DateTime is not.
 */
const customScalars: Record<string, Record<string, unknown>> = {
  DateTime: { type: "string", format: "date-time" },
  Decimal: { type: "string" },
  JSON: {},
};

/**
 * Resources with a route of their own (a root field taking `id`): nested in another answer
 * they come as `{ id }`, to be fetched by that route, as REST APIs link resources.
 */
export function resourceTypes(schema: GraphQLSchema): string[] {
  const fields = Object.values(schema.getQueryType()?.getFields() ?? {});
  return fields
    .filter((field) => field.args.some((arg) => arg.name === "id"))
    .map((field) => getNamedType(field.type).name);
}

/** Relay edges' nodes are the list's items: answered whole, not as `{ id }`. */
function edgeNodes(schema: GraphQLSchema): string[] {
  return Object.values(schema.getTypeMap())
    .filter((type) => isObjectType(type) && type.name.endsWith("Edge") && "node" in type.getFields())
    .map((type) => `${type.name}.node`);
}

const rootTypes = new Set(["Query", "Mutation", "Subscription"]);

/**
 * The schema REST resources are described and selected from: the served one without the
 * collections nested in a resource that take their own arguments (`Category.products`, with
 * its paging). A REST resource does not embed another collection: `GET /products?filter[categoryId]=`
 * is that list, paged on its own. Without this every category answer would carry a page of
 * products, and every category route a `categories_products_first` parameter.
 */
export function restSchemaOf(schema: GraphQLSchema): GraphQLSchema {
  return mapSchema(schema, {
    [MapperKind.OBJECT_FIELD]: (field, _name, typeName) =>
      !rootTypes.has(typeName) && Object.keys(field.args ?? {}).length > 0 ? null : field,
  });
}

export interface RestRouterOptions {
  schema: GraphQLSchema;
  execute: (args: ExecutionArgs) => Promise<ExecutionResult>;
  errorHandler: SofaErrorHandler;
  /** What `execute` gets as its context, from the Node adapter's `{ req, res }`. */
  context?: (serverContext: Record<string, unknown>) => unknown;
}

/**
 * The routes SOFA generates from an API schema, and (as `openAPIDocument`) the OpenAPI 3.0
 * description it made of them. Needs no server: the gateway passes an `execute` that runs
 * through Apollo Server, the schema CLI one that is never called.
 */
export function buildRestRouter({ schema, execute, errorHandler, context }: RestRouterOptions): SofaRouter {
  const sofa = sofaApi.createSofa({
    basePath: restBasePath,
    schema,
    routes: restRoutes,
    depthLimit: 1,
    ignore: edgeNodes(schema),
    context: context ?? (() => ({})),
    execute,
    errorHandler,
    customScalars,
  });
  const generated = sofaApi.createSofaRouter({ ...sofa, models: resourceTypes(schema) });

  // Any other path under the base, or the base itself (the optional group: `/*` alone needs a
  // segment after it): the REST error body, not the router's empty 404.
  generated.route({
    path: "{/*}?",
    internal: true,
    handler: (request) =>
      Response.json(nothingAt(request.method, new URL(request.url).pathname).body, {
        status: 404,
        statusText: STATUS_CODES[404],
      }),
  });
  return generated;
}
