import type { PlatformAuth } from "../../../core/src/auth/context";
import { platformKeyScopes, type PlatformKeyScope } from "../../../core/src/auth/scopes";
import { AppError, badInput, forbidden, notFound } from "../../../core/src/errors";
import { recordEvent } from "../../../core/src/events/outbox";
import { keysetPage, type Connection, type PageArgs } from "../../../core/src/graphql/pagination";
import { isUuid } from "../../../core/src/ids";
import type { ApiKey, ClientApp, Db, Tx } from "../db";
import { expireKeys, graceEnd, issuePlatformKey, withoutHash, type IssuedKey } from "./api-keys";
import { auditedAs, recordAudit } from "./audit-log";

/** The operator (x-admin-key) acting on an app: no key of its own, and every scope. */
export const operatorOn = (clientAppId: string): PlatformAuth => ({
  clientAppId,
  clientId: null,
  keyId: null,
  userId: null,
  scopes: [],
  isAdmin: true,
});

/** The scopes a new platform key gets: ADMIN when none are asked for, else each once in a fixed order. */
export function platformScopes(requested: readonly PlatformKeyScope[] | null | undefined): PlatformKeyScope[] {
  if (requested === null || requested === undefined) return ["admin"];
  if (requested.length === 0) throw badInput("A key needs at least one scope", { argument: "scopes" });
  return platformKeyScopes.filter((scope) => requested.includes(scope));
}

/**
 * A limited key must not mint or cut off a key that can do more than itself: a keys:manage
 * key rotating itself into an admin key would make every scope meaningless.
 */
function assertHolds(actor: PlatformAuth, scopes: readonly string[], verb: string): void {
  if (actor.isAdmin || actor.scopes.includes("admin")) return;
  const missing = scopes.filter((scope) => !actor.scopes.includes(scope));
  if (missing.length === 0) return;
  throw new AppError(
    "FORBIDDEN",
    `A key can only ${verb} keys with scopes it holds itself; this one lacks: ${missing.join(", ")}`,
    {
      requiredScope: missing[0],
    },
  );
}

/**
 * Serialises key changes of one app (rotations, revocations), so two requests revoking the
 * last two keys at once cannot both see the other one still active. Returns the app.
 */
async function lockApp(db: Tx, clientAppId: string): Promise<ClientApp> {
  if (!isUuid(clientAppId)) throw notFound("ClientApp", clientAppId);
  await db.$queryRaw`SELECT 1 FROM "ClientApp" WHERE "id" = ${clientAppId}::uuid FOR UPDATE`;
  const app = await db.clientApp.findUnique({ where: { id: clientAppId } });
  if (!app) throw notFound("ClientApp", clientAppId);
  return app;
}

/**
 * Issues a new platform key; the app's still valid platform keys with the same scopes stop
 * after the grace period (as `rotateClientKey` does for a tenant's keys). With no grace period
 * they stop at once, which every gateway's cache must learn like a revocation.
 */
export async function rotatePlatformKey(
  db: Tx,
  actor: PlatformAuth,
  gracePeriodSeconds: number,
  requestedScopes?: readonly PlatformKeyScope[] | null,
): Promise<IssuedKey> {
  const scopes = platformScopes(requestedScopes);
  const expiresAt = graceEnd(gracePeriodSeconds);
  assertHolds(actor, scopes, "issue");
  const app = await lockApp(db, actor.clientAppId);
  if (!app.isActive) throw forbidden("The client app is deactivated; reactivate it before issuing keys");
  await expireKeys(
    db,
    { clientAppId: app.id, kind: "PLATFORM", scopes: { equals: scopes } },
    expiresAt,
    null,
    gracePeriodSeconds === 0,
  );
  const issued = await issuePlatformKey(db, app.id, scopes);
  await recordAudit(db, auditedAs(actor, null), {
    action: "apikey.rotated",
    entityType: "ApiKey",
    entityId: issued.info.id,
    after: { ...withoutHash(issued.info), previousKeysExpireAt: expiresAt },
  });
  return issued;
}

/**
 * Stops a platform key at once on every gateway (the event evicts their caches). A platform
 * may not revoke its last active key, which would lock it out until the operator steps in;
 * the operator (`actor` null) may, e.g. for a leaked key.
 */
export async function revokePlatformKey(db: Tx, actor: PlatformAuth | null, keyId: string): Promise<ApiKey> {
  const key = isUuid(keyId)
    ? await db.apiKey.findFirst({
        where: { id: keyId, kind: "PLATFORM", ...(actor && { clientAppId: actor.clientAppId }) },
      })
    : null;
  if (!key) throw notFound("ApiKey", keyId);
  const by = actor ?? operatorOn(key.clientAppId);
  assertHolds(by, key.scopes, "revoke");
  if (key.revokedAt) return key;
  await lockApp(db, key.clientAppId);
  const now = new Date();
  if (!by.isAdmin) {
    const othersActive = await db.apiKey.count({
      where: {
        clientAppId: key.clientAppId,
        kind: "PLATFORM",
        id: { not: key.id },
        revokedAt: null,
        OR: [{ expiresAt: null }, { expiresAt: { gt: now } }],
      },
    });
    if (othersActive === 0) {
      throw new AppError(
        "CONFLICT",
        "This is the platform's last active key: rotate it (rotatePlatformKey) before revoking it, or ask the operator",
        { reason: "LAST_ACTIVE_KEY", keyId: key.id },
      );
    }
  }
  const revoked = await db.apiKey.update({ where: { id: key.id }, data: { revokedAt: now } });
  await recordAudit(db, auditedAs(by, null), {
    action: "apikey.revoked",
    entityType: "ApiKey",
    entityId: key.id,
    before: withoutHash(key),
    after: withoutHash(revoked),
  });
  await recordEvent(db, {
    type: "apikey.revoked",
    clientId: null,
    aggregate: `ApiKey:${key.id}`,
    payload: { keyId: key.id, clientId: null, at: now.toISOString() },
  });
  return revoked;
}

/** An app's platform keys, oldest first, revoked and expired ones included. */
export function listPlatformKeys(db: Db, clientAppId: string, page: PageArgs): Promise<Connection<ApiKey>> {
  const where = { clientAppId, kind: "PLATFORM" as const };
  return keysetPage(
    page,
    (query) => db.apiKey.findMany({ where: { ...where, ...query.where }, orderBy: query.orderBy, take: query.take }),
    () => db.apiKey.count({ where }),
  );
}
