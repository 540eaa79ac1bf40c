import { GraphQLError, type GraphQLFormattedError } from "graphql";
import { PrismaClientKnownRequestError } from "@prisma/client/runtime/client";
import { ArgumentValidationError } from "type-graphql";
import { AppError, type ErrorCode } from "../errors";
import type { Logger } from "../logger";

const maskedMessage = "Internal server error";

/**
 * What a client may see of an error raised while executing: our AppErrors and GraphQL's
 * own validation errors keep their message and code; database constraint errors become
 * CONFLICT/NOT_FOUND; anything else is logged in full and masked.
 */
export function toClientError(error: GraphQLError, log: Logger, requestId: string): GraphQLFormattedError {
  const cause = error.originalError;
  const located = { locations: error.locations, path: error.path };
  if (!cause) return error.toJSON();
  if (cause instanceof AppError) {
    return { message: cause.message, ...located, extensions: { ...cause.details, code: cause.code } };
  }
  if (cause instanceof ArgumentValidationError) {
    const fields = cause.extensions.validationErrors.map((v) => ({
      field: v.property,
      problems: Object.values(v.constraints ?? {}),
    }));
    return { message: "Invalid input", ...located, extensions: { code: "BAD_USER_INPUT", fields } };
  }
  // The cause's code, in GraphQL's message around the cause's: it names the variable that held the value.
  if (cause instanceof GraphQLError) return { ...cause.toJSON(), message: error.message };
  if (cause instanceof PrismaClientKnownRequestError) {
    const mapped = fromPrismaError(cause);
    if (mapped) return { message: mapped.message, ...located, extensions: { code: mapped.code } };
  }
  log.error({ err: cause, requestId, path: error.path }, "unhandled error in resolver");
  return { message: maskedMessage, ...located, extensions: { code: "INTERNAL_SERVER_ERROR" } };
}

function fromPrismaError(error: PrismaClientKnownRequestError): { code: ErrorCode; message: string } | null {
  switch (error.code) {
    case "P2002":
      return { code: "CONFLICT", message: "A record with the same unique value already exists" };
    case "P2003":
      return { code: "CONFLICT", message: "The record is still referenced by, or refers to, another record" };
    case "P2007":
      // A made-up id reaching a uuid column: the caller's input, not our failure.
      return { code: "BAD_USER_INPUT", message: "An id in the request is not a valid id" };
    case "P2025":
      return { code: "NOT_FOUND", message: "Record not found" };
    case "P2028":
      return { code: "SERVICE_UNAVAILABLE", message: "The service is busy; retry the request shortly" };
    case "P2034":
      return { code: "CONFLICT", message: "The request collided with a concurrent change; retry it" };
    default:
      return null;
  }
}
