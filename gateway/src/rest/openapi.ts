import { STATUS_CODES } from "node:http";
import express from "express";
import {
  isInputObjectType,
  isNonNullType,
  isObjectType,
  type ExecutionResult,
  type GraphQLField,
  type GraphQLInputField,
  type GraphQLSchema,
} from "graphql";
import { errorStatus } from "../../../subgraphs/core/src/errors";
import { headers as credentialHeaders } from "../auth/authenticate";
import { buildRestRouter, resourceTypes, restBasePath, restSchemaOf } from "./generated-routes";
import { restRoutes } from "./routes";

/*
 * The REST surface's OpenAPI 3.1 document, generated (never written by hand):
 *
 *   SOFA describes the routes it generates from the API schema (rest/routes.ts names them) as
 *   an OpenAPI 3.0 document; `openApiDocumentOf` turns that into ours: 3.1 (JSON Schema type
 *   arrays for GraphQL's nullable fields), our title and server, the credentials a call takes,
 *   the `{ error: { code, message, details } }` answers every operation can give, the `Link`
 *   header of lists, `Idempotency-Key` on POST /orders, and one operationId per root field.
 *
 * The gateway builds it once at startup from the schema it serves and answers it publicly at
 * GET /api/v1/openapi.json; `npm run schema:build` writes the same document to
 * schema/openapi.json (`schema:check` fails on drift), and `npm run schema:evolution`
 * compares it with the base commit's (schema-evolution/rest-changes.ts): a removed route or
 * response field, a parameter made required, a removed enum value or a changed type fails CI
 * as a removed GraphQL field does.
 */

export type JsonObject = Record<string, unknown>;

/** The document, typed as far as this module and the evolution check read it. */
export interface OpenApiDocument extends JsonObject {
  openapi: string;
  info: JsonObject;
  paths: Record<string, Record<string, JsonObject>>;
  components: { schemas: Record<string, JsonObject> } & JsonObject;
}

export const openApiPath = `${restBasePath}/openapi.json`;

const methods = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];

const errorSchema = "#/components/schemas/Error";

/** The error answers every operation can give, by status, as components.responses. */
const errorResponses: Record<string, { name: string; description: string }> = {
  "400": { name: "BadRequest", description: "The request could not be read (unreadable JSON or parameters)" },
  "401": { name: "Unauthenticated", description: "Missing or invalid credentials" },
  "403": { name: "Forbidden", description: "The credentials do not allow this call" },
  "404": { name: "NotFound", description: "No such resource, or nothing is served at this path" },
  "409": {
    name: "Conflict",
    description: "The resource's state refuses the call (CONFLICT, INVALID_STATE_TRANSITION, INSUFFICIENT_STOCK)",
  },
  "422": { name: "UnprocessableEntity", description: "The request's values were refused (BAD_USER_INPUT)" },
  "429": { name: "TooManyRequests", description: "Rate limited: retry after the number of seconds in Retry-After" },
};

function components(): JsonObject {
  return {
    securitySchemes: {
      platformKey: {
        type: "apiKey",
        in: "header",
        name: credentialHeaders.platformKey,
        description: "The platform's key (a client app's), sent with a tenant key in client-x-api-key",
      },
      clientKey: {
        type: "apiKey",
        in: "header",
        name: credentialHeaders.clientKey,
        description:
          "A tenant's key, with the platform key in x-api-key; alone, a publishable key (storefront calls from the origins it lists)",
      },
      adminKey: {
        type: "apiKey",
        in: "header",
        name: credentialHeaders.adminKey,
        description: "The operator's key",
      },
      bearerAuth: {
        type: "http",
        scheme: "bearer",
        bearerFormat: "JWT",
        description: "A person's access token, issued to a staff app",
      },
    },
    schemas: {
      Error: {
        type: "object",
        description: "Every error answer: the code is the one GraphQL answers with",
        required: ["error"],
        properties: {
          error: {
            type: "object",
            required: ["code", "message", "details"],
            properties: {
              code: { type: "string", enum: Object.keys(errorStatus) },
              message: { type: "string" },
              details: {
                type: "object",
                additionalProperties: true,
                description: "What a client can act on, e.g. the refused `field`",
              },
            },
          },
        },
      },
    },
    headers: {
      Link: {
        description:
          'The neighbouring pages (RFC 8288): `<…?first=…&after=…>; rel="next"` when there is a next page, ' +
          '`<…?last=…&before=…>; rel="prev"` when there is a previous one',
        schema: { type: "string" },
      },
      RetryAfter: {
        description: "Seconds to wait before retrying",
        required: true,
        schema: { type: "integer", minimum: 0 },
      },
    },
    responses: Object.fromEntries(
      Object.entries(errorResponses).map(([status, { name, description }]) => [
        name,
        {
          description,
          ...(status === "429" ? { headers: { "Retry-After": { $ref: "#/components/headers/RetryAfter" } } } : {}),
          content: { "application/json": { schema: { $ref: errorSchema } } },
        },
      ]),
    ),
  };
}

const isObject = (value: unknown): value is JsonObject =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/** A schema that also admits null, in 3.1's words (a type array, or anyOf with null). */
function withNull(schema: JsonObject): JsonObject {
  const { type, enum: values, ...rest } = schema;
  if (typeof type === "string") {
    return {
      ...rest,
      type: [type, "null"],
      ...(Array.isArray(values) ? { enum: [...values, null] } : {}),
    };
  }
  if (Array.isArray(type)) return type.includes("null") ? schema : { ...schema, type: [...type, "null"] };
  if (Object.keys(schema).length === 0 || (rest.description !== undefined && Object.keys(rest).length === 1)) {
    return schema; // Any value, null included.
  }
  const { description, ...described } = schema;
  return {
    ...(description !== undefined ? { description } : {}),
    anyOf: [described, { type: "null" }],
  };
}

/** Each field of the schema's object and input types, with its property in SOFA's schemas and a way to replace it. */
function* fieldProperties(
  schema: GraphQLSchema,
  schemas: Record<string, JsonObject>,
): Generator<[GraphQLField<unknown, unknown> | GraphQLInputField, JsonObject, (next: JsonObject) => void]> {
  for (const type of Object.values(schema.getTypeMap())) {
    if (!(isObjectType(type) || isInputObjectType(type)) || type.name.startsWith("__")) continue;
    const properties = schemas[type.name]?.properties;
    if (!isObject(properties)) continue;
    for (const field of Object.values(type.getFields())) {
      const property = properties[field.name];
      if (isObject(property)) yield [field, property, (next) => (properties[field.name] = next)];
    }
  }
}

/**
 * GraphQL's nullable fields answer (and accept) null: SOFA leaves them out of `required` but
 * does not say so, which a typed client would then not expect.
 */
function nullableFields(schema: GraphQLSchema, schemas: Record<string, JsonObject>): void {
  for (const [field, property, replace] of fieldProperties(schema, schemas)) {
    if (!isNonNullType(field.type)) replace(withNull(property));
  }
}

function resolveRef(document: OpenApiDocument, schema: unknown): JsonObject | undefined {
  if (!isObject(schema)) return undefined;
  const ref = schema.$ref;
  if (typeof ref !== "string") return schema;
  return document.components.schemas[ref.replace("#/components/schemas/", "")];
}

/** A route's path as OpenAPI writes it: Express's `/categories/:id` is `/categories/{id}`. */
const templatePath = (path: string): string => path.replace(/:([^/]+)/g, "{$1}");

/** `{ method path → root field }`, the route table as SOFA applied it: operationIds by field. */
function fieldsByRoute(schema: GraphQLSchema): Map<string, GraphQLField<unknown, unknown>> {
  const routes = new Map<string, GraphQLField<unknown, unknown>>();
  for (const [key, route] of Object.entries(restRoutes)) {
    const [typeName, fieldName] = key.split(".") as [string, string];
    const rootType = typeName === "Query" ? schema.getQueryType() : schema.getMutationType();
    const field = rootType?.getFields()[fieldName];
    if (!field) continue;
    routes.set(`${route.method.toLowerCase()} ${templatePath(route.path)}`, field);
  }
  return routes;
}

/**
 * What the GraphQL schema deprecates, REST says so too: its clients generate code from this
 * document (OpenAPI's `deprecated`, shown struck through by the reference page and turned
 * into deprecation warnings by generators), never from the GraphQL schema.
 */
function deprecatedFields(schema: GraphQLSchema, schemas: Record<string, JsonObject>): void {
  for (const [field, property, replace] of fieldProperties(schema, schemas)) {
    if (!field.deprecationReason) continue;
    const description = deprecationNote(field.description, field.deprecationReason);
    replace({ ...property, deprecated: true, description });
  }
}

/** A deprecation's reason names the GraphQL field to use instead: a REST client needs its route. */
function replacementRoutes(reason: string, deprecated: string): string {
  const routes = Object.entries(restRoutes)
    .filter(([key]) => {
      const field = key.split(".")[1]!;
      return field !== deprecated && new RegExp(`\\b${field}\\b`).test(reason);
    })
    .map(([, route]) => `${route.method} ${templatePath(route.path)}`);
  return routes.length > 0 ? ` (REST: ${routes.join(", ")})` : "";
}

const deprecationNote = (description: string | null | undefined, reason: string): string =>
  [description, `Deprecated: ${reason}`].filter(Boolean).join("\n\n");

/** Keys in a stable order (sorted below the top level), so that the committed file diffs well. */
function sorted(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sorted);
  if (!isObject(value)) return value;
  return Object.fromEntries(
    Object.keys(value)
      .sort()
      .map((key) => [key, sorted(value[key])]),
  );
}

const componentRef = "#/components/schemas/";

/**
 * A resource nested in another answer comes as `{ id }` (SOFA selects only the id of a model
 * below the root), so the document must say so: such a reference points at `<Type>Reference`,
 * not at the whole type, or a generated client would promise fields that never come. The
 * items of a list (`<Type>Edge.node`) and the answers of the resource's own routes stay whole.
 */
function nestedResourcesAsReferences(schemas: Record<string, JsonObject>, resources: readonly string[]): void {
  const stubbed = new Set<string>();
  const rewrite = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(rewrite);
    if (!isObject(value)) return value;
    const ref = value.$ref;
    if (typeof ref === "string" && ref.startsWith(componentRef)) {
      const target = ref.slice(componentRef.length);
      if (!resources.includes(target)) return value;
      stubbed.add(target);
      return { ...value, $ref: `${componentRef}${target}Reference` };
    }
    return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, rewrite(inner)]));
  };
  for (const [name, schema] of Object.entries(schemas)) {
    const properties = schema.properties as JsonObject | undefined;
    if (!properties) continue;
    for (const [property, value] of Object.entries(properties)) {
      if (name.endsWith("Edge") && property === "node") continue;
      properties[property] = rewrite(value);
    }
  }
  for (const name of stubbed) {
    schemas[`${name}Reference`] = {
      type: "object",
      description: `A ${name} by its id; its own route answers it whole`,
      required: ["id"],
      properties: { id: { type: "string" } },
    };
  }
}

/** SOFA's OpenAPI 3.0 document (`generated.openAPIDocument`) as the gateway's 3.1 one. */
export function openApiDocumentOf(sofaDocument: JsonObject, schema: GraphQLSchema): OpenApiDocument {
  const document = structuredClone(sofaDocument) as unknown as OpenApiDocument;
  for (const name of ["Error"]) {
    if (document.components.schemas[name])
      throw new Error(`The API schema's type ${name} clashes with the REST ${name}`);
  }
  // SOFA's schemas use nothing 3.0-only (no `nullable`, no boolean exclusive bounds): only
  // nullability needs saying, in 3.1's words.
  nullableFields(schema, document.components.schemas);
  deprecatedFields(schema, document.components.schemas);
  nestedResourcesAsReferences(document.components.schemas as Record<string, JsonObject>, resourceTypes(schema));
  const byRoute = fieldsByRoute(schema);
  const createOrder = restRoutes["Mutation.createOrder"];
  const operationIds = new Set<string>();
  const tags = new Set<string>();

  for (const [path, item] of Object.entries(document.paths)) {
    for (const [method, operation] of Object.entries(item)) {
      if (!methods.includes(method)) continue;
      const field = byRoute.get(`${method} ${path}`);
      let operationId =
        field?.name ?? `${method}${path.replace(/[^A-Za-z0-9]+(.)?/g, (_, c?: string) => c?.toUpperCase() ?? "")}`;
      while (operationIds.has(operationId)) operationId = `${operationId}_${method}`;
      operationIds.add(operationId);
      operation.operationId = operationId;
      if (field?.deprecationReason) {
        operation.deprecated = true;
        const reason = `${field.deprecationReason}${replacementRoutes(field.deprecationReason, field.name)}`;
        operation.description = deprecationNote(operation.description as string | undefined, reason);
      }
      if (operation.description === "") delete operation.description;
      if (operation.security === undefined) delete operation.security;
      for (const tag of (operation.tags as string[] | undefined) ?? []) tags.add(tag);

      // A body's variables are read from the body: SOFA also lists them as query parameters.
      const body = (operation.requestBody as JsonObject | undefined)?.content as JsonObject | undefined;
      const bodySchema = (body?.["application/json"] as JsonObject | undefined)?.schema as JsonObject | undefined;
      const bodyFields = new Set(Object.keys((bodySchema?.properties as JsonObject | undefined) ?? {}));
      const parameters = ((operation.parameters as JsonObject[] | undefined) ?? [])
        .filter((parameter) => !(parameter.in === "query" && bodyFields.has(parameter.name as string)))
        .map((parameter) => {
          // Objects in the query string are read as `filter[status]=…` (qs).
          const target = resolveRef(document, parameter.schema);
          return parameter.in === "query" && target?.type === "object"
            ? { ...parameter, style: "deepObject", explode: true }
            : parameter;
        });
      if (method === createOrder?.method.toLowerCase() && path === createOrder.path) {
        parameters.push({
          name: "Idempotency-Key",
          in: "header",
          required: false,
          description: "The order's idempotencyKey: the same key answers the order it made instead of making another",
          schema: { type: "string", minLength: 1 },
        });
      }
      if (parameters.length > 0) operation.parameters = parameters;
      else delete operation.parameters;

      const responses = (operation.responses ?? {}) as Record<string, JsonObject>;
      for (const [status, response] of Object.entries(responses)) {
        if (response.description === "") response.description = STATUS_CODES[Number(status)] ?? status;
        const content = response.content as Record<string, JsonObject> | undefined;
        const answer = resolveRef(document, content?.["application/json"]?.schema);
        if (isObject(answer?.properties) && "pageInfo" in answer.properties) {
          response.headers = { Link: { $ref: "#/components/headers/Link" } };
        }
      }
      for (const [status, { name }] of Object.entries(errorResponses)) {
        responses[status] ??= { $ref: `#/components/responses/${name}` };
      }
      operation.responses = responses;
    }
  }

  const { components: generated, paths } = document;
  const ours = components();
  return {
    openapi: "3.1.0",
    info: {
      title: "OmniStack Gateway REST API",
      version: "1",
      description:
        "The gateway's REST surface (/api/v1), generated from the GraphQL API it serves: the same " +
        "operations, credentials, limits and error codes. Errors answer " +
        "`{ error: { code, message, details } }`; lists take `first`/`after` (forward) or `last`/`before` " +
        '(backward) and link their neighbours in a `Link: <…>; rel="next", <…>; rel="prev"` header.',
    },
    servers: [{ url: restBasePath }],
    security: [{ platformKey: [], clientKey: [] }, { clientKey: [] }, { bearerAuth: [] }, { adminKey: [] }],
    tags: [...tags].sort().map((name) => ({ name })),
    paths: sorted(paths) as OpenApiDocument["paths"],
    components: sorted({
      ...ours,
      schemas: { ...generated.schemas, ...(ours.schemas as JsonObject) },
    }) as OpenApiDocument["components"],
  };
}

/** The document for an API schema, with no server: what `npm run schema:build` writes. */
export function restOpenApiDocument(served: GraphQLSchema): OpenApiDocument {
  const schema = restSchemaOf(served);
  const generated = buildRestRouter({
    schema,
    execute: (): Promise<ExecutionResult> => Promise.reject(new Error("Only the document is built here")),
    errorHandler: () => new Response(null, { status: 500 }),
  });
  return openApiDocumentOf(generated.openAPIDocument, schema);
}

/** The committed file's text: pretty, keys in the document's stable order, a final newline. */
export function openApiJson(document: OpenApiDocument): string {
  return `${JSON.stringify(document, null, 2)}\n`;
}

/**
 * GET /api/v1/openapi.json: public (a description of the API, no tenant's data), serialized
 * once, and cacheable for a while (it changes with a deploy only).
 */
export function openApiRoute(document: OpenApiDocument): express.Router {
  const body = openApiJson(document);
  const router = express.Router();
  router.get(openApiPath, (_req, res) => {
    res.setHeader("cache-control", "public, max-age=300");
    res.setHeader("access-control-allow-origin", "*");
    res.type("application/json").send(body);
  });
  return router;
}
