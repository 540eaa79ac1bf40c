/**
 * The scopes a key is issued with. `admin` is everything (and what a key gets when it is
 * issued without scopes, so keys from before scopes existed keep working); `storefront` is
 * what a shop front-end needs: published catalog, stock, placing orders and reading the
 * orders it placed itself. What each grants is in permissions.ts.
 */
export const apiKeyScopes = ["admin", "storefront"] as const;

export type ApiKeyScope = (typeof apiKeyScopes)[number];

export const defaultKeyScopes: readonly ApiKeyScope[] = ["admin"];

/**
 * The scopes a platform key (`pk_`) is issued with. `admin` is everything (the default, so
 * platform keys from before scopes existed keep working); the others open the platform-level
 * operations of the permissions of the same names. A platform key's scopes govern what it
 * does alone; with a client key, the client key's scopes govern the tenant's data.
 */
export const platformKeyScopes = ["admin", "tenants:read", "tenants:manage", "keys:manage"] as const;

export type PlatformKeyScope = (typeof platformKeyScopes)[number];

export const defaultPlatformKeyScopes: readonly PlatformKeyScope[] = ["admin"];

/** What a publishable (`pub_`) key holds, whatever else it is issued with: see permissions.ts. */
export const publishableKeyScopes: readonly string[] = ["publishable"];
