import { createHash, timingSafeEqual } from "node:crypto";
import type { IncomingHttpHeaders } from "node:http";
import { LRUCache } from "lru-cache";
import { authenticateKeys, type AuthenticatedKeys } from "../../../subgraphs/clients/src/services/authenticate";
import { anonymous, type AuthContext } from "../../../subgraphs/core/src/auth/context";
import type { PrismaClient } from "../../../subgraphs/core/src/db/generated/client";
import { unauthenticated } from "../../../subgraphs/core/src/errors";

export const headers = {
  platformKey: "x-api-key",
  clientKey: "client-x-api-key",
  adminKey: "x-admin-key",
} as const;

/** Who a request or connection is, and which stored keys vouch for it. */
export interface Identity {
  auth: AuthContext;
  keyIds: string[];
  /** The client app's own request budget, if it set one. */
  rateLimit: AuthenticatedKeys["rateLimit"];
}

const noRateLimit: AuthenticatedKeys["rateLimit"] = { capacity: null, restoreRate: null };

function single(value: unknown): string | undefined {
  const first = Array.isArray(value) ? (value[0] as unknown) : value;
  return typeof first === "string" ? first : undefined;
}

function sameSecret(given: string, expected: string): boolean {
  // Hashing first gives equal lengths, so the comparison time says nothing about the key.
  const digest = (text: string) => createHash("sha256").update(text).digest();
  return timingSafeEqual(digest(given), digest(expected));
}

interface CachedLookup extends AuthenticatedKeys {
  cachedUntil: number;
}

/**
 * Turns a request's keys into an Identity. Presenting a key that is wrong fails at once
 * (401/403); presenting none yields the anonymous identity, which may only introspect.
 * Successful lookups are kept for `cacheTtlMs` (never past a key's own expiry); revoking
 * a key or deactivating a client evicts them at once through the event bus.
 */
export class Authenticator {
  private readonly cache = new LRUCache<string, CachedLookup>({ max: 50_000 });

  constructor(
    private readonly prisma: PrismaClient,
    private readonly adminKey: string,
    private readonly cacheTtlMs: number,
  ) {}

  async authenticate(requestHeaders: IncomingHttpHeaders | Record<string, unknown>): Promise<Identity> {
    const presentedAdminKey = single(requestHeaders[headers.adminKey]);
    const platformKey = single(requestHeaders[headers.platformKey]);
    const clientKey = single(requestHeaders[headers.clientKey]);
    const isAdmin = presentedAdminKey !== undefined && sameSecret(presentedAdminKey, this.adminKey);
    if (presentedAdminKey !== undefined && !isAdmin) throw unauthenticated();
    if (platformKey === undefined && clientKey === undefined) {
      return { auth: { ...anonymous, isAdmin }, keyIds: [], rateLimit: noRateLimit };
    }
    const lookup = await this.lookup(platformKey, clientKey);
    return { auth: { ...lookup.auth, isAdmin }, keyIds: lookup.keyIds, rateLimit: lookup.rateLimit };
  }

  evictKey(keyId: string): void {
    for (const [cacheKey, entry] of this.cache.entries()) if (entry.keyIds.includes(keyId)) this.cache.delete(cacheKey);
  }

  evictClient(clientId: string): void {
    for (const [cacheKey, entry] of this.cache.entries())
      if (entry.auth.clientId === clientId) this.cache.delete(cacheKey);
  }

  private async lookup(platformKey: string | undefined, clientKey: string | undefined): Promise<AuthenticatedKeys> {
    // Keyed by a digest so the process keeps no plain keys around longer than a request.
    const cacheKey = createHash("sha256")
      .update(`${platformKey ?? ""}\n${clientKey ?? ""}`)
      .digest("base64");
    const now = Date.now();
    const cached = this.cache.get(cacheKey);
    if (cached && cached.cachedUntil > now) return cached;
    const fresh = await authenticateKeys(this.prisma, { platformKey, clientKey });
    if (this.cacheTtlMs > 0) {
      const cachedUntil = Math.min(now + this.cacheTtlMs, fresh.expiresAt?.getTime() ?? Infinity);
      this.cache.set(cacheKey, { ...fresh, cachedUntil });
    }
    return fresh;
  }
}
