import type { ClientApp } from "../../../core/src/db/generated/client";
import type { Db } from "../../../core/src/db/types";
import { issuePlatformKey } from "./api-keys";
import { recordAudit } from "./audit-log";

export interface CreatedClientApp {
  clientApp: ClientApp;
  apiKey: string;
  keyId: string;
}

/** Runs inside one transaction: an app never exists without the key that can use it. */
export async function createClientApp(db: Db, input: { name: string }): Promise<CreatedClientApp> {
  const clientApp = await db.clientApp.create({ data: { name: input.name } });
  const { apiKey, info } = await issuePlatformKey(db, clientApp.id);
  // The operator acts here, with a key that is not an ApiKey row: no actor key, and the
  // entry belongs to the new app, not to any client.
  const operator = { clientAppId: clientApp.id, clientId: null, keyId: null, scopes: [], isAdmin: true };
  await recordAudit(db, operator, {
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
