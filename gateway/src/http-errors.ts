import type http from "node:http";
import type { Duplex } from "node:stream";
import type { ErrorRequestHandler, RequestHandler } from "express";
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
    // The rest of an oversized body is never read: a client reusing this connection for its
    // next request would see that request reset, so it is told to open a new one.
    if (error.type === "entity.too.large") res.setHeader("connection", "close");
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

/** Any path no route serves: a typed JSON answer instead of express's HTML page. */
export const notFoundHandler: RequestHandler = (req, res) => {
  res.status(404).json({
    errors: [
      { message: `Nothing is served at ${req.method} ${req.path.slice(0, 200)}`, extensions: { code: "NOT_FOUND" } },
    ],
  });
};

/**
 * Requests Node's HTTP parser itself refuses (a malformed request line, headers over 16 KB)
 * never reach express: they get the same typed JSON answer, then the connection closes.
 */
export function answerClientErrors(server: http.Server): void {
  server.on("clientError", (error: NodeJS.ErrnoException, socket: Duplex) => {
    if (!socket.writable) return;
    const tooLarge = error.code === "HPE_HEADER_OVERFLOW";
    const body = JSON.stringify({
      errors: [
        {
          message: tooLarge ? "The request headers are too large" : "The request is not valid HTTP",
          extensions: { code: "BAD_REQUEST" },
        },
      ],
    });
    socket.end(
      `HTTP/1.1 ${tooLarge ? "431 Request Header Fields Too Large" : "400 Bad Request"}\r\n` +
        `content-type: application/json; charset=utf-8\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`,
    );
  });
}
