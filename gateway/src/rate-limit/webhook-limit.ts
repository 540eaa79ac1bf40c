import type { Request, RequestHandler } from "express";
import type { BucketSettings } from "../../../subgraphs/core/src/config";
import { secondsUntilAvailable, type BucketStore } from "./leaky-bucket";

export interface WebhookRateLimits {
  /** Per shop, by `X-Shopify-Shop-Domain`. */
  shopify: RequestHandler;
  /** Per connection, by the `:connectionId` of the route. */
  woocommerce: RequestHandler<{ connectionId: string }>;
}

/**
 * Each store connection gets its own bucket of deliveries on the webhook shims (one point
 * per delivery), so a store flooding us cannot starve the others. Stores retry a 429 later,
 * so a delivery refused here is delayed, not lost. Deliveries are counted before their
 * signature is checked: WooCommerce's check itself reads the connection from the database,
 * and forged deliveries are as much load as genuine ones.
 */
export function webhookRateLimits(store: BucketStore, settings: BucketSettings): WebhookRateLimits {
  const limit =
    <Params>(bucketOf: (req: Request<Params>) => string): RequestHandler<Params> =>
    (req, res, next) => {
      store.take(`webhook:${bucketOf(req)}`, settings, 1).then((result) => {
        if (result.allowed) return next();
        const retryAfter = secondsUntilAvailable(result, 1);
        res.setHeader("retry-after", String(retryAfter));
        res.status(429).json({ error: "rate_limited", retryAfter });
      }, next);
    };
  return {
    shopify: limit((req) => `shopify:${req.header("x-shopify-shop-domain")?.trim().toLowerCase() ?? ""}`),
    woocommerce: limit<{ connectionId: string }>((req) => `woocommerce:${req.params.connectionId}`),
  };
}
