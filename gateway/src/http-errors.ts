import type { ErrorRequestHandler } from "express";
import type { Logger } from "../../subgraphs/core/src/logger";

/**
 * Errors raised before GraphQL sees the request (unparseable JSON, a body over the
 * limit) answer in GraphQL's error shape instead of express's HTML page, which would
 * carry a stack trace.
 */
export function httpErrorHandler(log: Logger): ErrorRequestHandler {
  return (error: { status?: unknown; type?: unknown; message?: unknown }, _req, res, next) => {
    if (res.headersSent) return next(error);
    const status = typeof error.status === "number" && error.status >= 400 && error.status < 500 ? error.status : 500;
    if (status === 500) log.error({ err: error, requestId: res.locals.requestId }, "unhandled HTTP error");
    const message =
      error.type === "entity.parse.failed"
        ? "The request body is not valid JSON"
        : error.type === "entity.too.large"
          ? "The request body is too large"
          : status === 500
            ? "Internal server error"
            : String(error.message ?? "Bad request");
    res.status(status).json({
      errors: [{ message, extensions: { code: status === 500 ? "INTERNAL_SERVER_ERROR" : "BAD_REQUEST" } }],
    });
  };
}
