import { z } from "zod";
import { openSecret } from "./connections";
import type { IntegrationDeps } from "./deps";
import { callStoreRetrying, StoreCallError } from "./stores/retrying-call";
import { findOrderWithItems } from "../../../orders/src/public";
import { failureText } from "../../../core/src/errors";
import type { Connection, RootDb, SalesLog } from "../db";

/** Tries per sale before it is left for a person to look at (its prokipError says why). */
export const maxProkipAttempts = 5;

const createdSells = z.array(z.object({ id: z.union([z.number(), z.string()]) }).loose()).min(1);

/**
 * Sends the tenant's store sales that Prokip has not recorded yet (SalesLog rows without a
 * prokipSaleId) to its Prokip business location, as final sells, and keeps the id Prokip
 * gives each. A sale is claimed by bumping its attempt count first, so two runners never
 * send the same sale; one Prokip refuses keeps the reason and is tried again later.
 * Returns the number forwarded.
 */
export async function forwardPendingSales(prisma: RootDb, deps: IntegrationDeps, prokip: Connection): Promise<number> {
  const token = openSecret(deps.secretBox, prokip, "accessTokenEnc");
  if (!token || prokip.status === "DISCONNECTED") return 0;
  const pending = await prisma.salesLog.findMany({
    where: { clientId: prokip.clientId, prokipSaleId: null, prokipAttempts: { lt: maxProkipAttempts } },
    orderBy: { createdAt: "asc" },
    take: 50,
  });
  let forwarded = 0;
  for (const sale of pending) {
    const { count } = await prisma.salesLog.updateMany({
      where: { id: sale.id, prokipSaleId: null, prokipAttempts: sale.prokipAttempts },
      data: { prokipAttempts: { increment: 1 } },
    });
    if (count === 0) continue;
    try {
      const { prokipSaleId, skus } = await sendSale(prisma, prokip, token, sale);
      // Prokip takes the sale off its own stock, which a sync had already set to ours after
      // the sale: those SKUs are pushed again, absolute, on the next sync.
      await prisma.$transaction([
        prisma.salesLog.update({ where: { id: sale.id }, data: { prokipSaleId, prokipError: null } }),
        prisma.inventoryCache.deleteMany({ where: { connectionId: prokip.id, sku: { in: skus } } }),
      ]);
      forwarded++;
    } catch (error) {
      const message = failureText(error);
      deps.log.warn({ salesLogId: sale.id, error: message }, "Forwarding a sale to Prokip failed");
      await prisma.salesLog.update({ where: { id: sale.id }, data: { prokipError: message } });
    }
  }
  return forwarded;
}

/** The tenant's Prokip connection, if it configured one that is still connected. */
export function findProkipConnection(prisma: RootDb, clientId: string): Promise<Connection | null> {
  return prisma.connection.findFirst({
    where: { clientId, platform: "PROKIP", status: { not: "DISCONNECTED" } },
    orderBy: { updatedAt: "desc" },
  });
}

async function sendSale(
  prisma: RootDb,
  prokip: Connection,
  token: string,
  sale: SalesLog,
): Promise<{ prokipSaleId: string; skus: string[] }> {
  const order = await findOrderWithItems(prisma, sale.orderId);
  const mappings = await prisma.productMapping.findMany({
    where: { connectionId: prokip.id, productId: { in: order.items.map((item) => item.productId) } },
  });
  const byProduct = new Map(mappings.map((mapping) => [mapping.productId, mapping]));
  const missing = order.items.filter((item) => !byProduct.has(item.productId)).map((item) => item.sku);
  if (missing.length > 0) throw new Error(`Prokip has no product with SKU ${missing.join(", ")}`);
  const date = order.createdAt.toISOString().slice(0, 19).replace("T", " ");
  const response = await callStoreRetrying("Prokip", `${prokip.storeUrl}/connector/api/sell`, {
    method: "POST",
    headers: { authorization: `Bearer ${token}` },
    json: {
      sells: [
        {
          location_id: Number(prokip.prokipLocationId) || prokip.prokipLocationId,
          transaction_date: date,
          // One invoice per store order: Prokip shows where the sale came from.
          invoice_no: `OMNI-${order.number}`,
          status: "final",
          final_total: order.total.toString(),
          products: order.items.map((item) => {
            const mapping = byProduct.get(item.productId)!;
            return {
              product_id: Number(mapping.externalProductId),
              variation_id: mapping.externalVariantId ? Number(mapping.externalVariantId) : undefined,
              quantity: item.quantity,
              unit_price: item.unitPrice.toString(),
            };
          }),
          payments: [{ amount: order.total.toString(), method: "other", paid_on: date }],
        },
      ],
    },
  });
  const created = response.status === 200 || response.status === 201 ? createdSells.safeParse(response.body) : null;
  if (!created?.success) throw new StoreCallError("Prokip", response.status, response.body);
  return { prokipSaleId: String(created.data[0]!.id), skus: mappings.map((mapping) => mapping.sku) };
}
