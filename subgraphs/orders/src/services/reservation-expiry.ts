import type { TenantAuth } from "../../../core/src/auth/context";
import { AppError } from "../../../core/src/errors";
import { findClientAppId } from "../../../clients/src/public";
import { transitionOrder } from "./orders";
import type { Db, RootDb } from "../db";

/** Orders expired in one pass at most; the rest wait for the next. */
const batchSize = 200;

/**
 * Cancels the API orders that stayed PENDING longer than `ttlMs` (a storefront checkout that
 * was never paid) and releases their reserved stock, each in its own transaction, with the
 * reason in the order's history. Store orders (Shopify, WooCommerce) are sales already made
 * and never expire. An order that moved on meanwhile is left alone. Returns how many expired.
 */
export async function expireStaleReservations(prisma: RootDb, ttlMs: number, now = new Date()): Promise<number> {
  const stale = await prisma.order.findMany({
    where: { status: "PENDING", source: "API", createdAt: { lt: new Date(now.getTime() - ttlMs) } },
    orderBy: { createdAt: "asc" },
    take: batchSize,
    select: { id: true, clientId: true },
  });
  let expired = 0;
  for (const order of stale) {
    try {
      await prisma.$transaction(async (tx) => {
        const auth = await systemAuth(tx, order.clientId);
        await transitionOrder(tx, auth, order.id, "CANCELLED", {
          note: `Reservation expired: still pending after ${Math.round(ttlMs / 60_000)} min`,
        });
      });
      expired++;
    } catch (error) {
      // Paid, cancelled or completed meanwhile: nothing to expire.
      if (!(error instanceof AppError && ["CONFLICT", "INVALID_STATE_TRANSITION"].includes(error.code))) throw error;
    }
  }
  return expired;
}

/** The tenant as the worker acts for it: no key, all of the tenant's rights. */
async function systemAuth(tx: Db, clientId: string): Promise<TenantAuth> {
  return {
    // A deactivated client's orders still expire: their stock must not stay reserved.
    clientAppId: await findClientAppId(tx, clientId),
    clientId,
    keyId: null,
    userId: null,
    scopes: ["admin"],
    isAdmin: false,
  };
}
