import { LRUCache } from "lru-cache";
import { hashApiKey, isWellFormedApiKey } from "../../../core/src/auth/api-key-format";
import type { AuthContext } from "../../../core/src/auth/context";
import { Prisma } from "../../../core/src/db/generated/client";
import type { Db } from "../../../core/src/db/types";
import { forbidden, unauthenticated } from "../../../core/src/errors";

export interface PresentedKeys {
  platformKey: string | undefined;
  clientKey: string | undefined;
}

interface KeyRow {
  id: string;
  kind: "PLATFORM" | "CLIENT";
  hash: string;
  clientAppId: string;
  clientId: string | null;
  scopes: string[];
  expiresAt: Date | null;
  revokedAt: Date | null;
  appActive: boolean;
  rateLimitCapacity: number | null;
  rateLimitRestoreRate: number | null;
  clientAppOfClient: string | null;
  clientActive: boolean | null;
}

// lastUsedAt is a hint for humans, not an audit trail: one write a minute per key is enough,
// and this process remembers its own writes so most requests send no statement for it.
const lastUsedResolutionMs = 60_000;
const lastTouched = new LRUCache<string, number>({ max: 10_000 });

export interface AuthenticatedKeys {
  auth: AuthContext;
  /** Every key the request presented, so a cache can drop the entry when one is revoked. */
  keyIds: string[];
  /** When the first of those keys expires (a rotated key in its grace period), if ever. */
  expiresAt: Date | null;
  /** The client app's own request budget, where it has one (null: the server's default). */
  rateLimit: { capacity: number | null; restoreRate: number | null };
}

/**
 * Resolves the request's keys to who is calling, in one statement: it runs before every
 * request. Every failure about a key itself is the same UNAUTHENTICATED, whichever key it
 * was; a valid key of an inactive or foreign client/app is FORBIDDEN.
 */
export async function authenticateKeys(db: Db, presented: PresentedKeys, now = new Date()): Promise<AuthenticatedKeys> {
  const { platformKey, clientKey } = presented;
  if (!platformKey || !isWellFormedApiKey(platformKey, "PLATFORM")) throw unauthenticated();
  if (clientKey !== undefined && !isWellFormedApiKey(clientKey, "CLIENT")) throw unauthenticated();
  const hashes = [hashApiKey(platformKey), ...(clientKey ? [hashApiKey(clientKey)] : [])];
  const keys = await db.$queryRaw<KeyRow[]>`
    SELECT k."id", k."kind"::text AS "kind", k."hash", k."clientAppId", k."clientId", k."scopes",
           k."expiresAt", k."revokedAt", a."isActive" AS "appActive",
           a."rateLimitCapacity", a."rateLimitRestoreRate",
           c."clientAppId" AS "clientAppOfClient", c."isActive" AS "clientActive"
    FROM "ApiKey" k
    JOIN "ClientApp" a ON a."id" = k."clientAppId"
    LEFT JOIN "Client" c ON c."id" = k."clientId"
    WHERE k."hash" IN (${Prisma.join(hashes)})`;
  const usable = (hash: string) =>
    keys.find((key) => key.hash === hash && key.revokedAt === null && (key.expiresAt === null || key.expiresAt > now));
  const platform = usable(hashes[0]!);
  const client = clientKey ? usable(hashes[1]!) : undefined;
  if (!platform || platform.kind !== "PLATFORM") throw unauthenticated();
  if (clientKey && (!client || client.kind !== "CLIENT" || client.clientId === null)) throw unauthenticated();
  if (!platform.appActive) throw forbidden("The client app is inactive");
  if (client) {
    if (client.clientAppOfClient !== platform.clientAppId) throw forbidden("The client does not belong to this app");
    if (!client.clientActive) throw forbidden("The client is inactive");
  }
  const presentedKeys = client ? [platform, client] : [platform];
  touchLastUsed(
    db,
    presentedKeys.map((key) => key.id),
    now,
  );
  const expiries = presentedKeys.flatMap((key) => (key.expiresAt ? [key.expiresAt.getTime()] : []));
  return {
    auth: {
      clientAppId: platform.clientAppId,
      clientId: client?.clientId ?? null,
      keyId: (client ?? platform).id,
      scopes: (client ?? platform).scopes,
      isAdmin: false,
    },
    keyIds: presentedKeys.map((key) => key.id),
    expiresAt: expiries.length > 0 ? new Date(Math.min(...expiries)) : null,
    rateLimit: { capacity: platform.rateLimitCapacity, restoreRate: platform.rateLimitRestoreRate },
  };
}

function touchLastUsed(db: Db, keyIds: string[], now: Date): void {
  const due = keyIds.filter((id) => now.getTime() - (lastTouched.get(id) ?? 0) >= lastUsedResolutionMs);
  if (due.length === 0) return;
  for (const id of due) lastTouched.set(id, now.getTime());
  const staleBefore = new Date(now.getTime() - lastUsedResolutionMs);
  // Not awaited: a request must not wait for, or fail because of, this bookkeeping.
  db.apiKey
    .updateMany({
      where: { id: { in: due }, OR: [{ lastUsedAt: null }, { lastUsedAt: { lt: staleBefore } }] },
      data: { lastUsedAt: now },
    })
    .catch(() => undefined);
}
