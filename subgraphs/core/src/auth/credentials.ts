import type { PrismaClient } from "../db/generated/client";
import type { AccessTokenClaims } from "./access-tokens";
import type { AuthContext } from "./context";

/** The credentials a request or connection presented (headers or connectionParams). */
export interface PresentedKeys {
  platformKey: string | undefined;
  clientKey: string | undefined;
  /** A staff app's access token, its signature and expiry already verified by the gateway. */
  person?: AccessTokenClaims;
  /** The admin console's session cookie, sent with no key (keys and Bearer tokens win over it). */
  consoleSession?: PresentedSession;
}

export interface PresentedSession {
  token: string;
  /** A session unused for this long has ended (OMNI_SESSION_IDLE). */
  idleMs: number;
  /**
   * Whether this use counts as the person's activity (false: an open subscription re-checked,
   * which must not keep an unattended page signed in forever).
   */
  activity: boolean;
}

export interface KeyCreatedAt {
  keyId: string;
  createdAt: Date;
}

/** Who the presented keys say is calling, as the module that owns the keys resolved them. */
export interface AuthenticatedKeys {
  auth: AuthContext;
  /** Every key the request presented, so a cache can drop the entry when one is revoked. */
  keyIds: string[];
  /** When each of those keys was issued: the maximum key age counts from it. */
  keysCreatedAt: KeyCreatedAt[];
  /** When the first of those keys expires (a rotated key in its grace period), if ever. */
  expiresAt: Date | null;
  /** The client app's own request budget, where it has one (null: the server's default). */
  rateLimit: { capacity: number | null; restoreRate: number | null };
  /**
   * A publishable key's browser origins (exact `scheme://host[:port]`): a request whose
   * Origin is another is refused. null for the secret keys, which no origin binds.
   */
  allowedOrigins: string[] | null;
}

/**
 * Turns presented keys into a caller, or throws UNAUTHENTICATED / FORBIDDEN. One module
 * provides it (the one that owns the keys); the gateway calls it before every request.
 */
export type CredentialResolver = (prisma: PrismaClient, presented: PresentedKeys) => Promise<AuthenticatedKeys>;

/**
 * Every origin some usable publishable key lists: the gateway's CORS answers them before any
 * key is presented (a preflight carries none), and checks the key's own list on the call.
 */
export type PublishableOriginsReader = (prisma: PrismaClient) => Promise<string[]>;
