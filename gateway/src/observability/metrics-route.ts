import { createHash, timingSafeEqual } from "node:crypto";
import { Router, type Request } from "express";
import { AppError } from "../../../subgraphs/core/src/errors";
import type { Logger } from "../../../subgraphs/core/src/logger";
import type { GatewayMetrics } from "./metrics";

const loopback = /^(127\.\d{1,3}\.\d{1,3}\.\d{1,3}|::1|::ffff:127\.\d{1,3}\.\d{1,3}\.\d{1,3})$/;

/**
 * `GET /metrics` in the Prometheus text format. With `OMNI_METRICS_TOKEN` set it requires
 * `Authorization: Bearer <token>`; without one it answers only callers on this machine that
 * come directly, since a reverse proxy on the same host would otherwise make every outside
 * request look local (a proxied request carries Forwarded/X-Forwarded-For).
 */
export function metricsRoute(metrics: GatewayMetrics, token: string | undefined, log: Logger): Router {
  const router = Router();
  router.get("/metrics", async (req, res) => {
    const refusal = token ? checkToken(req, token) : checkLocal(req);
    if (refusal) {
      if (refusal.status === 401) res.setHeader("www-authenticate", 'Bearer realm="metrics"');
      res.status(refusal.status).json({ error: refusal.error });
      return;
    }
    try {
      const body = await metrics.render();
      res.setHeader("content-type", metrics.contentType);
      res.setHeader("cache-control", "no-store");
      res.send(body);
    } catch (error) {
      log.error({ err: error, requestId: res.locals.requestId }, "rendering metrics failed");
      // SERVICE_UNAVAILABLE (503): gateway workers whose aggregate did not come; worth retrying.
      res.status(error instanceof AppError ? error.httpStatus : 500).json({ error: "metrics_unavailable" });
    }
  });
  return router;
}

function checkToken(req: Request, token: string): { status: number; error: string } | undefined {
  const given = /^Bearer\s+(\S+)$/i.exec(req.header("authorization") ?? "")?.[1];
  if (!given) return { status: 401, error: "bearer_token_required" };
  // Hashing first gives equal lengths, so the comparison time says nothing about the token.
  const digest = (value: string) => createHash("sha256").update(value).digest();
  return timingSafeEqual(digest(given), digest(token)) ? undefined : { status: 401, error: "invalid_token" };
}

function checkLocal(req: Request): { status: number; error: string } | undefined {
  const direct = !req.header("forwarded") && !req.header("x-forwarded-for");
  return direct && loopback.test(req.socket.remoteAddress ?? "")
    ? undefined
    : { status: 403, error: "metrics_are_local_only_without_OMNI_METRICS_TOKEN" };
}
