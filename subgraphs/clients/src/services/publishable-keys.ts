import { publishableKeyScopes } from "../../../core/src/auth/scopes";
import type { PlatformAuth } from "../../../core/src/auth/context";
import { generateApiKey } from "../../../core/src/auth/api-key-format";
import { badInput, forbidden, notFound } from "../../../core/src/errors";
import { ownedClientId } from "./acting-tenant";
import { recordEvent } from "../../../core/src/events/outbox";
import { keysetPage, type Connection, type PageArgs } from "../../../core/src/graphql/pagination";
import { isUuid } from "../../../core/src/ids";
import type { ApiKey, Db, Tx } from "../db";
import { auditedAs, recordAudit } from "./audit-log";

/** What a publishable key may do: the storefront scope, whatever is asked, since anyone can read it. */

/** A storefront has a handful of origins (www, apex, staging); a long list is a mistake. */
export const maxAllowedOrigins = 20;

/** A publishable key as listed: never its hash (the key itself is never stored). */
export type PublishableKey = Omit<ApiKey, "hash">;

export interface IssuedPublishableKey {
  publishableKey: string;
  info: PublishableKey;
}

/**
 * `scheme://host[:port]` exactly as browsers send it in `Origin` (lower-case host, no default
 * port), so that the gateway's check is a plain comparison. Paths, wildcards, credentials and
 * `null` (what sandboxed frames and `file:` pages send, whoever they are) are refused.
 */
export function normaliseOrigin(raw: string): string {
  const text = raw.trim();
  const refuse = (why: string) =>
    badInput(`allowedOrigins: ${JSON.stringify(raw)} ${why}`, { argument: "allowedOrigins", origin: raw });
  if (text.includes("*")) throw refuse("has a wildcard; list each origin");
  const url = URL.canParse(text) ? new URL(text) : null;
  if (!url || (url.protocol !== "https:" && url.protocol !== "http:")) {
    throw refuse("is not an http(s) origin (scheme://host[:port])");
  }
  if (url.username || url.password) throw refuse("has credentials; an origin is scheme://host[:port]");
  if (url.pathname !== "/" || url.search || url.hash) {
    throw refuse("has a path; an origin is scheme://host[:port]");
  }
  return url.origin;
}

export function normaliseOrigins(raw: readonly string[]): string[] {
  if (raw.length === 0) throw badInput("allowedOrigins needs at least one origin", { argument: "allowedOrigins" });
  if (raw.length > maxAllowedOrigins) {
    throw badInput(`allowedOrigins takes at most ${maxAllowedOrigins} origins`, { argument: "allowedOrigins" });
  }
  return [...new Set(raw.map(normaliseOrigin))];
}

export async function issuePublishableKey(
  db: Tx,
  auth: PlatformAuth,
  clientId: string | null,
  allowedOrigins: readonly string[],
): Promise<IssuedPublishableKey> {
  const origins = normaliseOrigins(allowedOrigins);
  const ownerId = await ownedClientId(db, auth, clientId);
  const client = await db.client.findUniqueOrThrow({ where: { id: ownerId }, select: { isActive: true } });
  if (!client.isActive) throw forbidden("The client is deactivated; reactivate it before issuing keys");
  const { key, hash, prefix } = generateApiKey("PUBLISHABLE");
  const { hash: _hash, ...info } = await db.apiKey.create({
    data: {
      kind: "PUBLISHABLE",
      clientAppId: auth.clientAppId,
      clientId: ownerId,
      hash,
      prefix,
      scopes: [...publishableKeyScopes],
      allowedOrigins: origins,
    },
  });
  await recordAudit(db, auditedAs(auth, ownerId), {
    action: "apikey.issued",
    entityType: "ApiKey",
    entityId: info.id,
    after: info,
  });
  return { publishableKey: key, info };
}

export async function listPublishableKeys(
  db: Db,
  auth: PlatformAuth,
  clientId: string | null,
  page: PageArgs,
): Promise<Connection<PublishableKey>> {
  const ownerId = await ownedClientId(db, auth, clientId);
  const where = { kind: "PUBLISHABLE" as const, clientId: ownerId, clientAppId: auth.clientAppId };
  return keysetPage(
    page,
    (query) => db.apiKey.findMany({ ...query, where: { ...where, ...query.where }, omit: { hash: true } }),
    () => db.apiKey.count({ where }),
  );
}

/** Stops the key at once: every gateway drops its cached lookups on the `apikey.revoked` event. */
export async function revokePublishableKey(db: Tx, auth: PlatformAuth, keyId: string): Promise<PublishableKey> {
  const key = isUuid(keyId)
    ? await db.apiKey.findFirst({
        where: {
          id: keyId,
          kind: "PUBLISHABLE",
          clientAppId: auth.clientAppId,
          ...(auth.clientId && { clientId: auth.clientId }),
        },
        omit: { hash: true },
      })
    : null;
  if (!key) throw notFound("PublishableKey", keyId);
  if (key.revokedAt) return key;
  const revokedAt = new Date();
  const revoked = await db.apiKey.update({ where: { id: keyId }, data: { revokedAt }, omit: { hash: true } });
  await recordAudit(db, auditedAs(auth, key.clientId), {
    action: "apikey.revoked",
    entityType: "ApiKey",
    entityId: keyId,
    before: key,
    after: revoked,
  });
  await recordEvent(db, {
    type: "apikey.revoked",
    clientId: key.clientId,
    aggregate: `ApiKey:${keyId}`,
    payload: { keyId, clientId: key.clientId, at: revokedAt.toISOString() },
  });
  return revoked;
}

/** Every origin a usable publishable key of an active tenant lists, for the gateway's CORS. */
export async function activePublishableOrigins(db: Db, now = new Date()): Promise<string[]> {
  const keys = await db.apiKey.findMany({
    where: {
      kind: "PUBLISHABLE",
      revokedAt: null,
      OR: [{ expiresAt: null }, { expiresAt: { gt: now } }],
      clientApp: { isActive: true },
      client: { isActive: true },
    },
    select: { allowedOrigins: true },
  });
  return [...new Set(keys.flatMap((key) => key.allowedOrigins))];
}
