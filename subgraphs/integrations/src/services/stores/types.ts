import type { IntegrationPlatform, ProductMapping } from "../../db";

/** One sellable item in a store, as a sync matches it to our products by SKU. */
export interface StoreProduct {
  sku: string;
  externalProductId: string;
  externalVariantId: string | null;
  inventoryItemId: string | null;
}

/** A store order found by a pull, stored as if its webhook had arrived. */
export interface PulledOrder {
  /** Unique per store order, so a second pull of the same order stores nothing. */
  deliveryId: string;
  topic: string;
  payload: unknown;
}

/** What a sync needs of one connected store; one implementation per platform. */
export interface StoreClient {
  readonly platform: IntegrationPlatform;
  listProducts(): Promise<StoreProduct[]>;
  /** Tells the store the available quantity of one mapped product; throws when it refuses. */
  setStock(mapping: ProductMapping, quantity: number): Promise<void>;
  /** Orders created since then (all when null); null when the platform sells nothing to pull. */
  ordersSince(since: Date | null): Promise<PulledOrder[]> | null;
}
