import type { Request } from "express";
import type { BucketSettings } from "../../../subgraphs/core/src/config";
import type { InboundWebhookLimits } from "../../../subgraphs/core/src/module/definition";
import { secondsUntilAvailable, type BucketStore } from "./leaky-bucket";

/**
 * Each store connection gets its own bucket of deliveries on the webhook shims (one point
 * per delivery), so a store flooding us cannot starve the others. Stores retry a 429 later,
 * so a delivery refused here is delayed, not lost.
 *
 * A connection's bucket is charged only once the delivery's signature proved who sent it:
 * charged before, by the shop or connection the caller merely claims, anyone could empty a
 * shop's bucket with unsigned posts and have its real deliveries refused. Forged deliveries
 * are as much load as genuine ones (WooCommerce's check reads the connection from the
 * database), so they spend a bucket of their own, per caller address.
 */
export function webhookRateLimits(store: BucketStore, settings: BucketSettings): InboundWebhookLimits {
  const addressBucket = (req: Request) => `webhook-unverified:${req.socket.remoteAddress ?? ""}`;
  return {
    screenCaller: (req, res, next) => {
      // Cost 0 spends nothing and reports what is left: a caller is refused only once its
      // failures have emptied the bucket.
      store.take(addressBucket(req), settings, 0).then((result) => {
        if (result.available >= 1) return next();
        const retryAfter = secondsUntilAvailable(result, 1);
        res.setHeader("retry-after", String(retryAfter));
        res.status(429).json({ error: "rate_limited", retryAfter });
      }, next);
    },
    chargeUnverified: async (req) => {
      await store.take(addressBucket(req), settings, 1);
    },
    admitStore: async (connectionId) => {
      const result = await store.take(`webhook:connection:${connectionId}`, settings, 1);
      return result.allowed ? null : { retryAfter: secondsUntilAvailable(result, 1) };
    },
  };
}
