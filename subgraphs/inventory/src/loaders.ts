import type DataLoader from "dataloader";
import type { AuthContext } from "../../core/src/auth/context";
import type { Location, PrismaClient } from "../../core/src/db/generated/client";
import { byIdLoader } from "../../core/src/graphql/loaders";

export interface InventoryLoaders {
  locationById: DataLoader<string, Location | null>;
}

export function createInventoryLoaders(prisma: PrismaClient, auth: AuthContext): InventoryLoaders {
  const clientId = auth.clientId;
  return {
    locationById: byIdLoader((ids) =>
      clientId ? prisma.location.findMany({ where: { id: { in: ids }, clientId } }) : Promise.resolve([]),
    ),
  };
}
