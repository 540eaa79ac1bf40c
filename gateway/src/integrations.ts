import { Router } from "express";
import type { PrismaClient } from "../../subgraphs/core/src/db/generated/client";
import {
  appRedirectUrl,
  completeShopifyConnection,
  shopifyCallbackPath,
} from "../../subgraphs/integrations/src/services/shopify";
import type { IntegrationDeps } from "../../subgraphs/integrations/src/services/deps";

/**
 * The REST side of the integrations: stores and browsers calling us outside GraphQL. The
 * routes only translate HTTP; the integrations services decide.
 */
export function integrationRoutes(prisma: PrismaClient, deps: IntegrationDeps): Router {
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
  return router;
}
