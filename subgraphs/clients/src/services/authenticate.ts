import { publishableKeyScopes } from "../../../core/src/auth/scopes";
import { LRUCache } from "lru-cache";
import { hashApiKey, isWellFormedApiKey, looksPublishable } from "../../../core/src/auth/api-key-format";
import type { AuthenticatedKeys, PresentedKeys } from "../../../core/src/auth/credentials";
import type { AccessTokenClaims } from "../../../core/src/auth/access-tokens";
import { AppError, forbidden, unauthenticated } from "../../../core/src/errors";
import { authenticateConsoleSession } from "./console-sessions";
import { staffScopeOf } from "./staff-roles";
import { Prisma, type Db } from "../db";

interface KeyRow {
  id: string;
  kind: "PLATFORM" | "CLIENT" | "PUBLISHABLE";
  hash: string;
  clientAppId: string;
  clientId: string | null;
  scopes: string[];
  allowedOrigins: string[] | null;
  createdAt: Date;
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

/** What a publishable key may do, whatever its row says: it is public, so never more. */

/**
 * A publishable key is public: sent with the platform key it would tie a public value to a
 * secret one, and in x-api-key it is in the wrong place. Either way it says how to send it.
 */
const publishableNotAlone = () =>
  new AppError(
    "UNAUTHENTICATED",
    "A publishable key (pub_…) is sent alone in client-x-api-key, without x-api-key or any other key",
  );

/**
 * Resolves the request's keys to who is calling, in one statement: it runs before every
 * request. Every failure about a key itself is the same UNAUTHENTICATED, whichever key it
 * was; a valid key of an inactive or foreign client/app is FORBIDDEN. A publishable key comes
 * alone in client-x-api-key and stands for its tenant with the storefront scope only.
 */
export async function authenticateKeys(db: Db, presented: PresentedKeys, now = new Date()): Promise<AuthenticatedKeys> {
  if (presented.person) return authenticatePerson(db, presented.person);
  if (presented.consoleSession) return authenticateConsoleSession(db, presented.consoleSession, now);
  const { platformKey, clientKey } = presented;
  if (looksPublishable(platformKey) || (looksPublishable(clientKey) && platformKey !== undefined)) {
    throw publishableNotAlone();
  }
  if (looksPublishable(clientKey)) return authenticatePublishable(db, clientKey!, now);
  if (!platformKey || !isWellFormedApiKey(platformKey, "PLATFORM")) throw unauthenticated();
  if (clientKey !== undefined && !isWellFormedApiKey(clientKey, "CLIENT")) throw unauthenticated();
  const hashes = [hashApiKey(platformKey), ...(clientKey ? [hashApiKey(clientKey)] : [])];
  const keys = await selectKeys(db, hashes);
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
      userId: null,
      scopes: (client ?? platform).scopes,
      isAdmin: false,
    },
    keyIds: presentedKeys.map((key) => key.id),
    keysCreatedAt: presentedKeys.map((key) => ({ keyId: key.id, createdAt: key.createdAt })),
    expiresAt: expiries.length > 0 ? new Date(Math.min(...expiries)) : null,
    rateLimit: { capacity: platform.rateLimitCapacity, restoreRate: platform.rateLimitRestoreRate },
    allowedOrigins: null,
  };
}

/**
 * The tenant a publishable key stands for, through the same one statement. Its Origin is the
 * gateway's to check (it sees the request; this sees keys), against `allowedOrigins`.
 */
async function authenticatePublishable(db: Db, key: string, now: Date): Promise<AuthenticatedKeys> {
  if (!isWellFormedApiKey(key, "PUBLISHABLE")) throw unauthenticated();
  const [row] = await selectKeys(db, [hashApiKey(key)]);
  const usable = row && row.revokedAt === null && (row.expiresAt === null || row.expiresAt > now);
  if (!usable || row.kind !== "PUBLISHABLE" || row.clientId === null) throw unauthenticated();
  if (!row.appActive) throw forbidden("The client app is inactive");
  if (!row.clientActive) throw forbidden("The client is inactive");
  touchLastUsed(db, [row.id], now);
  return {
    auth: {
      clientAppId: row.clientAppId,
      clientId: row.clientId,
      keyId: row.id,
      userId: null,
      scopes: [...publishableKeyScopes],
      isAdmin: false,
    },
    keyIds: [row.id],
    keysCreatedAt: [{ keyId: row.id, createdAt: row.createdAt }],
    expiresAt: row.expiresAt,
    // The platform's budget sizes the tenant's secret-key bucket; a publishable key's
    // buckets are per caller address and sized by the gateway's own settings.
    rateLimit: { capacity: null, restoreRate: null },
    allowedOrigins: row.allowedOrigins ?? [],
  };
}

function selectKeys(db: Db, hashes: string[]): Promise<KeyRow[]> {
  return db.$queryRaw<KeyRow[]>`
    SELECT k."id", k."kind"::text AS "kind", k."hash", k."clientAppId", k."clientId", k."scopes", k."createdAt",
           k."allowedOrigins", k."expiresAt", k."revokedAt", a."isActive" AS "appActive",
           a."rateLimitCapacity", a."rateLimitRestoreRate",
           c."clientAppId" AS "clientAppOfClient", c."isActive" AS "clientActive"
    FROM "ApiKey" k
    JOIN "ClientApp" a ON a."id" = k."clientAppId"
    LEFT JOIN "Client" c ON c."id" = k."clientId"
    WHERE k."hash" IN (${Prisma.join(hashes)})`;
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

interface PersonRow {
  role: string;
  rateLimitCapacity: number | null;
  rateLimitRestoreRate: number | null;
}

/**
 * A staff user behind a verified access token, checked again in one statement: the token says
 * who signed in, the tables say whether they still may (user, tenant, platform and app active,
 * the sign-in not ended). A role change applies from the next lookup.
 */
async function authenticatePerson(db: Db, claims: AccessTokenClaims): Promise<AuthenticatedKeys> {
  const [row] = await db.$queryRaw<PersonRow[]>`
    SELECT u."role"::text AS "role", a."rateLimitCapacity", a."rateLimitRestoreRate"
    FROM "User" u
    JOIN "Client" c ON c."id" = u."clientId" AND c."isActive"
    JOIN "ClientApp" a ON a."id" = c."clientAppId" AND a."isActive"
    JOIN "StaffApp" s ON s."id" = ${claims.staffAppId}::uuid AND s."clientId" = u."clientId" AND s."revokedAt" IS NULL
    WHERE u."id" = ${claims.userId}::uuid AND u."clientId" = ${claims.clientId}::uuid
      AND c."clientAppId" = ${claims.clientAppId}::uuid AND u."isActive" AND u."staffAppAccess"
      AND NOT EXISTS (SELECT 1 FROM "RefreshToken" r WHERE r."familyId" = ${claims.familyId}::uuid AND r."revokedAt" IS NOT NULL)`;
  const scope = row ? staffScopeOf(row.role) : null;
  if (!row || !scope) throw new AppError("UNAUTHENTICATED", "The signed-in session has ended: sign in again");
  return {
    auth: {
      clientAppId: claims.clientAppId,
      clientId: claims.clientId,
      keyId: null,
      userId: claims.userId,
      scopes: [scope],
      isAdmin: false,
    },
    keyIds: [],
    keysCreatedAt: [],
    expiresAt: null,
    rateLimit: { capacity: row.rateLimitCapacity, restoreRate: row.rateLimitRestoreRate },
    allowedOrigins: null,
  };
}
