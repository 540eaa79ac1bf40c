import type DataLoader from "dataloader";
import type { AuthContext } from "../../core/src/auth/context";
import type { InventoryLevel, Location, PrismaClient } from "../../core/src/db/generated/client";
import { byIdLoader, groupLoader } from "../../core/src/graphql/loaders";

export interface InventoryLoaders {
  locationById: DataLoader<string, Location | null>;
  levelsByProductId: DataLoader<string, InventoryLevel[]>;
}

/** Scoped to the calling tenant: another tenant's ids load as null or as no stock. */
export function createInventoryLoaders(prisma: PrismaClient, auth: AuthContext): InventoryLoaders {
  const clientId = auth.clientId;
  return {
    locationById: byIdLoader((ids) =>
      clientId ? prisma.location.findMany({ where: { id: { in: ids }, clientId } }) : Promise.resolve([]),
    ),
    levelsByProductId: groupLoader(
      (productIds) =>
        clientId
          ? prisma.inventoryLevel.findMany({
              where: { clientId, productId: { in: productIds } },
              orderBy: { id: "asc" },
            })
          : Promise.resolve([]),
      (level) => level.productId,
    ),
  };
}
