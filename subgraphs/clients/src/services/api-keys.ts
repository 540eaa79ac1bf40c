import type { AuthContext, PlatformAuth } from "../../../core/src/auth/context";
import { generateApiKey, hashApiKey, isWellFormedApiKey } from "../../../core/src/auth/api-key-format";
import type { ApiKey } from "../../../core/src/db/generated/client";
import type { Db } from "../../../core/src/db/types";
import { badInput, forbidden, notFound, unauthenticated } from "../../../core/src/errors";

export const defaultScopes = ["admin"];
export const maxGracePeriodSeconds = 30 * 24 * 3600;

// lastUsedAt is a hint for humans, not an audit trail: one write a minute per key is enough.
const lastUsedResolutionMs = 60_000;

export interface IssuedKey {
  apiKey: string;
  info: ApiKey;
}

export async function issuePlatformKey(db: Db, clientAppId: string): Promise<IssuedKey> {
  const { key, hash, prefix } = generateApiKey("PLATFORM");
  const info = await db.apiKey.create({ data: { kind: "PLATFORM", clientAppId, hash, prefix, scopes: defaultScopes } });
  return { apiKey: key, info };
}

export async function issueClientKey(db: Db, clientAppId: string, clientId: string): Promise<IssuedKey> {
  const { key, hash, prefix } = generateApiKey("CLIENT");
  const info = await db.apiKey.create({
    data: { kind: "CLIENT", clientAppId, clientId, hash, prefix, scopes: defaultScopes },
  });
  return { apiKey: key, info };
}

/**
 * Issues a new key for the client; its keys that are still valid stop working after the
 * grace period, so integrations can switch over without downtime.
 */
export async function rotateClientKey(
  db: Db,
  auth: PlatformAuth,
  clientId: string,
  gracePeriodSeconds: number,
): Promise<IssuedKey> {
  if (!Number.isInteger(gracePeriodSeconds) || gracePeriodSeconds < 0 || gracePeriodSeconds > maxGracePeriodSeconds) {
    throw badInput(`gracePeriodSeconds must be between 0 and ${maxGracePeriodSeconds}`, {
      argument: "gracePeriodSeconds",
    });
  }
  const client = await db.client.findFirst({ where: { id: clientId, clientAppId: auth.clientAppId } });
  if (!client) throw notFound("Client", clientId);
  if (!client.isActive) throw forbidden("The client is deactivated; reactivate it before issuing keys");
  const expiresAt = new Date(Date.now() + gracePeriodSeconds * 1000);
  await db.apiKey.updateMany({
    where: {
      clientId,
      revokedAt: null,
      OR: [{ expiresAt: null }, { expiresAt: { gt: expiresAt } }],
    },
    data: { expiresAt },
  });
  return issueClientKey(db, auth.clientAppId, clientId);
}

export async function revokeClientKey(db: Db, auth: PlatformAuth, keyId: string): Promise<ApiKey> {
  const key = await db.apiKey.findFirst({
    where: {
      id: keyId,
      kind: "CLIENT",
      clientAppId: auth.clientAppId,
      ...(auth.clientId && { clientId: auth.clientId }),
    },
  });
  if (!key) throw notFound("ApiKey", keyId);
  if (key.revokedAt) return key;
  return db.apiKey.update({ where: { id: keyId }, data: { revokedAt: new Date() } });
}

export async function revokeAllClientKeys(db: Db, clientId: string): Promise<void> {
  await db.apiKey.updateMany({ where: { clientId, revokedAt: null }, data: { revokedAt: new Date() } });
}

/** Keys the caller may see: its client's keys, or with a platform key alone the platform's own. */
export function listApiKeys(db: Db, auth: PlatformAuth, clientId: string | null): Promise<ApiKey[]> {
  const ownerClientId = auth.clientId ?? clientId;
  if (auth.clientId && clientId && clientId !== auth.clientId) throw forbidden();
  return db.apiKey.findMany({
    where: ownerClientId
      ? { clientId: ownerClientId, clientAppId: auth.clientAppId }
      : { kind: "PLATFORM", clientAppId: auth.clientAppId },
    orderBy: { id: "asc" },
  });
}

export interface PresentedKeys {
  platformKey: string | undefined;
  clientKey: string | undefined;
}

/**
 * Resolves the request's keys to who is calling. Every failure about a key itself is the
 * same UNAUTHENTICATED, whichever key it was; a valid key of an inactive or foreign
 * client/app is FORBIDDEN.
 */
export async function authenticateKeys(db: Db, presented: PresentedKeys, now = new Date()): Promise<AuthContext> {
  const { platformKey, clientKey } = presented;
  if (!platformKey || !isWellFormedApiKey(platformKey, "PLATFORM")) throw unauthenticated();
  if (clientKey !== undefined && !isWellFormedApiKey(clientKey, "CLIENT")) throw unauthenticated();
  const hashes = [hashApiKey(platformKey), ...(clientKey ? [hashApiKey(clientKey)] : [])];
  const keys = await db.apiKey.findMany({
    where: { hash: { in: hashes } },
    include: { clientApp: true, client: true },
  });
  const usable = (hash: string) =>
    keys.find((key) => key.hash === hash && key.revokedAt === null && (key.expiresAt === null || key.expiresAt > now));
  const platform = usable(hashes[0]!);
  const client = clientKey ? usable(hashes[1]!) : undefined;
  if (!platform || platform.kind !== "PLATFORM") throw unauthenticated();
  if (clientKey && (!client || client.kind !== "CLIENT" || !client.client)) throw unauthenticated();
  if (!platform.clientApp.isActive) throw forbidden("The client app is inactive");
  if (client?.client) {
    if (client.client.clientAppId !== platform.clientAppId) throw forbidden("The client does not belong to this app");
    if (!client.client.isActive) throw forbidden("The client is inactive");
  }
  touchLastUsed(db, [platform.id, ...(client ? [client.id] : [])], now);
  return {
    clientAppId: platform.clientAppId,
    clientId: client?.client?.id ?? null,
    keyId: (client ?? platform).id,
    scopes: (client ?? platform).scopes,
    isAdmin: false,
  };
}

function touchLastUsed(db: Db, keyIds: string[], now: Date): void {
  const staleBefore = new Date(now.getTime() - lastUsedResolutionMs);
  // Not awaited: a request must not wait for, or fail because of, this bookkeeping.
  db.apiKey
    .updateMany({
      where: { id: { in: keyIds }, OR: [{ lastUsedAt: null }, { lastUsedAt: { lt: staleBefore } }] },
      data: { lastUsedAt: now },
    })
    .catch(() => undefined);
}
