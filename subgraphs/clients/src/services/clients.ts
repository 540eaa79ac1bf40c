import type { PlatformAuth } from "../../../core/src/auth/context";
import type { Client, Currency } from "../../../core/src/db/generated/client";
import type { Db, Prisma } from "../../../core/src/db/types";
import { AppError, forbidden, notFound } from "../../../core/src/errors";
import { pageWindow, toConnection, type Connection, type PageArgs } from "../../../core/src/graphql/pagination";
import { issueClientKey, revokeAllClientKeys, type IssuedKey } from "./api-keys";

export interface ClientProfile {
  name: string;
  code: string;
  externalId?: string | null;
  defaultCurrency?: Currency | null;
  taxId?: string | null;
  address?: string | null;
  phone?: string | null;
  email?: string | null;
}

export type ClientChanges = { [K in keyof ClientProfile]?: ClientProfile[K] | null };

export interface ClientFilterInput {
  isActive?: boolean | null;
  search?: string | null;
}

/** Creates the client and its first key; run it in a transaction so neither exists alone. */
export async function registerClient(
  db: Db,
  auth: PlatformAuth,
  profile: ClientProfile,
): Promise<{ client: Client; key: IssuedKey }> {
  await assertUnique(db, auth.clientAppId, profile, null);
  const client = await db.client.create({
    data: { ...profile, defaultCurrency: profile.defaultCurrency ?? undefined, clientAppId: auth.clientAppId },
  });
  const key = await issueClientKey(db, auth.clientAppId, client.id);
  return { client, key };
}

export async function updateClient(db: Db, auth: PlatformAuth, id: string, changes: ClientChanges): Promise<Client> {
  const client = await findOwnClient(db, auth, id);
  await assertUnique(db, auth.clientAppId, changes, client.id);
  return db.client.update({
    where: { id: client.id },
    data: {
      ...changes,
      name: changes.name ?? undefined,
      code: changes.code ?? undefined,
      defaultCurrency: changes.defaultCurrency ?? undefined,
    },
  });
}

/** Deactivation revokes every key of the client at once, not after a cache expiry. */
export async function deactivateClient(db: Db, auth: PlatformAuth, id: string): Promise<Client> {
  await findOwnClient(db, auth, id);
  await revokeAllClientKeys(db, id);
  return db.client.update({ where: { id }, data: { isActive: false } });
}

export async function reactivateClient(db: Db, auth: PlatformAuth, id: string): Promise<Client> {
  await findOwnClient(db, auth, id);
  return db.client.update({ where: { id }, data: { isActive: true } });
}

/** A client the caller may act on: one of its app's clients, or with a client key only its own. */
export async function findOwnClient(db: Db, auth: PlatformAuth, id: string): Promise<Client> {
  if (auth.clientId && auth.clientId !== id) throw forbidden("A client key can only act on its own client");
  const client = await db.client.findFirst({ where: { id, clientAppId: auth.clientAppId } });
  if (!client) throw notFound("Client", id);
  return client;
}

export async function listClients(
  db: Db,
  auth: PlatformAuth,
  args: PageArgs,
  filter: ClientFilterInput | null | undefined,
): Promise<Connection<Client>> {
  const window = pageWindow(args);
  const where: Prisma.ClientWhereInput = {
    clientAppId: auth.clientAppId,
    ...(auth.clientId && { id: auth.clientId }),
    ...(filter?.isActive != null && { isActive: filter.isActive }),
    ...(filter?.search && {
      OR: [
        { name: { contains: filter.search, mode: "insensitive" } },
        { code: { contains: filter.search, mode: "insensitive" } },
      ],
    }),
  };
  const [rows, totalCount] = await Promise.all([
    db.client.findMany({
      where: { ...where, ...(window.afterId && { id: { gt: window.afterId } }) },
      orderBy: { id: "asc" },
      take: window.take + 1,
    }),
    db.client.count({ where }),
  ]);
  return toConnection(rows, window, totalCount);
}

async function assertUnique(
  db: Db,
  clientAppId: string,
  profile: ClientChanges,
  exceptId: string | null,
): Promise<void> {
  const clashes = [
    ...(profile.code ? [{ code: profile.code }] : []),
    ...(profile.externalId ? [{ externalId: profile.externalId }] : []),
  ];
  if (clashes.length === 0) return;
  const existing = await db.client.findFirst({
    where: { clientAppId, OR: clashes, ...(exceptId && { id: { not: exceptId } }) },
  });
  if (!existing) return;
  const field = profile.code && existing.code === profile.code ? "code" : "externalId";
  throw new AppError("CONFLICT", `A client with this ${field} already exists`, { field });
}
