import {
  getOperationAST,
  GraphQLError,
  NoSchemaIntrospectionCustomRule,
  parse,
  specifiedRules,
  validate,
  type ExecutionArgs,
  type GraphQLSchema,
} from "graphql";
import type { SubscribePayload } from "graphql-ws";
import type { OperationLimits } from "../../../subgraphs/core/src/config";
import { AppError } from "../../../subgraphs/core/src/errors";
import { enforceOperationLimits, enforceTokenLimit } from "./check";

/** Validation over WebSocket, as Apollo Server's over HTTP: introspection only where it is on. */
const withoutIntrospection = [...specifiedRules, NoSchemaIntrospectionCustomRule];

/**
 * graphql-ws's `onSubscribe`: the same limits as `/graphql` (tokens before parsing, then
 * input nesting, depth, aliases, root fields, list sizes and cost) before the subscription
 * starts. What passes goes on as execution arguments, so the document is parsed and
 * validated once. Queries and mutations are refused: the schema served here resolves only
 * subscriptions (a query would fail inside), and HTTP is where they are planned and metered.
 */
export function checkSubscription(
  schema: GraphQLSchema,
  payload: SubscribePayload,
  limits: OperationLimits,
  options: { introspection: boolean },
): ExecutionArgs | readonly GraphQLError[] {
  try {
    enforceTokenLimit(payload.query, limits);
    const document = parse(payload.query);
    const errors = validate(schema, document, options.introspection ? specifiedRules : withoutIntrospection);
    if (errors.length > 0) return errors;
    const operation = getOperationAST(document, payload.operationName);
    if (!operation) return [new GraphQLError("Unable to identify operation")];
    if (operation.operation !== "subscription") {
      const kind = operation.operation === "query" ? "queries" : "mutations";
      const message = `Only subscriptions are served over WebSocket: send ${kind} over HTTP (POST to this same URL)`;
      return [new GraphQLError(message, { extensions: { code: "BAD_REQUEST" } })];
    }
    enforceOperationLimits(schema, document, operation, payload.variables ?? undefined, limits);
    return { schema, document, operationName: payload.operationName, variableValues: payload.variables };
  } catch (error) {
    // Over WebSocket there is no HTTP status to carry: only the code and the figures.
    if (error instanceof AppError) {
      return [new GraphQLError(error.message, { extensions: { ...error.details, code: error.code } })];
    }
    if (error instanceof GraphQLError) return [error];
    throw error;
  }
}
