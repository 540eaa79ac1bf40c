import express, { type Request, type Response } from "express";
import { AppError } from "../../../core/src/errors";
import type { Logger } from "../../../core/src/logger";

/**
 * Only what a sign-in needs: passwords and tokens are short. PostgreSQL cannot store a NUL in
 * text, so a string holding one is refused as malformed JSON (400) before any query sees it.
 */
export const jsonBody = express.json({
  limit: "16kb",
  reviver: (_key, value: unknown) => {
    if (typeof value === "string" && value.includes("\u0000")) throw new SyntaxError("NUL in a string");
    return value;
  },
});

/** The REST error shape (`{ error: { code, message, details } }`) with the status the code means. */
function sendError(res: Response, error: AppError): void {
  const { retryAfter, ...details } = error.details;
  if (typeof retryAfter === "number") res.setHeader("Retry-After", String(retryAfter));
  res.status(error.httpStatus).json({ error: { code: error.code, message: error.message, details } });
}

/**
 * An Express handler around `work`: its answer as JSON (204 when it has none), an AppError
 * as the REST error shape, anything else logged and answered 503.
 */
export const restHandler =
  (log: Logger) =>
  (work: (req: Request, res: Response) => Promise<unknown>, status = 200) =>
  async (req: Request, res: Response) => {
    // Tokens must not be kept by browsers or proxies.
    res.setHeader("Cache-Control", "no-store");
    try {
      const body = await work(req, res);
      if (body === undefined) res.status(204).end();
      else res.status(status).json(body);
    } catch (error) {
      if (error instanceof AppError) return sendError(res, error);
      log.error({ err: error, path: req.path }, "auth route failed");
      sendError(res, new AppError("SERVICE_UNAVAILABLE", "Signing in is unavailable, retry shortly"));
    }
  };

/**
 * The caller's address: what sign-ins are throttled by, beside the account. req.ip follows
 * OMNI_TRUST_PROXY_HOPS (the gateway's "trust proxy"): behind a proxy, every sign-in would
 * otherwise come from the proxy's address and share one throttle.
 */
export const addressOf = (req: Request): string => req.ip ?? req.socket.remoteAddress ?? "unknown";

/** The token of `Authorization: Bearer <token>`, or UNAUTHENTICATED. */
export function bearerTokenOf(req: Request): string {
  const match = /^Bearer[ ]+(\S+)\s*$/i.exec(req.header("authorization") ?? "");
  if (!match) throw new AppError("UNAUTHENTICATED", "Send the access token: `Authorization: Bearer <token>`");
  return match[1]!;
}
