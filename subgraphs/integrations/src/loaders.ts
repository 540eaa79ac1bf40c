import type DataLoader from "dataloader";
import type { AuthContext } from "../../core/src/auth/context";
import type { Connection, PrismaClient } from "../../core/src/db/generated/client";
import { byIdLoader } from "../../core/src/graphql/loaders";

export interface IntegrationsLoaders {
  connectionById: DataLoader<string, Connection | null>;
}

export function createIntegrationsLoaders(prisma: PrismaClient, auth: AuthContext): IntegrationsLoaders {
  const clientId = auth.clientId;
  return {
    connectionById: byIdLoader((ids) =>
      clientId ? prisma.connection.findMany({ where: { id: { in: ids }, clientId } }) : Promise.resolve([]),
    ),
  };
}
