import type { TenantAuth } from "../../../core/src/auth/context";
import type { SecretBox } from "../../../core/src/crypto/secret-box";
import { notFound } from "../../../core/src/errors";
import { isUuid } from "../../../core/src/ids";
import { recordAudit } from "../../../clients/src/public";
import { assertOwnLocations, firstLocationId } from "../../../inventory/src/public";
import type { Connection, Db, IntegrationPlatform, RootDb, Tx } from "../db";

/** The columns that hold sealed secrets; disconnecting clears every one. */
export type SecretColumn = "accessTokenEnc" | "consumerKeyEnc" | "consumerSecretEnc" | "webhookSecretEnc";

const secretColumns: readonly SecretColumn[] = [
  "accessTokenEnc",
  "consumerKeyEnc",
  "consumerSecretEnc",
  "webhookSecretEnc",
];

/**
 * Seals a secret for one column of one client's connections: the AAD binds it there, so a
 * sealed value copied to another tenant's row does not open.
 */
export function sealSecret(box: SecretBox, clientId: string, column: SecretColumn, plaintext: string): string {
  return box.seal(plaintext, `Connection.${column}:${clientId}`);
}

export function openSecret<Column extends SecretColumn>(
  box: SecretBox,
  connection: Pick<Connection, "clientId" | Column>,
  column: Column,
): string | null {
  const sealed = connection[column];
  return sealed === null ? null : box.open(sealed, `Connection.${column}:${connection.clientId}`);
}

/** A connection as the audit log records it: everything but the sealed secrets. */
export function auditView(connection: Connection): Partial<Connection> {
  const view: Partial<Connection> = { ...connection };
  for (const column of secretColumns) delete view[column];
  return view;
}

export function listConnections(db: Db, auth: TenantAuth): Promise<Connection[]> {
  return db.connection.findMany({ where: { clientId: auth.clientId }, orderBy: { id: "asc" } });
}

export async function findOwnConnection(db: Db, auth: TenantAuth, id: string): Promise<Connection> {
  const connection = isUuid(id) ? await db.connection.findFirst({ where: { id, clientId: auth.clientId } }) : null;
  if (!connection) throw notFound("Connection", id);
  return connection;
}

export interface ConnectionSecrets {
  accessTokenEnc?: string | null;
  consumerKeyEnc?: string | null;
  consumerSecretEnc?: string | null;
  webhookSecretEnc?: string | null;
  scopes?: string | null;
  prokipLocationId?: string | null;
}

/**
 * Connecting a store the client already connected (even one it disconnected) replaces its
 * credentials and makes it active again: one connection per client, platform and store.
 */
export async function saveConnection(
  tx: Tx,
  auth: TenantAuth,
  store: { platform: IntegrationPlatform; storeUrl: string },
  secrets: ConnectionSecrets,
): Promise<Connection> {
  const key = { clientId: auth.clientId, platform: store.platform, storeUrl: store.storeUrl };
  const before = await tx.connection.findUnique({ where: { clientId_platform_storeUrl: key } });
  const state = { status: "ACTIVE" as const, syncEnabled: true, lastError: null, ...secrets };
  const connection = before
    ? await tx.connection.update({ where: { id: before.id }, data: state })
    : await tx.connection.create({ data: { ...key, ...state } });
  await recordAudit(tx, auth, {
    action: "connection.connected",
    entityType: "Connection",
    entityId: connection.id,
    before: before ? auditView(before) : undefined,
    after: auditView(connection),
  });
  return connection;
}

/**
 * A connection that was saved but could not be finished (webhooks not registered): kept,
 * so the client sees what went wrong, in status ERROR.
 */
export function markConnectionFailed(
  prisma: RootDb,
  auth: TenantAuth,
  connection: Connection,
  error: string,
): Promise<Connection> {
  return prisma.$transaction(async (tx) => {
    const failed = await tx.connection.update({
      where: { id: connection.id },
      data: { status: "ERROR", lastError: error },
    });
    await recordAudit(tx, auth, {
      action: "connection.failed",
      entityType: "Connection",
      entityId: failed.id,
      before: auditView(connection),
      after: auditView(failed),
    });
    return failed;
  });
}

/**
 * Where a store's orders take their stock from and whose stock its syncs push: the
 * connection's own location, else the tenant's first by code (null: it has none yet).
 */
export async function connectionLocationId(db: Db, connection: Connection): Promise<string | null> {
  return connection.locationId ?? (await firstLocationId(db, connection.clientId));
}

/** Stops every sync and forgets the credentials; the row stays for history and a later reconnect. */
export async function disconnectConnection(tx: Tx, auth: TenantAuth, id: string): Promise<Connection> {
  const before = await findOwnConnection(tx, auth, id);
  if (before.status === "DISCONNECTED") return before;
  const connection = await tx.connection.update({
    where: { id: before.id },
    data: {
      status: "DISCONNECTED",
      syncEnabled: false,
      accessTokenEnc: null,
      consumerKeyEnc: null,
      consumerSecretEnc: null,
      webhookSecretEnc: null,
      storeWebhookIds: [],
    },
  });
  await recordAudit(tx, auth, {
    action: "connection.disconnected",
    entityType: "Connection",
    entityId: connection.id,
    before: auditView(before),
    after: auditView(connection),
  });
  return connection;
}

/**
 * `pauseSync` / `resumeSync`: a paused connection is left out of every scheduled and
 * triggered sync (its webhooks are still processed). Disconnected connections stay as they are.
 */
export async function setSyncEnabled(tx: Tx, auth: TenantAuth, connections: Connection[], enabled: boolean) {
  const changed: Connection[] = [];
  for (const before of connections) {
    if (before.status === "DISCONNECTED" || before.syncEnabled === enabled) {
      changed.push(before);
      continue;
    }
    const status = enabled ? (before.status === "PAUSED" ? "ACTIVE" : before.status) : "PAUSED";
    const after = await tx.connection.update({ where: { id: before.id }, data: { syncEnabled: enabled, status } });
    await recordAudit(tx, auth, {
      action: enabled ? "connection.sync_resumed" : "connection.sync_paused",
      entityType: "Connection",
      entityId: after.id,
      before: auditView(before),
      after: auditView(after),
    });
    changed.push(after);
  }
  return changed;
}

/**
 * Where the store's orders take their stock from, and whose stock its syncs push; null goes
 * back to the default (the tenant's first location by code). The next sync pushes every
 * SKU again, since what the store last accepted was another location's stock.
 */
export async function setConnectionLocation(
  tx: Tx,
  auth: TenantAuth,
  id: string,
  locationId: string | null,
): Promise<Connection> {
  const before = await findOwnConnection(tx, auth, id);
  if (locationId) await assertOwnLocations(tx, auth, [locationId]);
  if (before.locationId === locationId) return before;
  const after = await tx.connection.update({ where: { id: before.id }, data: { locationId } });
  await tx.inventoryCache.deleteMany({ where: { connectionId: before.id } });
  await recordAudit(tx, auth, {
    action: "connection.location_changed",
    entityType: "Connection",
    entityId: after.id,
    before: auditView(before),
    after: auditView(after),
  });
  return after;
}
