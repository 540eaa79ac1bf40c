import { HeaderMap, type ApolloServer } from "@apollo/server";
import { STATUS_CODES } from "node:http";
import express, {
  type ErrorRequestHandler,
  type NextFunction,
  type Request,
  type Response as ExpressResponse,
} from "express";
import {
  getNamedType,
  isNullableType,
  Kind,
  type ExecutionArgs,
  type ExecutionResult,
  type FieldNode,
  type GraphQLSchema,
  type OperationDefinitionNode,
} from "graphql";
import { AppError, badInput } from "../../../subgraphs/core/src/errors";
import type { Logger } from "../../../subgraphs/core/src/logger";
import type { GatewayContext } from "../context";
import { bodyReadRefusal } from "../http-errors";
import { buildRestRouter, fetsInternalPaths, restBasePath, restSchemaOf } from "./generated-routes";
import { openApiDocumentOf, openApiRoute } from "./openapi";
import { pageLinks } from "./paging";
import { repeatedSingleValues, variablesFromQueryString } from "./query-string";
import { nothingAt, restError, restErrorHeaders, restErrorOf, type RestError } from "./rest-errors";

export { restBasePath };

/** What the REST layer needs of the gateway: the server that runs operations and who a request is. */
export interface RestApiDeps {
  server: ApolloServer<GatewayContext>;
  schema: GraphQLSchema;
  /** The caller's context, as /graphql makes it; throws AppError for bad credentials. */
  contextFor(req: Request, res: ExpressResponse): Promise<GatewayContext>;
  maxBodyBytes: number;
  log: Logger;
}

/** What SOFA hands our `execute` as its context: the express request and response. */
interface RestCall {
  req: Request;
  res: ExpressResponse;
}

const contextKey = "restContext";

function send(res: ExpressResponse, error: RestError): void {
  res.status(error.status).set(restErrorHeaders(error)).json(error.body);
}

function rootFieldOf(args: ExecutionArgs): { operation: OperationDefinitionNode; field: FieldNode } {
  const operation = args.document.definitions.find(
    (definition): definition is OperationDefinitionNode => definition.kind === Kind.OPERATION_DEFINITION,
  )!;
  const field = operation.selectionSet.selections.find(
    (selection): selection is FieldNode => selection.kind === Kind.FIELD,
  )!;
  return { operation, field };
}

/**
 * A JSON body sent flat (`{ "sku": … }`) is the operation's `input`, as REST clients send it;
 * `{ "input": { … } }` is taken as it is. Variables named by the path or the query stay theirs.
 */
function withFlatInput(
  operation: OperationDefinitionNode,
  variables: Record<string, unknown>,
  body: unknown,
): Record<string, unknown> {
  const takesInput = operation.variableDefinitions?.some((definition) => definition.variable.name.value === "input");
  if (!takesInput || variables.input !== undefined || !body || typeof body !== "object" || Array.isArray(body)) {
    return variables;
  }
  const names = new Set(operation.variableDefinitions!.map((definition) => definition.variable.name.value));
  const input = Object.fromEntries(Object.entries(body).filter(([key]) => !names.has(key)));
  return { ...variables, input };
}

/** `Idempotency-Key` is the order's `idempotencyKey`, as Stripe's header is. */
function withIdempotencyKey(
  fieldName: string,
  variables: Record<string, unknown>,
  header: string | undefined,
): Record<string, unknown> {
  if (fieldName !== "createOrder" || header === undefined) return variables;
  const input = (variables.input ?? {}) as Record<string, unknown>;
  if (input.idempotencyKey !== undefined && input.idempotencyKey !== header) {
    throw new AppError("BAD_USER_INPUT", "The Idempotency-Key header and the body's idempotencyKey differ", {
      field: "idempotencyKey",
    });
  }
  return { ...variables, input: { ...input, idempotencyKey: header } };
}

/** The JSON body SOFA already parsed (and refused with 400 if it could not). */
function jsonBodyOf(req: Request): unknown {
  return typeof req.body === "string" && req.body.trim() !== "" ? JSON.parse(req.body) : undefined;
}

function httpRequestOf(req: Request, body: unknown) {
  const headers = new HeaderMap();
  for (const [name, value] of Object.entries(req.headers)) {
    if (typeof value === "string") headers.set(name, value);
    else if (Array.isArray(value)) headers.set(name, value.join(", "));
  }
  return { method: req.method, headers, search: req.originalUrl.split("?")[1] ?? "", body };
}

/**
 * Runs a generated REST operation through the same Apollo Server as /graphql (its plugins:
 * limits, cost, rate buckets, observation, key rotation warnings), on the caller's context.
 */
function executeThrough(server: ApolloServer<GatewayContext>, schema: GraphQLSchema) {
  return async (args: ExecutionArgs): Promise<ExecutionResult> => {
    const { req, res } = args.contextValue as RestCall;
    const context = res.locals[contextKey] as GatewayContext;
    const { operation, field } = rootFieldOf(args);
    const [repeated] = repeatedSingleValues(schema, operation, req.query as Record<string, unknown>);
    if (repeated) {
      const refusal = badInput(`Give ${repeated} once: it takes one value`, {
        fields: [{ field: repeated, problems: [`${repeated} is given more than once`] }],
      });
      return { errors: [refusal.toGraphQLError()] };
    }
    const body = jsonBodyOf(req);
    // Without a body every argument came from the path and the query string, as text.
    const given =
      req.method === "GET" || req.method === "DELETE"
        ? variablesFromQueryString(schema, operation, args.variableValues ?? {})
        : { ...(args.variableValues ?? {}) };
    let variables: Record<string, unknown>;
    try {
      variables = withIdempotencyKey(
        field.name.value,
        withFlatInput(operation, given, body),
        req.header("idempotency-key"),
      );
    } catch (error) {
      if (error instanceof AppError) return { errors: [error.toGraphQLError()] };
      throw error;
    }
    const response = await server.executeOperation(
      {
        query: args.document,
        variables,
        operationName: args.operationName ?? undefined,
        http: httpRequestOf(req, body),
      },
      { contextValue: context },
    );
    for (const [name, value] of response.http.headers) res.setHeader(name, value);
    if (response.body.kind !== "single") throw new Error("Unexpected incremental response");
    const result = response.body.singleResult;
    if (result.errors?.length) return { errors: result.errors } as unknown as ExecutionResult;
    const data = result.data as Record<string, unknown> | null | undefined;
    const value = data?.[field.name.value];
    const rootType = operation.operation === "query" ? schema.getQueryType() : schema.getMutationType();
    const fieldType = rootType?.getFields()[field.name.value]?.type;
    if (value === null && fieldType && isNullableType(fieldType)) {
      const id = String(
        variables.id ?? Object.values(variables).find((variable) => typeof variable === "string") ?? "",
      );
      const entity = getNamedType(fieldType).name;
      return { errors: [new AppError("NOT_FOUND", `${entity} ${id} not found`, { entity, id }).toGraphQLError()] };
    }
    const links = pageLinks(req, value);
    if (links) res.setHeader("link", links);
    return { data: data ?? null };
  };
}

/**
 * `/api/v1`: REST routes generated by SOFA from the served GraphQL schema (The Guild's
 * maintained generator: routes, parameter parsing and the OpenAPI description come from the
 * schema itself, so the two surfaces cannot drift). Every call authenticates as /graphql does
 * and runs through the same server; errors answer `{ error: { code, message, details } }`.
 */
export function restApi({ server, schema: served, contextFor, maxBodyBytes, log }: RestApiDeps): express.Router {
  const schema = restSchemaOf(served);
  const generated = buildRestRouter({
    schema,
    context: ({ req, res }) => ({ req, res }) as RestCall,
    execute: executeThrough(server, schema),
    errorHandler: (errors) => {
      const error = restErrorOf(errors);
      // A fault of ours (an Error thrown, not a GraphQL error with a code): the caller gets a
      // plain 500, the log gets what happened.
      if (error.status === 500) log.error({ err: errors[0] }, "REST call failed");
      return Response.json(error.body, {
        status: error.status,
        statusText: STATUS_CODES[error.status],
        headers: restErrorHeaders(error),
      });
    },
  });
  // Built once: the routes are all registered by now, and the schema they came from is fixed.
  const document = openApiDocumentOf(generated.openAPIDocument, schema);

  const router = express.Router();
  // The document is public, so it is answered before the credentials are asked for.
  router.use(openApiRoute(document));
  // SOFA's subscription webhooks would make the gateway call any URL a caller names.
  router.all(`${restBasePath}/webhook{/*rest}`, (req, res) => send(res, nothingAt(req.method, req.path)));
  router.use(
    restBasePath,
    // Read as text within the limit, for SOFA to parse: its router reads the body itself and
    // cannot see one express already parsed.
    express.text({ type: () => true, limit: maxBodyBytes }),
    async (req, res, next) => {
      try {
        res.locals[contextKey] = await contextFor(req, res);
        next();
      } catch (error) {
        if (error instanceof AppError) send(res, restError(error.httpStatus, error.code, error.message, error.details));
        else next(error);
      }
    },
    // Express deprecates handlers returning a foreign thenable, which the router's adapter does.
    async (req: Request, res: ExpressResponse, next: NextFunction) => {
      // Not for the generated routes: another spelling of the base (express matched it ignoring
      // case; the routes do not, and would answer an empty 404), and fets' own 3.0 document and
      // Swagger UI page, never ours to serve.
      const fetsOwn = fetsInternalPaths.includes(req.path.replace(/\/+$/, ""));
      if (fetsOwn || !req.originalUrl.startsWith(`${restBasePath}/`)) {
        return send(res, nothingAt(req.method, req.originalUrl));
      }
      await generated(req, res, next);
    },
  );
  // Bodies the reader refused (over the limit, an unknown charset), in the REST error shape;
  // anything else goes on to the gateway's own handler, which logs it.
  router.use(restBasePath, ((error, _req, res, next) => {
    const refusal = bodyReadRefusal(error, res);
    if (!refusal) return next(error);
    send(res, restError(refusal.status, "BAD_USER_INPUT", refusal.message));
  }) as ErrorRequestHandler);
  return router;
}
