import type DataLoader from "dataloader";
import type { AuthContext } from "../../core/src/auth/context";
import { byIdLoader, groupLoader } from "../../core/src/graphql/loaders";
import { isUuid } from "../../core/src/ids";
import type { Client, ClientApp, FamilyAccount, RootDb, User } from "./db";

export interface ClientsLoaders {
  clientById: DataLoader<string, Client | null>;
  clientAppById: DataLoader<string, ClientApp | null>;
  userById: DataLoader<string, User | null>;
  familyAccountById: DataLoader<string, FamilyAccount | null>;
  /** Members of each family, in id order: one query for every family of a page. */
  familyMembersByFamilyId: DataLoader<string, User[]>;
}

/**
 * Scoped to the caller: another app's client, or with a client key any other client, loads
 * as null; users and families load only for the calling client.
 */
export function createClientsLoaders(prisma: RootDb, auth: AuthContext): ClientsLoaders {
  const clientAppId = auth.clientAppId ?? undefined;
  const clientId = auth.clientId;
  return {
    clientById: byIdLoader((ids) =>
      clientAppId
        ? prisma.client.findMany({
            where: {
              id: { in: (auth.clientId ? ids.filter((id) => id === auth.clientId) : ids).filter(isUuid) },
              clientAppId,
            },
          })
        : Promise.resolve([]),
    ),
    clientAppById: byIdLoader((ids) => prisma.clientApp.findMany({ where: { id: { in: ids.filter(isUuid) } } })),
    userById: byIdLoader((ids) =>
      clientAppId && clientId
        ? prisma.user.findMany({ where: { id: { in: ids.filter(isUuid) }, clientId } })
        : Promise.resolve([]),
    ),
    familyAccountById: byIdLoader((ids) =>
      clientAppId && clientId
        ? prisma.familyAccount.findMany({ where: { id: { in: ids.filter(isUuid) }, clientId } })
        : Promise.resolve([]),
    ),
    familyMembersByFamilyId: groupLoader(
      (familyIds) =>
        clientAppId && clientId
          ? prisma.user.findMany({ where: { familyAccountId: { in: familyIds }, clientId }, orderBy: { id: "asc" } })
          : Promise.resolve([]),
      (member) => member.familyAccountId ?? "",
    ),
  };
}
