import type DataLoader from "dataloader";
import type { AuthContext } from "../../core/src/auth/context";
import { byIdLoader, groupLoader } from "../../core/src/graphql/loaders";
import type { InventoryLevel, Location, RootDb } from "./db";
import { selectLevelsOfProducts } from "./services/level-rows";

export interface InventoryLoaders {
  locationById: DataLoader<string, Location | null>;
  levelsByProductId: DataLoader<string, InventoryLevel[]>;
}

/** Scoped to the calling tenant: another tenant's ids load as null or as no stock. */
export function createInventoryLoaders(prisma: RootDb, auth: AuthContext): InventoryLoaders {
  const clientId = auth.clientId;
  return {
    locationById: byIdLoader((ids) =>
      clientId ? prisma.location.findMany({ where: { id: { in: ids }, clientId } }) : Promise.resolve([]),
    ),
    levelsByProductId: groupLoader(
      (productIds) => (clientId ? selectLevelsOfProducts(prisma, clientId, productIds) : Promise.resolve([])),
      (level) => level.productId,
    ),
  };
}
