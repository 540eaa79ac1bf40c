import express, { Router, type Request, type Response } from "express";
import type { RouteDeps } from "../../../core/src/module/definition";
import { isDatabaseUnavailable } from "../../../core/src/subgraph/database-unavailable";
import {
  appRedirectUrl,
  completeShopifyConnection,
  shopifyCallbackPath,
  shopifyWebhookPaths,
} from "../services/shopify";
import {
  receiveShopifyDelivery,
  receiveWooCommerceDelivery,
  type DeliveryOutcome,
  type InboundDelivery,
} from "../services/webhook-receipts";
import { wooCommerceWebhookPaths } from "../services/woocommerce";

/**
 * The REST side of the integrations: stores and browsers calling us outside GraphQL. The
 * routes only translate HTTP; the integrations services decide.
 */
export function storeRoutes({ prisma, webhookLimits, ...deps }: RouteDeps): Router {
  const router = Router();
  // The merchant's browser, back from Shopify's consent screen: always a redirect to the app.
  router.get(shopifyCallbackPath, async (req, res) => {
    const query = new URL(req.originalUrl, "http://callback.invalid").searchParams;
    const outcome = await completeShopifyConnection(prisma, deps, query).catch((error: unknown) => {
      deps.log.error({ err: error }, "Shopify callback failed");
      return { ok: false as const, error: "internal_error" as const };
    });
    res.redirect(302, appRedirectUrl(deps.config, outcome));
  });

  // Signatures cover the exact bytes sent, so these routes read the body raw, whatever its type.
  const rawBody = express.raw({ type: "*/*", limit: "1mb" });
  const delivery = (req: Request): InboundDelivery => ({
    body: Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0),
    header: (name) => req.header(name),
  });
  const answer = (req: Request, res: Response, outcome: DeliveryOutcome) => {
    if (outcome.kind === "rejected") {
      // Charged before answering, so a flood of forged posts is refused from the very next one.
      return webhookLimits.chargeUnverified(req).then(
        () => res.status(401).json({ error: outcome.reason }),
        (error: unknown) => {
          deps.log.warn({ err: error }, "Charging an unverified webhook caller failed");
          res.status(401).json({ error: outcome.reason });
        },
      );
    }
    if (outcome.kind === "invalid") res.status(400).json({ error: outcome.reason });
    else if (outcome.kind === "throttled") {
      res.setHeader("retry-after", String(outcome.retryAfter));
      res.status(429).json({ error: "rate_limited", retryAfter: outcome.retryAfter });
    } else res.status(200).json({ ok: true });
  };
  const failed = (res: Response, platform: string) => (error: unknown) => {
    // Not a 2xx: the store keeps the delivery and sends it again (sooner for a 503 with Retry-After).
    if (isDatabaseUnavailable(error)) {
      deps.log.warn({ err: error, platform }, "Storing a store webhook failed: the database is unreachable");
      res.status(503).setHeader("retry-after", "5").json({ error: "service_unavailable" });
      return;
    }
    deps.log.error({ err: error, platform }, "Storing a store webhook failed");
    res.status(500).json({ error: "internal_error" });
  };
  // Verified first, then counted against the store's own bucket (admitStore): see webhook-limit.ts.
  // One handler for each platform on all its paths: the aliases verify, limit and dedupe alike.
  // The /api/v1 aliases answer here, before the REST router (mounted later) would ask for keys.
  router.post([...shopifyWebhookPaths], webhookLimits.screenCaller, rawBody, (req, res) => {
    receiveShopifyDelivery(prisma, deps, delivery(req), webhookLimits.admitStore).then(
      (outcome) => answer(req, res, outcome),
      failed(res, "shopify"),
    );
  });
  router.post(
    wooCommerceWebhookPaths.map((path) => `${path}/:connectionId`),
    webhookLimits.screenCaller,
    rawBody,
    (req, res) => {
      const { connectionId } = req.params as { connectionId: string };
      receiveWooCommerceDelivery(prisma, deps, connectionId, delivery(req), webhookLimits.admitStore).then(
        (outcome) => answer(req, res, outcome),
        failed(res, "woocommerce"),
      );
    },
  );
  return router;
}
