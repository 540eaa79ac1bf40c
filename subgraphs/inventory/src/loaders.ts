import type DataLoader from "dataloader";
import type { AuthContext } from "../../core/src/auth/context";
import { byIdLoader } from "../../core/src/graphql/loaders";
import type { Location, RootDb } from "./db";
import { createStockLoader, type StockLoader } from "./stock-loader";

export interface InventoryLoaders {
  locationById: DataLoader<string, Location | null>;
  stockByProductId: StockLoader;
}

/** Scoped to the calling tenant: another tenant's ids load as null or as no stock. */
export function createInventoryLoaders(prisma: RootDb, auth: AuthContext): InventoryLoaders {
  const clientId = auth.clientId;
  return {
    locationById: byIdLoader((ids) =>
      clientId ? prisma.location.findMany({ where: { id: { in: ids }, clientId } }) : Promise.resolve([]),
    ),
    stockByProductId: createStockLoader(prisma, clientId),
  };
}
