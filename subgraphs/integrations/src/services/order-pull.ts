import type { TenantAuth } from "../../../core/src/auth/context";
import type { IntegrationDeps } from "./deps";
import { openStoreClient } from "./stores";
import { targetConnections } from "./sync";
import { storePulledOrders } from "./webhook-receipts";
import type { RootDb } from "../db";

// Store clocks and ours differ a little; re-reading a minute costs nothing (duplicates store nothing).
const pullOverlapMs = 60_000;

/**
 * `pullOrders`: asks each named (or every) Shopify and WooCommerce connection for the orders
 * created since its last pull and queues the new ones for the webhook worker, exactly like
 * deliveries. The next pull starts where this one started. Returns how many were queued.
 */
export async function pullOrders(
  prisma: RootDb,
  deps: IntegrationDeps,
  auth: TenantAuth,
  connectionId: string | null | undefined,
): Promise<number> {
  let queued = 0;
  for (const connection of await targetConnections(prisma, auth, connectionId)) {
    if (connection.status === "DISCONNECTED") continue;
    const startedAt = new Date();
    const since = connection.ordersPulledAt && new Date(connection.ordersPulledAt.getTime() - pullOverlapMs);
    const orders = await openStoreClient(connection, deps).ordersSince(since);
    if (!orders) continue;
    queued += await storePulledOrders(prisma, connection, await orders);
    await prisma.connection.update({ where: { id: connection.id }, data: { ordersPulledAt: startedAt } });
  }
  return queued;
}
