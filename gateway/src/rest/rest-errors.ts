import type { GraphQLFormattedError } from "graphql";
import { errorStatus, type ErrorCode } from "../../../subgraphs/core/src/errors";

/** The REST error body: one error, Stripe-like, with the same codes GraphQL answers with. */
export interface RestErrorBody {
  error: { code: string; message: string; details: Record<string, unknown> };
}

export interface RestError {
  status: number;
  body: RestErrorBody;
  /** Seconds a refused caller should wait (429 and 503 answers). */
  retryAfter?: number;
}

/** Extension keys that are transport plumbing, not details a client acts on. */
const plumbing = new Set(["code", "http", "stacktrace", "exception", "serviceName"]);

/**
 * The status a code means over REST. GraphQL's table, with one split: BAD_USER_INPUT from
 * execution means the request was well formed but its values were refused (422); SOFA's own
 * parse errors (unreadable JSON or parameters) come without a code and are a plain 400.
 */
function statusOf(code: string | undefined, parseStatus: unknown): { code: string; status: number } {
  if (code === undefined) {
    // SOFA marks its own parse errors with their 4xx; anything else without a code is a fault of ours.
    const parsed = typeof parseStatus === "number" && parseStatus >= 400 && parseStatus < 500;
    return parsed ? { code: "BAD_USER_INPUT", status: parseStatus } : { code: "INTERNAL_SERVER_ERROR", status: 500 };
  }
  if (code === "BAD_USER_INPUT") return { code, status: 422 };
  if (code in errorStatus) return { code, status: errorStatus[code as ErrorCode] };
  // Apollo's own codes for an operation it could not take (never ours to generate, but named).
  if (code === "GRAPHQL_VALIDATION_FAILED" || code === "GRAPHQL_PARSE_FAILED" || code === "BAD_REQUEST") {
    return { code: "BAD_USER_INPUT", status: 400 };
  }
  return { code: "INTERNAL_SERVER_ERROR", status: 500 };
}

/** GraphQL errors (from execution or from SOFA's parsing) as one REST error answer. */
export function restErrorOf(errors: readonly GraphQLFormattedError[]): RestError {
  const [first] = errors;
  const extensions = (first?.extensions ?? {}) as Record<string, unknown>;
  const http = extensions.http as { status?: unknown } | undefined;
  const { code, status } = statusOf(typeof extensions.code === "string" ? extensions.code : undefined, http?.status);
  const details: Record<string, unknown> = {};
  if (status !== 500)
    for (const [key, value] of Object.entries(extensions)) if (!plumbing.has(key)) details[key] = value;
  if (errors.length > 1) {
    details.errors = errors.map((error) => ({ code: error.extensions?.code ?? null, message: error.message }));
  }
  const retryAfter = typeof extensions.retryAfter === "number" ? extensions.retryAfter : undefined;
  return {
    status,
    body: { error: { code, message: status === 500 ? "Internal server error" : (first?.message ?? ""), details } },
    retryAfter: retryAfter ?? (status === 503 ? 5 : undefined),
  };
}

/** An error the REST layer raises itself (before any operation runs), in the same shape. */
export function restError(status: number, code: ErrorCode, message: string, details = {}): RestError {
  return { status, body: { error: { code, message, details } } };
}

/** No route serves this method and path under the base. */
export const nothingAt = (method: string, path: string): RestError =>
  restError(404, "NOT_FOUND", `Nothing is served at ${method} ${path.slice(0, 200)}`);

/** The headers an error answer carries besides its body: when to come back, if it says. */
export const restErrorHeaders = (error: RestError): Record<string, string> =>
  error.retryAfter === undefined ? {} : { "retry-after": String(error.retryAfter) };
