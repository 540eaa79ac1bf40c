import { AppError, unauthenticated } from "../errors";
import { hasPlatform, hasTenant, type AuthContext, type PlatformAuth, type TenantAuth } from "./context";
import { grantsPermission, keyScopeGranting, type Permission } from "./permissions";

/**
 * Resolvers call one of these first: the narrowed type then hands them the ids they
 * must scope every read and write to. The permission defaults to `admin`, so an operation is
 * closed to narrower callers unless its resolver names the permission that opens it.
 */
export function requireAdmin(auth: AuthContext): void {
  if (!auth.isAdmin) throw new AppError("UNAUTHENTICATED", "This operation needs the operator key (x-admin-key)");
}

export function requirePlatform(auth: AuthContext, permission: Permission = "admin"): PlatformAuth {
  if (!hasPlatform(auth)) throw unauthenticated();
  requirePermission(auth, permission);
  return auth;
}

export function requireTenant(auth: AuthContext, permission: Permission = "admin"): TenantAuth {
  if (!hasPlatform(auth)) throw unauthenticated();
  if (!hasTenant(auth)) {
    throw new AppError("UNAUTHENTICATED", "This operation needs both x-api-key and client-x-api-key");
  }
  requirePermission(auth, permission);
  return auth;
}

/** Any authenticated caller, whatever it may do: who-am-I questions. */
export function requireCaller(auth: AuthContext): PlatformAuth {
  if (!hasPlatform(auth)) throw unauthenticated();
  return auth;
}

export function requirePermission(auth: AuthContext, permission: Permission): void {
  if (grantsPermission(auth, permission)) return;
  const held = auth.scopes.length > 0 ? auth.scopes.join(", ") : "none";
  const requiredScope = keyScopeGranting(permission);
  // Keys are told the scope to ask for, people the permission their role lacks; a publishable
  // key can never be given more, so it is told where the operation belongs.
  const message =
    auth.userId !== null
      ? `This operation needs the ${permission} permission, which the ${held} role does not grant`
      : auth.scopes.includes("publishable")
        ? `A publishable key cannot do this (it needs ${permission}): call it from a server, with a secret key`
        : `This operation needs the ${requiredScope} scope; the key has: ${held}`;
  throw new AppError("FORBIDDEN", message, { requiredPermission: permission, requiredScope });
}

/** Operations a platform performs on its tenants, never a tenant on itself. */
export function requirePlatformKeyAlone(auth: AuthContext, permission: Permission = "admin"): PlatformAuth {
  const platform = requirePlatform(auth, permission);
  if (platform.clientId !== null) {
    throw new AppError("FORBIDDEN", "This operation takes the platform key (x-api-key) without a client key");
  }
  return platform;
}
