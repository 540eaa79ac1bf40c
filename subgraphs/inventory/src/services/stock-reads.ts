import { ownQueries, type ForeignQueries } from "../../../core/src/db/module-db";

/*
 * Reads of stock for other modules (a store connection pushing its stock, importing its
 * orders): what they need to know, in the shape they need, without seeing our tables.
 */

/** The tenant's first location by code: where a store without its own takes stock from (null: none yet). */
export async function firstLocationId(db: ForeignQueries, clientId: string): Promise<string | null> {
  const first = await ownQueries<"inventory">(db).location.findFirst({
    where: { clientId },
    orderBy: { code: "asc" },
    select: { id: true },
  });
  return first?.id ?? null;
}

/** Stock that can be sold now (on hand less reserved, never below zero) per product at one location. */
export async function availableStock(
  db: ForeignQueries,
  locationId: string,
  productIds: readonly string[],
): Promise<Map<string, number>> {
  const levels = await ownQueries<"inventory">(db).inventoryLevel.findMany({
    where: { locationId, productId: { in: [...productIds] } },
    select: { productId: true, onHand: true, reserved: true },
  });
  return new Map(levels.map((level) => [level.productId, Math.max(level.onHand - level.reserved, 0)]));
}
