import type http from "node:http";
import type { Duplex } from "node:stream";
import type { ErrorRequestHandler, RequestHandler, Response } from "express";
import type { Logger } from "../../subgraphs/core/src/logger";

/**
 * What a body reader's refusal tells the client (unparseable JSON, a body over the limit, an
 * unknown charset or encoding): its 4xx status and a message fit to show; undefined for any
 * other error. The rest of an oversized body is never read: a client reusing this connection
 * for its next request would see that request reset, so it is told to open a new one.
 */
export function bodyReadRefusal(error: unknown, res: Response): { status: number; message: string } | undefined {
  const { status, type, message, expose } = error as {
    status?: unknown;
    type?: unknown;
    message?: unknown;
    expose?: unknown;
  };
  if (typeof status !== "number" || status < 400 || status >= 500) return undefined;
  if (type === "entity.too.large") {
    res.setHeader("connection", "close");
    return { status, message: "The request body is too large" };
  }
  if (type === "entity.parse.failed") return { status, message: "The request body is not valid JSON" };
  return { status, message: expose === false ? "Bad request" : String(message ?? "Bad request") };
}

/**
 * Errors raised before GraphQL sees the request (unparseable JSON, a body over the
 * limit) answer in GraphQL's error shape instead of express's HTML page, which would
 * carry a stack trace.
 */
export function httpErrorHandler(log: Logger): ErrorRequestHandler {
  return (error: unknown, _req, res, next) => {
    if (res.headersSent) return next(error);
    const refusal = bodyReadRefusal(error, res);
    if (!refusal) log.error({ err: error, requestId: res.locals.requestId }, "unhandled HTTP error");
    const { status, message } = refusal ?? { status: 500, message: "Internal server error" };
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
