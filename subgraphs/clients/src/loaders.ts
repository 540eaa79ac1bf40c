import type DataLoader from "dataloader";
import type { AuthContext } from "../../core/src/auth/context";
import type { Client, ClientApp, PrismaClient } from "../../core/src/db/generated/client";
import { byIdLoader } from "../../core/src/graphql/loaders";

export interface ClientsLoaders {
  clientById: DataLoader<string, Client | null>;
  clientAppById: DataLoader<string, ClientApp | null>;
}

/** Scoped to the caller: another app's client, or with a client key any other client, loads as null. */
export function createClientsLoaders(prisma: PrismaClient, auth: AuthContext): ClientsLoaders {
  const clientAppId = auth.clientAppId ?? undefined;
  return {
    clientById: byIdLoader((ids) =>
      clientAppId
        ? prisma.client.findMany({
            where: { id: { in: auth.clientId ? ids.filter((id) => id === auth.clientId) : ids }, clientAppId },
          })
        : Promise.resolve([]),
    ),
    clientAppById: byIdLoader((ids) => prisma.clientApp.findMany({ where: { id: { in: ids } } })),
  };
}
