import type { ModuleDefinition } from "../../core/src/module/definition";
import { createInventoryLoaders, type InventoryLoaders } from "./loaders";
import {
  BatchResolver,
  InventoryLevelResolver,
  InventoryMovementResolver,
  ProductStockResolver,
} from "./schema/inventory.resolver";
import { LocationResolver } from "./schema/location.resolver";

/** Locations, stock levels, the movement ledger, reservations and batches. */
export const inventoryModule: ModuleDefinition<InventoryLoaders, "inventory"> = {
  name: "inventory",
  resolvers: [LocationResolver, InventoryLevelResolver, InventoryMovementResolver, BatchResolver, ProductStockResolver],
  createLoaders: createInventoryLoaders,
  // A product's `available` is stock: every movement, reservation and release records stock.changed.
  storefrontResponses: { invalidatedBy: (event) => event.type === "stock.changed" },
  referenceResolvers: {
    Location: (reference, ctx) => ctx.loaders.locationById.load(reference.id),
    // Stock fields are computed per tenant by the loaders; a foreign product simply has none.
    Product: (reference) => ({ id: reference.id }),
  },
};
