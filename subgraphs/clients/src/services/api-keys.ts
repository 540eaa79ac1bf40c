import type { PlatformAuth } from "../../../core/src/auth/context";
import {
  apiKeyScopes,
  defaultKeyScopes,
  defaultPlatformKeyScopes,
  type ApiKeyScope,
  type PlatformKeyScope,
} from "../../../core/src/auth/scopes";
import { generateApiKey } from "../../../core/src/auth/api-key-format";
import { badInput, forbidden, notFound } from "../../../core/src/errors";
import { recordEvent, recordEvents } from "../../../core/src/events/outbox";
import { auditedAs, recordAudit } from "./audit-log";
import { isUuid } from "../../../core/src/ids";
import type { ApiKey, Db, Prisma, Tx } from "../db";

export const defaultScopes = [...defaultKeyScopes];
export const maxGracePeriodSeconds = 30 * 24 * 3600;

export interface IssuedKey {
  apiKey: string;
  info: ApiKey;
}

export async function issuePlatformKey(
  db: Tx,
  clientAppId: string,
  scopes: readonly PlatformKeyScope[] = defaultPlatformKeyScopes,
): Promise<IssuedKey> {
  const { key, hash, prefix } = generateApiKey("PLATFORM");
  const info = await db.apiKey.create({
    data: { kind: "PLATFORM", clientAppId, hash, prefix, scopes: [...scopes] },
  });
  return { apiKey: key, info };
}

/** When the keys a rotation replaces stop: now plus the grace period, which must be in bounds. */
export function graceEnd(gracePeriodSeconds: number): Date {
  if (!Number.isInteger(gracePeriodSeconds) || gracePeriodSeconds < 0 || gracePeriodSeconds > maxGracePeriodSeconds) {
    throw badInput(`gracePeriodSeconds must be between 0 and ${maxGracePeriodSeconds}`, {
      argument: "gracePeriodSeconds",
    });
  }
  return new Date(Date.now() + gracePeriodSeconds * 1000);
}

/**
 * The scopes a new key gets: the default when none are asked for, otherwise each asked scope
 * once in a fixed order, so keys with the same scopes compare equal when one is rotated.
 */
export function keyScopes(requested: readonly ApiKeyScope[] | null | undefined): ApiKeyScope[] {
  if (requested === null || requested === undefined) return [...defaultKeyScopes];
  if (requested.length === 0) throw badInput("A key needs at least one scope", { argument: "scopes" });
  return apiKeyScopes.filter((scope) => requested.includes(scope));
}

export async function issueClientKey(
  db: Tx,
  clientAppId: string,
  clientId: string,
  scopes: readonly ApiKeyScope[] = defaultKeyScopes,
): Promise<IssuedKey> {
  const { key, hash, prefix } = generateApiKey("CLIENT");
  const info = await db.apiKey.create({
    data: { kind: "CLIENT", clientAppId, clientId, hash, prefix, scopes: [...scopes] },
  });
  return { apiKey: key, info };
}

/**
 * Issues a new key for the client; its still valid keys with the same scopes stop working
 * after the grace period, so integrations can switch over without downtime. Keys with other
 * scopes are left alone: rotating the storefront key must not cut off the back office. With
 * no grace period the old keys stop at once, which caches must learn like a revocation.
 */
export async function rotateClientKey(
  db: Tx,
  auth: PlatformAuth,
  clientId: string,
  gracePeriodSeconds: number,
  requestedScopes?: readonly ApiKeyScope[] | null,
): Promise<IssuedKey> {
  const scopes = keyScopes(requestedScopes);
  const expiresAt = graceEnd(gracePeriodSeconds);
  // A client key may rotate its own key only: the new secret is handed to the caller.
  if (auth.clientId && auth.clientId !== clientId) throw forbidden("A client key can only act on its own client");
  const client = isUuid(clientId)
    ? await db.client.findFirst({ where: { id: clientId, clientAppId: auth.clientAppId } })
    : null;
  if (!client) throw notFound("Client", clientId);
  if (!client.isActive) throw forbidden("The client is deactivated; reactivate it before issuing keys");
  // Publishable keys have the storefront scope too, but are rotated by hand, per origin list.
  await expireKeys(
    db,
    { kind: "CLIENT", clientId, scopes: { equals: scopes } },
    expiresAt,
    clientId,
    gracePeriodSeconds === 0,
  );
  const issued = await issueClientKey(db, auth.clientAppId, clientId, scopes);
  await recordAudit(db, auditedAs(auth, clientId), {
    action: "apikey.rotated",
    entityType: "ApiKey",
    entityId: issued.info.id,
    after: { ...withoutHash(issued.info), previousKeysExpireAt: expiresAt },
  });
  return issued;
}

export async function revokeClientKey(db: Tx, auth: PlatformAuth, keyId: string): Promise<ApiKey> {
  const key = isUuid(keyId)
    ? await db.apiKey.findFirst({
        where: {
          id: keyId,
          kind: "CLIENT",
          clientAppId: auth.clientAppId,
          ...(auth.clientId && { clientId: auth.clientId }),
        },
      })
    : null;
  if (!key) throw notFound("ApiKey", keyId);
  if (key.revokedAt) return key;
  const revokedAt = new Date();
  const revoked = await db.apiKey.update({ where: { id: keyId }, data: { revokedAt } });
  await recordAudit(db, auditedAs(auth, key.clientId), {
    action: "apikey.revoked",
    entityType: "ApiKey",
    entityId: keyId,
    before: withoutHash(key),
    after: withoutHash(revoked),
  });
  await recordEvent(db, {
    type: "apikey.revoked",
    clientId: key.clientId,
    aggregate: `ApiKey:${keyId}`,
    payload: { keyId, clientId: key.clientId, at: revokedAt.toISOString() },
  });
  return revoked;
}

/**
 * The still valid keys matching `where` stop at `expiresAt` (a rotation's grace end). Stopping
 * at once must reach every gateway's cache like a revocation: the event evicts their lookups.
 */
export async function expireKeys(
  db: Tx,
  where: Prisma.ApiKeyWhereInput,
  expiresAt: Date,
  clientId: string | null,
  atOnce: boolean,
): Promise<void> {
  const expiring = await db.apiKey.updateManyAndReturn({
    where: { ...where, revokedAt: null, OR: [{ expiresAt: null }, { expiresAt: { gt: expiresAt } }] },
    data: { expiresAt },
    select: { id: true },
  });
  if (!atOnce) return;
  const at = expiresAt.toISOString();
  await recordEvents(
    db,
    expiring.map(({ id }) => ({
      type: "apikey.revoked" as const,
      clientId,
      aggregate: `ApiKey:${id}`,
      payload: { keyId: id, clientId, at },
    })),
  );
}

/** What an audit entry may show of a key: the hash stays in its table. */
export function withoutHash(key: ApiKey): Omit<ApiKey, "hash"> {
  const { hash, ...shown } = key;
  return shown;
}

/** Returns the ids of the keys it revoked. */
export async function revokeAllClientKeys(db: Db, clientId: string): Promise<string[]> {
  const revoked = await db.apiKey.updateManyAndReturn({
    where: { clientId, revokedAt: null },
    data: { revokedAt: new Date() },
    select: { id: true },
  });
  return revoked.map((key) => key.id);
}

/**
 * Keys the caller may see: its client's secret keys, or with a platform key alone the
 * platform's own. Publishable keys have their own list (`publishableKeys`), with their origins.
 */
export function listApiKeys(db: Db, auth: PlatformAuth, clientId: string | null): Promise<ApiKey[]> {
  const ownerClientId = auth.clientId ?? clientId;
  if (auth.clientId && clientId && clientId !== auth.clientId) throw forbidden();
  return db.apiKey.findMany({
    where: ownerClientId
      ? { kind: "CLIENT", clientId: ownerClientId, clientAppId: auth.clientAppId }
      : { kind: "PLATFORM", clientAppId: auth.clientAppId },
    orderBy: { id: "asc" },
  });
}
