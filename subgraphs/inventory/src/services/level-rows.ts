import { queryRows } from "../../../core/src/db/row-queries";
import { Prisma, type Db, type InventoryLevel } from "../db";

/**
 * The tenant's stock levels of the given products (uuids), in id order: what a listing asks
 * for with every product's `available`. Hand-written SQL on the hot path (issue 19); every
 * column comes from the driver typed as Prisma types it (ints, Dates), so no mapping is needed.
 */
export function selectLevelsOfProducts(
  db: Db,
  clientId: string,
  productIds: readonly string[],
): Promise<InventoryLevel[]> {
  return queryRows<InventoryLevel>(
    db,
    Prisma.sql`select id, "clientId", "productId", "locationId", "onHand", reserved, "updatedAt" from "InventoryLevel"
      where "clientId" = ${clientId}::uuid and "productId" = any(${productIds}::uuid[]) order by id asc`,
  );
}
