import { GraphQLError } from "graphql";

/** Every error code a client can see, with the HTTP status it maps to when it ends a request. */
export const errorStatus = {
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  BAD_USER_INPUT: 400,
  NOT_FOUND: 404,
  CONFLICT: 409,
  INVALID_STATE_TRANSITION: 409,
  INSUFFICIENT_STOCK: 409,
  /** An idempotency key sent again with a different request (Stripe answers an idempotency_error). */
  IDEMPOTENCY_KEY_REUSED: 409,
  RATE_LIMITED: 429,
  QUERY_TOO_COMPLEX: 400,
  SERVICE_UNAVAILABLE: 503,
  INTERNAL_SERVER_ERROR: 500,
} as const;

export type ErrorCode = keyof typeof errorStatus;

export type ErrorDetails = Record<string, unknown>;

export class AppError extends Error {
  override name = "AppError";

  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details: ErrorDetails = {},
  ) {
    super(message);
  }

  get httpStatus(): number {
    return errorStatus[this.code];
  }

  /**
   * `http` is read by Apollo Server to set the response status when the error ends the
   * request before execution, and is stripped from the body it sends.
   */
  toGraphQLError(): GraphQLError {
    return new GraphQLError(this.message, {
      extensions: { ...this.details, code: this.code, http: { status: this.httpStatus } },
    });
  }
}

/** The one message for any key problem: it never says which key was wrong. */
export const unauthenticatedMessage = "Missing or invalid API key";

export const unauthenticated = (): AppError => new AppError("UNAUTHENTICATED", unauthenticatedMessage);
export const forbidden = (message = "Access denied"): AppError => new AppError("FORBIDDEN", message);
export const notFound = (entity: string, id: string): AppError =>
  new AppError("NOT_FOUND", `${entity} ${id} not found`, { entity, id });
export const badInput = (message: string, details: ErrorDetails = {}): AppError =>
  new AppError("BAD_USER_INPUT", message, details);

/** What a row's `lastError`/`error` column keeps of a failure: its message, bounded. */
export const failureText = (error: unknown, maxLength = 1000): string =>
  (error instanceof Error ? error.message : String(error)).slice(0, maxLength);
