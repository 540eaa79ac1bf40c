import { ApolloServerErrorCode } from "@apollo/server/errors";
import type { GraphQLFormattedError } from "graphql";
import { errorStatus } from "../../../subgraphs/core/src/errors";

export const maskedMessage = "Internal server error";

/** Codes whose messages are written for clients: ours and Apollo's request errors. */
const publicCodes = new Set<string>(
  [...Object.keys(errorStatus), ...Object.values(ApolloServerErrorCode), "INTROSPECTION_DISABLED"].filter(
    (code) => code !== "INTERNAL_SERVER_ERROR",
  ),
);

export const isPublic = (error: { extensions?: Record<string, unknown> | undefined }) =>
  publicCodes.has(String(error.extensions?.code));

/** graphql's hints in validation and coercion errors, which name the schema's fields, types and enum values. */
const suggestion = / ?Did you mean [^?]*\?/g;

/**
 * Apollo's `formatError`, which the subscription server applies too: what a client sees of
 * an error, over HTTP and WebSocket alike.
 *
 * - In production every error without a client-facing code (anything the gateway or a
 *   subgraph did not raise on purpose: driver and planner failures, network errors to a
 *   subgraph) answers "Internal server error" with no detail, since its message may hold
 *   SQL, file paths or internal URLs. The full error is logged by `internalErrorLog`.
 * - Without `schemaHints` (wherever introspection is off), "Did you mean …?" is cut from
 *   messages: a misspelt field would otherwise list the schema a name at a time.
 *   (Apollo's `hideSchemaDetailsFromClientErrors` only reaches validation errors over HTTP.)
 */
export function clientFacingErrors(options: { production: boolean; schemaHints: boolean }) {
  const mask = maskInternalErrors(options.production);
  return (formatted: GraphQLFormattedError, error?: unknown): GraphQLFormattedError => {
    const masked = mask(formatted, error);
    return options.schemaHints ? masked : { ...masked, message: masked.message.replace(suggestion, "") };
  };
}

/**
 * Apollo refuses a few requests itself with a 4xx status and no code (an unsupported
 * persisted query version), and its formatting fills in INTERNAL_SERVER_ERROR: the status
 * already says the request was wrong, so the code says it too.
 */
function withRequestErrorCode(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  if (formatted.extensions?.code !== "INTERNAL_SERVER_ERROR" || !isRefusedRequest(error)) return formatted;
  return { ...formatted, extensions: { ...formatted.extensions, code: ApolloServerErrorCode.BAD_REQUEST } };
}

export function isRefusedRequest(error: unknown): boolean {
  const status = (error as { extensions?: { http?: { status?: unknown } } } | null)?.extensions?.http?.status;
  return typeof status === "number" && status >= 400 && status < 500;
}

function maskInternalErrors(production: boolean) {
  return (raw: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const formatted = withRequestErrorCode(raw, error);
    if (!production) return formatted;
    if (isPublic(formatted)) {
      const { stacktrace: _stacktrace, exception: _exception, ...extensions } = formatted.extensions ?? {};
      return { ...formatted, extensions };
    }
    return {
      message: maskedMessage,
      ...(formatted.locations && { locations: formatted.locations }),
      ...(formatted.path && { path: formatted.path }),
      extensions: { code: "INTERNAL_SERVER_ERROR" },
    };
  };
}
