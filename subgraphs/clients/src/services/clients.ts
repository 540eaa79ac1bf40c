import type { PlatformAuth } from "../../../core/src/auth/context";
import type { ApiKeyScope } from "../../../core/src/auth/scopes";
import { likeLiteral } from "../../../core/src/db/like";
import { AppError, forbidden, notFound } from "../../../core/src/errors";
import { recordEvent } from "../../../core/src/events/outbox";
import { keysetPage, type Connection, type PageArgs } from "../../../core/src/graphql/pagination";
import { issueClientKey, keyScopes, revokeAllClientKeys, type IssuedKey } from "./api-keys";
import { auditedAs, recordAudit } from "./audit-log";
import { isUuid } from "../../../core/src/ids";
import type { Client, Currency, Db, Prisma, Tx } from "../db";
import { ownQueries, type ForeignQueries } from "../../../core/src/db/module-db";

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
  db: Tx,
  auth: PlatformAuth,
  profile: ClientProfile,
  scopes?: readonly ApiKeyScope[] | null,
): Promise<{ client: Client; key: IssuedKey }> {
  const firstKeyScopes = keyScopes(scopes);
  await assertUnique(db, auth.clientAppId, profile, null);
  const client = await db.client.create({
    data: { ...profile, defaultCurrency: profile.defaultCurrency ?? undefined, clientAppId: auth.clientAppId },
  });
  const key = await issueClientKey(db, auth.clientAppId, client.id, firstKeyScopes);
  await recordAudit(db, auditedAs(auth, client.id), {
    action: "client.registered",
    entityType: "Client",
    entityId: client.id,
    after: client,
  });
  return { client, key };
}

/** Run it in a transaction: the change and its audit entry commit together. */
export async function updateClient(db: Tx, auth: PlatformAuth, id: string, changes: ClientChanges): Promise<Client> {
  const before = await findOwnClient(db, auth, id);
  await assertUnique(db, auth.clientAppId, changes, before.id);
  const after = await db.client.update({
    where: { id: before.id },
    data: {
      ...changes,
      name: changes.name ?? undefined,
      code: changes.code ?? undefined,
      defaultCurrency: changes.defaultCurrency ?? undefined,
    },
  });
  await recordAudit(db, auditedAs(auth, after.id), {
    action: "client.updated",
    entityType: "Client",
    entityId: after.id,
    before,
    after,
  });
  return after;
}

/** Deactivation revokes every key of the client at once, not after a cache expiry. */
export async function deactivateClient(db: Tx, auth: PlatformAuth, id: string): Promise<Client> {
  const before = await findOwnClient(db, auth, id);
  const keyIds = await revokeAllClientKeys(db, id);
  const after = await db.client.update({ where: { id }, data: { isActive: false } });
  await recordAudit(db, auditedAs(auth, id), {
    action: "client.deactivated",
    entityType: "Client",
    entityId: id,
    before,
    after,
  });
  await recordEvent(db, {
    type: "client.deactivated",
    clientId: id,
    aggregate: `Client:${id}`,
    payload: { clientId: id, keyIds, at: after.updatedAt.toISOString() },
  });
  return after;
}

export async function reactivateClient(db: Tx, auth: PlatformAuth, id: string): Promise<Client> {
  const before = await findOwnClient(db, auth, id);
  const after = await db.client.update({ where: { id }, data: { isActive: true } });
  await recordAudit(db, auditedAs(auth, id), {
    action: "client.reactivated",
    entityType: "Client",
    entityId: id,
    before,
    after,
  });
  return after;
}

/** A client the caller may act on: one of its app's clients, or with a client key only its own. */
export async function findOwnClient(db: ForeignQueries, auth: PlatformAuth, id: string): Promise<Client> {
  if (auth.clientId && auth.clientId !== id) throw forbidden("A client key can only act on its own client");
  const client = isUuid(id)
    ? await ownQueries<"clients">(db).client.findFirst({ where: { id, clientAppId: auth.clientAppId } })
    : null;
  if (!client) throw notFound("Client", id);
  return client;
}

/** With a client key, only its own client can be found. */
export function findClientByExternalId(db: Db, auth: PlatformAuth, externalId: string): Promise<Client | null> {
  return db.client.findFirst({
    where: { clientAppId: auth.clientAppId, externalId, ...(auth.clientId && { id: auth.clientId }) },
  });
}

export async function listClients(
  db: Db,
  auth: PlatformAuth,
  args: PageArgs,
  filter: ClientFilterInput | null | undefined,
): Promise<Connection<Client>> {
  const search = filter?.search ? likeLiteral(filter.search) : null;
  const where: Prisma.ClientWhereInput = {
    clientAppId: auth.clientAppId,
    ...(auth.clientId && { id: auth.clientId }),
    ...(filter?.isActive != null && { isActive: filter.isActive }),
    ...(search && {
      OR: [{ name: { contains: search, mode: "insensitive" } }, { code: { contains: search, mode: "insensitive" } }],
    }),
  };
  return keysetPage(
    args,
    (query) => db.client.findMany({ where: { ...where, ...query.where }, orderBy: query.orderBy, take: query.take }),
    () => db.client.count({ where }),
  );
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

/**
 * The platform a tenant belongs to, for work done on its behalf without a request (store
 * webhooks): null for an unknown or deactivated client.
 */
export async function findActiveClientAppId(db: ForeignQueries, clientId: string): Promise<string | null> {
  const client = await ownQueries<"clients">(db).client.findFirst({
    where: { id: clientId, isActive: true },
    select: { clientAppId: true },
  });
  return client?.clientAppId ?? null;
}

/** The platform a tenant belongs to, active or not: work that winds a deactivated tenant down still runs. */
export async function findClientAppId(db: ForeignQueries, clientId: string): Promise<string> {
  const client = await ownQueries<"clients">(db).client.findUniqueOrThrow({
    where: { id: clientId },
    select: { clientAppId: true },
  });
  return client.clientAppId;
}
