import { createHash, createHmac, timingSafeEqual } from "node:crypto";
import { AppError } from "../errors";

/**
 * The admin console's browser session: a cookie the clients module sets at sign-in and the
 * gateway reads on every request, with a CSRF token both derive from it. Here, because
 * neither may import the other.
 */
export const sessionCookieName = "omni_session";

/** The header a cookie-authenticated request that changes something must carry. */
export const csrfHeader = "x-csrf-token";

/** A cookie request that changes something without the session's CSRF token: another site's, maybe. */
export const csrfRefused = (): AppError =>
  new AppError(
    "FORBIDDEN",
    `A request signed in with the console cookie needs the ${csrfHeader} header with the session's CSRF token (from POST or GET /auth/session)`,
  );

/** The session token of a `Cookie` header, if it names one. */
export function sessionTokenFrom(cookieHeader: string | undefined): string | undefined {
  for (const pair of cookieHeader?.split(";") ?? []) {
    const separator = pair.indexOf("=");
    if (separator > 0 && pair.slice(0, separator).trim() === sessionCookieName) {
      const value = pair.slice(separator + 1).trim();
      return value.length > 0 && value.length <= 256 ? value : undefined;
    }
  }
  return undefined;
}

/**
 * Synchronizer tokens without a table: the CSRF token is an HMAC of the session token under
 * the internal secret, so every replica derives the same one, `GET /auth/session` can hand it
 * again to a reloaded page, and nothing about it is stored. Another site can read neither the
 * cookie nor our answers, so it cannot produce it.
 */
export class SessionCsrf {
  private readonly key: Buffer;

  constructor(internalSecret: string) {
    // A key of its own, so a CSRF token is no HMAC that another use of the secret signs.
    this.key = createHmac("sha256", internalSecret).update("omni console csrf").digest();
  }

  tokenFor(sessionToken: string): string {
    return createHmac("sha256", this.key).update(sessionToken).digest("base64url");
  }

  matches(sessionToken: string, given: string | undefined): boolean {
    if (given === undefined) return false;
    // Digests first: equal lengths, and the comparison time says nothing about the token.
    const digest = (text: string) => createHash("sha256").update(text).digest();
    return timingSafeEqual(digest(given), digest(this.tokenFor(sessionToken)));
  }
}
