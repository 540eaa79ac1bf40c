import type { AuthContext } from "./context";
import type { ApiKeyScope, PlatformKeyScope } from "./scopes";

/**
 * What a caller may do in its tenant. Guards name the one an operation needs; a caller's
 * scopes (a key's, or the one a person's role gives them) decide which it holds. `admin`
 * stands for everything no narrower permission names: keys, users, settings, integrations.
 */
export const permissions = [
  "catalog:read",
  "catalog:write",
  "stock:read",
  "stock:write",
  "stock:ledger",
  "orders:read",
  "orders:create",
  "orders:manage",
  // Platform-level: a platform's tenants and keys (platform key scopes of the same names).
  "tenants:read",
  "tenants:manage",
  "keys:manage",
  "admin",
] as const;

export type Permission = (typeof permissions)[number];

/**
 * Every scope a caller can hold. Keys are issued with `admin` or `storefront` (ApiKeyScope);
 * `manager` and `associate` are what the staff roles give a person signed in to a staff app;
 * `publishable` is every publishable (`pub_`) key's.
 */
export const callerScopes = [
  "admin",
  "storefront",
  "publishable",
  "manager",
  "associate",
  "tenants:read",
  "tenants:manage",
  "keys:manage",
] as const;

export type CallerScope = (typeof callerScopes)[number];

const associate: readonly Permission[] = ["catalog:read", "stock:read", "orders:read", "orders:create"];

interface ScopeGrant {
  permissions: readonly Permission[];
  /**
   * False for the storefront: reads then see published products only and orders only when
   * the caller placed them, since a shop front-end acts for one shopper, not for the tenant.
   */
  fullView: boolean;
}

const grants: Record<CallerScope, ScopeGrant> = {
  admin: { permissions, fullView: true },
  storefront: { permissions: associate, fullView: false },
  // Every shopper's browser holds the same publishable key: "the orders it placed" would be
  // everyone's, so it places orders (and sees the one it placed in the answer) but reads none.
  publishable: { permissions: ["catalog:read", "stock:read", "orders:create"], fullView: false },
  manager: { permissions: [...associate, "stock:write", "stock:ledger", "orders:manage"], fullView: true },
  associate: { permissions: associate, fullView: true },
  // Limited platform keys: managing tenants includes reading them, as it must find them first.
  "tenants:read": { permissions: ["tenants:read"], fullView: true },
  "tenants:manage": { permissions: ["tenants:read", "tenants:manage"], fullView: true },
  "keys:manage": { permissions: ["keys:manage"], fullView: true },
};

const isCallerScope = (scope: string): scope is CallerScope => scope in grants;

export function grantsPermission(auth: AuthContext, permission: Permission): boolean {
  return auth.scopes.some((scope) => isCallerScope(scope) && grants[scope].permissions.includes(permission));
}

/** The narrowest key scope that grants a permission: what a refused key's holder must ask for. */
export function keyScopeGranting(permission: Permission): ApiKeyScope | PlatformKeyScope {
  if (grants.storefront.permissions.includes(permission)) return "storefront";
  return isPlatformPermission(permission) ? permission : "admin";
}

const isPlatformPermission = (permission: Permission): permission is PlatformKeyScope & Permission =>
  permission === "tenants:read" || permission === "tenants:manage" || permission === "keys:manage";

/** False when the caller sees the tenant as a shopper does (published products, its own orders). */
export const hasFullAccess = (auth: AuthContext): boolean =>
  auth.scopes.some((scope) => isCallerScope(scope) && grants[scope].fullView);
