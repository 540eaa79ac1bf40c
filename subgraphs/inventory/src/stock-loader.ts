import DataLoader from "dataloader";
import { groupByKey } from "../../core/src/graphql/loaders";
import { isUuid } from "../../core/src/ids";
import type { InventoryLevel, RootDb } from "./db";
import { selectAvailableOfProducts, selectLevelsOfProducts } from "./services/level-rows";

/** A product's stock, as much of it as a field asks for. */
export interface StockLoader {
  /** Its level at each location, in id order. */
  levels(productId: string): Promise<InventoryLevel[]>;
  /** Its units available over all locations: on hand less reserved, summed. */
  available(productId: string): Promise<number>;
}

interface StockKey {
  productId: string;
  wants: "levels" | "available";
}

/**
 * One statement per tick whatever mix of `inventory` and `available` the operation asks for:
 * the levels when any field of the batch needs them (the sums then come from the same rows),
 * else only the sums, which a listing asks of every product and the database adds up
 * cheaper than the driver can hand over five rows per product. Scoped to the calling tenant:
 * another tenant's products have no stock.
 */
export function createStockLoader(db: RootDb, clientId: string | null): StockLoader {
  const loader = new DataLoader<StockKey, InventoryLevel[] | number, string>(
    async (keys) => {
      const productIds = [...new Set(keys.map((key) => key.productId).filter(isUuid))];
      if (!clientId || productIds.length === 0) return keys.map((key) => (key.wants === "levels" ? [] : 0));
      if (keys.some((key) => key.wants === "levels")) {
        const levels = await selectLevelsOfProducts(db, clientId, productIds);
        const levelsOf = groupByKey(
          keys.map((key) => key.productId),
          levels,
          (level) => level.productId,
        );
        return keys.map(({ wants }, index) => {
          const own = levelsOf[index]!;
          return wants === "levels" ? own : own.reduce((sum, level) => sum + level.onHand - level.reserved, 0);
        });
      }
      const sums = new Map(
        (await selectAvailableOfProducts(db, clientId, productIds)).map((row) => [row.productId, row.available]),
      );
      return keys.map((key) => sums.get(key.productId) ?? 0);
    },
    { cacheKeyFn: (key) => `${key.wants} ${key.productId}` },
  );
  return {
    levels: (productId) => loader.load({ productId, wants: "levels" }) as Promise<InventoryLevel[]>,
    available: (productId) => loader.load({ productId, wants: "available" }) as Promise<number>,
  };
}
