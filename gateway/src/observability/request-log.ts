import { randomUUID } from "node:crypto";
import type { RequestHandler, Response } from "express";
import { requestHeadersLogger, type Logger } from "../../../subgraphs/core/src/logger";
import type { GatewayContext } from "../context";

const requestIdPattern = /^[A-Za-z0-9._-]{1,64}$/;
// Probes and scrapes hit these every few seconds: a line each would bury the traffic.
const quietWhenFine = new Set(["/health", "/ready", "/metrics"]);

// Apollo hands each operation a shallow copy of the context: the record rides along under a symbol.
const recordKey = Symbol("requestRecord");
type TrackedContext = GatewayContext & { [recordKey]?: RequestRecord };

/** What the GraphQL layer learns about an HTTP request, for its log line. */
export interface RequestRecord {
  clientAppId: string | null;
  clientId: string | null;
  /** Operation names in the order served (several for a batched request). */
  operations: string[];
  errorCodes: string[];
}

/**
 * One JSON log line per HTTP request when its response is done: request id (taken from a
 * well-formed `x-request-id` or generated, and echoed back), method, path without the query
 * string (it may carry OAuth codes), status, duration, and what the GraphQL layer recorded:
 * client app and client, operation names, error codes. Failed requests also carry their
 * headers, with keys and tokens redacted by the logger.
 */
export class RequestLog {
  private readonly log: Logger;

  constructor(log: Logger) {
    // Its lines hold no caller-given object but the failed request's headers.
    this.log = requestHeadersLogger(log);
  }

  readonly middleware: RequestHandler = (req, res, next) => {
    const startedAt = performance.now();
    const given = req.header("x-request-id");
    const requestId = given && requestIdPattern.test(given) ? given : randomUUID();
    res.locals.requestId = requestId;
    res.setHeader("x-request-id", requestId);
    const record: RequestRecord = { clientAppId: null, clientId: null, operations: [], errorCodes: [] };
    res.locals.requestRecord = record;
    res.once("close", () => {
      const status = res.statusCode;
      if (status < 400 && res.writableFinished && quietWhenFine.has(req.path)) return;
      const line = {
        requestId,
        method: req.method,
        path: req.originalUrl.split("?", 1)[0],
        status,
        durationMs: Math.round((performance.now() - startedAt) * 10) / 10,
        ...(!res.writableFinished && { aborted: true }),
        clientAppId: record.clientAppId ?? undefined,
        clientId: record.clientId ?? undefined,
        operationName: record.operations.length > 0 ? record.operations.join(",") : undefined,
        errorCodes: record.errorCodes.length > 0 ? [...new Set(record.errorCodes)] : undefined,
        ...(status >= 400 && { req: { headers: req.headers } }),
      };
      if (status >= 500) this.log.error(line, "request failed");
      else this.log.info(line, "request completed");
    });
    next();
  };

  /**
   * Ties a GraphQL context, fresh for this request, to its HTTP request, so operations run with
   * it land on that request's line. The record is set on the context itself: a copy spread with
   * a symbol key cost ten times as much, on every request.
   */
  attach(res: Response, context: GatewayContext): GatewayContext {
    const record = res.locals.requestRecord as RequestRecord | undefined;
    if (!record) return context;
    record.clientAppId = context.auth.clientAppId;
    record.clientId = context.auth.clientId;
    (context as TrackedContext)[recordKey] = record;
    return context;
  }

  /** A request refused before it had a context (a bad key): its code still goes on the line. */
  noteError(res: Response, code: string): void {
    (res.locals.requestRecord as RequestRecord | undefined)?.errorCodes.push(code);
  }

  /** The HTTP request an operation belongs to; undefined for the gateway's own operations (subscription payloads). */
  recordFor(context: GatewayContext): RequestRecord | undefined {
    return (context as TrackedContext)[recordKey];
  }
}
