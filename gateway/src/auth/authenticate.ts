import { createHash, hash, timingSafeEqual } from "node:crypto";
import type { IncomingHttpHeaders } from "node:http";
import { LRUCache } from "lru-cache";
import { anonymous, type AuthContext } from "../../../subgraphs/core/src/auth/context";
import type { AuthenticatedKeys, CredentialResolver, KeyCreatedAt } from "../../../subgraphs/core/src/auth/credentials";
import type { KeyMaxAgeSettings } from "../../../subgraphs/core/src/config";
import type { PrismaClient } from "../../../subgraphs/core/src/db/generated/client";
import type { AnyModuleDefinition } from "../../../subgraphs/core/src/module/definition";
import type { AccessTokens } from "../../../subgraphs/core/src/auth/access-tokens";
import { AppError, unauthenticated } from "../../../subgraphs/core/src/errors";
import { csrfRefused, sessionTokenFrom, type SessionCsrf } from "../../../subgraphs/core/src/auth/console-session";
import { refuseKeysTooOld } from "./key-age";

export const headers = {
  platformKey: "x-api-key",
  clientKey: "client-x-api-key",
  adminKey: "x-admin-key",
  authorization: "authorization",
} as const;

/** Who a request or connection is, and which stored keys vouch for it. */
export interface Identity {
  auth: AuthContext;
  keyIds: string[];
  /** When each of those keys was issued, for the maximum key age. */
  keysCreatedAt: KeyCreatedAt[];
  /** The client app's own request budget, if it set one. */
  rateLimit: AuthenticatedKeys["rateLimit"];
  /** A publishable key's call: public, so metered per caller address rather than per tenant. */
  publishable: boolean;
  /** The admin console's session token, when the cookie is what signed the caller in. */
  consoleSession?: string;
}

/**
 * What a browser brings besides headers of keys: the admin console's session cookie, and
 * what guards it against other sites riding on it.
 */
export interface BrowserCredentials {
  /** The `Cookie` header of the request (or of the WebSocket upgrade). */
  cookie: string | undefined;
  /** The `x-csrf-token` the caller sent (a header, or a connectionParam over WebSocket). */
  csrfToken: string | undefined;
  /** False for a safe read (GraphQL over GET is queries only): no CSRF token asked. */
  changesState: boolean;
  /** False when the call comes from another site's page (a WebSocket upgrade with a foreign Origin). */
  sameSite: boolean;
}

/** How the gateway checks console sessions: their CSRF tokens' key and their idle expiry. */
export interface ConsoleSessionCheck {
  csrf: SessionCsrf;
  idleMs: number;
}

const noRateLimit: AuthenticatedKeys["rateLimit"] = { capacity: null, restoreRate: null };

/** The request's `Origin` header, if it has one (a browser's call; servers usually send none). */
export function originOf(requestHeaders: IncomingHttpHeaders): string | undefined {
  return single(requestHeaders.origin);
}

function single(value: unknown): string | undefined {
  const first = Array.isArray(value) ? (value[0] as unknown) : value;
  return typeof first === "string" ? first : undefined;
}

/** The token of an `Authorization: Bearer …` header; another scheme is refused, not ignored. */
function bearerToken(authorization: string | undefined): string | undefined {
  // An empty header is what some clients send for "no token": it counts as none.
  if (authorization === undefined || authorization.trim() === "") return undefined;
  const match = /^Bearer[ ]+(\S+)\s*$/i.exec(authorization);
  if (!match) {
    throw new AppError(
      "UNAUTHENTICATED",
      "The Authorization header takes a Bearer token: `Authorization: Bearer <token>`",
    );
  }
  return match[1];
}

function sameSecret(given: string, expected: string): boolean {
  // Hashing first gives equal lengths, so the comparison time says nothing about the key.
  const digest = (text: string) => createHash("sha256").update(text).digest();
  return timingSafeEqual(digest(given), digest(expected));
}

/** The one module that resolves API keys (a second would leave the gateway guessing whose keys count). */
export function credentialResolverOf(modules: readonly AnyModuleDefinition[]): CredentialResolver {
  const providers = modules.flatMap((module) => (module.credentials ? [module.credentials] : []));
  if (providers.length !== 1) throw new Error(`Exactly one module must resolve credentials, found ${providers.length}`);
  return providers[0]!;
}

interface CachedLookup extends AuthenticatedKeys {
  cachedUntil: number;
}

/**
 * Turns a request's keys into an Identity. Presenting a key that is wrong fails at once
 * (401/403); presenting none yields the anonymous identity, which may only introspect. A
 * publishable key presented from an Origin it does not list is refused (403); with no
 * Origin (a server rendering the storefront) it is not, since only browsers send one.
 * Successful lookups are kept for `cacheTtlMs` (never past a key's own expiry); revoking
 * a key or deactivating a client evicts them at once through the event bus.
 */
export class Authenticator {
  private readonly cache = new LRUCache<string, CachedLookup>({ max: 50_000 });

  constructor(
    private readonly prisma: PrismaClient,
    private readonly resolveCredentials: CredentialResolver,
    private readonly adminKey: string,
    private readonly cacheTtlMs: number,
    private readonly accessTokens: AccessTokens,
    private readonly consoleSessions: ConsoleSessionCheck,
    private readonly keyMaxAge: KeyMaxAgeSettings = { warnDays: undefined, refuseDays: undefined },
  ) {}

  /**
   * `origin` is the Origin header of the HTTP request (or of the WebSocket upgrade), never a
   * value from the keys' own carrier: connectionParams are the caller's to write.
   */
  async authenticate(
    requestHeaders: IncomingHttpHeaders | Record<string, unknown>,
    origin: string | undefined,
    browser?: BrowserCredentials,
  ): Promise<Identity> {
    const presentedAdminKey = single(requestHeaders[headers.adminKey]);
    const platformKey = single(requestHeaders[headers.platformKey]);
    const clientKey = single(requestHeaders[headers.clientKey]);
    const bearer = bearerToken(single(requestHeaders[headers.authorization]));
    const isAdmin = presentedAdminKey !== undefined && sameSecret(presentedAdminKey, this.adminKey);
    if (presentedAdminKey !== undefined && !isAdmin) throw unauthenticated();
    if (bearer !== undefined && (platformKey !== undefined || clientKey !== undefined)) {
      throw new AppError("UNAUTHENTICATED", "Send either API keys or a Bearer token, not both");
    }
    if (platformKey === undefined && clientKey === undefined && bearer === undefined) {
      // Explicit credentials win: the cookie counts only when no key was presented at all.
      const sessionToken = presentedAdminKey === undefined ? sessionTokenFrom(browser?.cookie) : undefined;
      if (sessionToken !== undefined) return this.authenticateSession(sessionToken, browser!);
      return {
        auth: { ...anonymous, isAdmin },
        keyIds: [],
        keysCreatedAt: [],
        rateLimit: noRateLimit,
        publishable: false,
      };
    }
    const lookup = bearer !== undefined ? await this.lookupPerson(bearer) : await this.lookup(platformKey, clientKey);
    // Checked on every request, cached lookup or not: a key crosses the limit while in use.
    refuseKeysTooOld(lookup.keysCreatedAt, this.keyMaxAge);
    // After the cache, on every request: a lookup cached for one origin answers for the key,
    // not for the next origin that presents it.
    if (lookup.allowedOrigins && origin !== undefined && !lookup.allowedOrigins.includes(origin)) {
      throw new AppError("FORBIDDEN", `Origin ${origin} is not allowed for this publishable key`, { origin });
    }
    return {
      auth: { ...lookup.auth, isAdmin },
      keyIds: lookup.keyIds,
      keysCreatedAt: lookup.keysCreatedAt,
      rateLimit: lookup.rateLimit,
      publishable: lookup.allowedOrigins !== null,
    };
  }

  /**
   * Is the console session still live? Never cached: asked for every cookie request (and
   * every half second for a cookie's WebSocket), so a revocation or expiry written on any
   * replica holds on the next request everywhere.
   */
  async checkSession(token: string, activity: boolean): Promise<AuthenticatedKeys> {
    return this.resolveCredentials(this.prisma, {
      platformKey: undefined,
      clientKey: undefined,
      consoleSession: { token, idleMs: this.consoleSessions.idleMs, activity },
    });
  }

  private async authenticateSession(token: string, browser: BrowserCredentials): Promise<Identity> {
    if (!browser.sameSite) {
      throw new AppError("FORBIDDEN", "The console cookie is accepted from the gateway's own origin only");
    }
    const lookup = await this.checkSession(token, true);
    // After the lookup: an ended session is told to sign in again (401), whatever its header.
    if (browser.changesState && !this.consoleSessions.csrf.matches(token, browser.csrfToken)) {
      throw csrfRefused();
    }
    return {
      auth: lookup.auth,
      keyIds: [],
      keysCreatedAt: [],
      rateLimit: lookup.rateLimit,
      publishable: false,
      consoleSession: token,
    };
  }

  evictKey(keyId: string): void {
    for (const [cacheKey, entry] of this.cache.entries()) if (entry.keyIds.includes(keyId)) this.cache.delete(cacheKey);
  }

  evictClient(clientId: string): void {
    for (const [cacheKey, entry] of this.cache.entries())
      if (entry.auth.clientId === clientId) this.cache.delete(cacheKey);
  }

  /** A deactivated app: its platform keys and every one of its tenants' lookups go. */
  evictClientApp(clientAppId: string): void {
    for (const [cacheKey, entry] of this.cache.entries())
      if (entry.auth.clientAppId === clientAppId) this.cache.delete(cacheKey);
  }

  private lookup(platformKey: string | undefined, clientKey: string | undefined): Promise<AuthenticatedKeys> {
    return this.cached(`${platformKey ?? ""}\n${clientKey ?? ""}`, () =>
      this.resolveCredentials(this.prisma, { platformKey, clientKey }),
    );
  }

  /** The signature and expiry are checked on every request; the database's verdict is cached like a key's. */
  private async lookupPerson(token: string): Promise<AuthenticatedKeys> {
    const person = await this.accessTokens.verify(token);
    return this.cached(`bearer\n${token}`, () =>
      this.resolveCredentials(this.prisma, { platformKey: undefined, clientKey: undefined, person }),
    );
  }

  private async cached(credentials: string, resolve: () => Promise<AuthenticatedKeys>): Promise<AuthenticatedKeys> {
    // Keyed by a digest so the process keeps no plain credentials around longer than a request.
    // The one-shot `hash` builds no Hash object: on a cached storefront answer, 3 % of its CPU was
    // the key's digest through createHash.
    const cacheKey = hash("sha256", credentials, "base64");
    const now = Date.now();
    const cached = this.cache.get(cacheKey);
    if (cached && cached.cachedUntil > now) return cached;
    const fresh = await resolve();
    if (this.cacheTtlMs > 0) {
      const cachedUntil = Math.min(now + this.cacheTtlMs, fresh.expiresAt?.getTime() ?? Infinity);
      this.cache.set(cacheKey, { ...fresh, cachedUntil });
    }
    return fresh;
  }
}
