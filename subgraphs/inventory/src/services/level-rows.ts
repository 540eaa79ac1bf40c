import { queryRows } from "../../../core/src/db/row-queries";
import { Prisma, type Db, type InventoryLevel } from "../db";

/**
 * The tenant's stock levels of the given products (uuids), in id order: what a product's
 * `inventory` lists. Hand-written SQL on the hot path (issue 19); every column comes from the
 * driver typed as Prisma types it (ints, Dates), so no mapping is needed.
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

/**
 * Each given product's units available over all its locations, summed by the database: what
 * a listing asks of every product, one row per product with stock instead of one per level.
 * The sum is a float8, which both drivers and `$queryRaw` hand over as a number (exact far
 * beyond what GraphQL's Int can carry, which then refuses that one value alone).
 */
export function selectAvailableOfProducts(
  db: Db,
  clientId: string,
  productIds: readonly string[],
): Promise<{ productId: string; available: number }[]> {
  return queryRows(
    db,
    Prisma.sql`select "productId", sum("onHand" - reserved)::float8 as available from "InventoryLevel"
      where "clientId" = ${clientId}::uuid and "productId" = any(${productIds}::uuid[]) group by "productId"`,
  );
}
