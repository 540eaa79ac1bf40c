import type { AuthContext } from "./context";

/**
 * What a key may do within its client. `admin` is everything (and what a key gets when it is
 * issued without scopes, so keys from before scopes existed keep working); `storefront` is
 * what a shop front-end needs: published catalog, stock, placing orders and reading the
 * orders it placed itself.
 */
export const apiKeyScopes = ["admin", "storefront"] as const;

export type ApiKeyScope = (typeof apiKeyScopes)[number];

export const defaultKeyScopes: readonly ApiKeyScope[] = ["admin"];

/** `admin` grants every other scope, so guards name the narrowest scope an operation needs. */
export function grantsScope(auth: AuthContext, scope: ApiKeyScope): boolean {
  return auth.scopes.includes("admin") || auth.scopes.includes(scope);
}

/**
 * False for keys limited to the storefront: reads then see published products only and
 * orders only when the key placed them.
 */
export const hasFullAccess = (auth: AuthContext): boolean => grantsScope(auth, "admin");
