import { recordEvent } from "../../../core/src/events/outbox";
import { keysetPage, type Connection, type PageArgs } from "../../../core/src/graphql/pagination";
import { notFound } from "../../../core/src/errors";
import { isUuid } from "../../../core/src/ids";
import { issuePlatformKey } from "./api-keys";
import { recordAudit } from "./audit-log";
import { operatorOn } from "./platform-keys";
import type { ClientApp, Db, Tx } from "../db";

export interface CreatedClientApp {
  clientApp: ClientApp;
  apiKey: string;
  keyId: string;
}

/** Runs inside one transaction: an app never exists without the key that can use it. */
export async function createClientApp(db: Tx, input: { name: string }): Promise<CreatedClientApp> {
  const clientApp = await db.clientApp.create({ data: { name: input.name } });
  const { apiKey, info } = await issuePlatformKey(db, clientApp.id);
  // The operator acts here, with a key that is not an ApiKey row: no actor key, and the
  // entry belongs to the new app, not to any client.
  await recordAudit(db, operatorOn(clientApp.id), {
    action: "clientApp.created",
    entityType: "ClientApp",
    entityId: clientApp.id,
    after: clientApp,
  });
  return { clientApp, apiKey, keyId: info.id };
}

export function findClientApp(db: Db, id: string): Promise<ClientApp | null> {
  return db.clientApp.findUnique({ where: { id } });
}

async function existingClientApp(db: Db, id: string): Promise<ClientApp> {
  const app = isUuid(id) ? await findClientApp(db, id) : null;
  if (!app) throw notFound("ClientApp", id);
  return app;
}

/**
 * Refuses the app's platform keys, and so every one of its tenants, with 403 from now on
 * every gateway: the event makes each drop its cached lookups of the app. Keys are kept, so
 * reactivation restores them (unlike a client's deactivation, which revokes its keys).
 */
export async function deactivateClientApp(db: Tx, id: string): Promise<ClientApp> {
  const before = await existingClientApp(db, id);
  if (!before.isActive) return before;
  const after = await db.clientApp.update({ where: { id: before.id }, data: { isActive: false } });
  await recordAudit(db, operatorOn(after.id), {
    action: "clientApp.deactivated",
    entityType: "ClientApp",
    entityId: after.id,
    before,
    after,
  });
  await recordEvent(db, {
    type: "clientApp.deactivated",
    clientId: null,
    aggregate: `ClientApp:${after.id}`,
    payload: { clientAppId: after.id, at: after.updatedAt.toISOString() },
  });
  return after;
}

export async function reactivateClientApp(db: Tx, id: string): Promise<ClientApp> {
  const before = await existingClientApp(db, id);
  if (before.isActive) return before;
  const after = await db.clientApp.update({ where: { id: before.id }, data: { isActive: true } });
  await recordAudit(db, operatorOn(after.id), {
    action: "clientApp.reactivated",
    entityType: "ClientApp",
    entityId: after.id,
    before,
    after,
  });
  return after;
}

/** Every app, oldest first: the operator's view. */
export function listClientApps(db: Db, page: PageArgs): Promise<Connection<ClientApp>> {
  return keysetPage(
    page,
    (query) => db.clientApp.findMany({ where: query.where, orderBy: query.orderBy, take: query.take }),
    () => db.clientApp.count(),
  );
}
