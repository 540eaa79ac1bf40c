import type { PlatformAuth, TenantAuth } from "../../../core/src/auth/context";
import { badInput, forbidden, notFound } from "../../../core/src/errors";
import { isUuid } from "../../../core/src/ids";
import type { Db } from "../db";

/**
 * The tenant an operation open to both kinds of caller acts on: the platform key (or its
 * admin's console session) names one of its tenants, a tenant's client key acts on its own.
 */
export async function ownedClientId(db: Db, auth: PlatformAuth, clientId: string | null): Promise<string> {
  if (auth.clientId) {
    if (clientId && clientId !== auth.clientId) throw forbidden("A client key can only act on its own client");
    return auth.clientId;
  }
  if (!clientId) throw badInput("clientId is required with the platform key alone", { argument: "clientId" });
  const client = isUuid(clientId)
    ? await db.client.findFirst({ where: { id: clientId, clientAppId: auth.clientAppId }, select: { id: true } })
    : null;
  if (!client) throw notFound("Client", clientId);
  return client.id;
}

/** The caller as that tenant, so that tenant-scoped services and the audit log see one shape. */
export async function actingTenant(db: Db, auth: PlatformAuth, clientId: string | null): Promise<TenantAuth> {
  return { ...auth, clientId: await ownedClientId(db, auth, clientId) };
}
