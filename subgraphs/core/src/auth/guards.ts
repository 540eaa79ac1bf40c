import { AppError, unauthenticated } from "../errors";
import { hasPlatform, hasTenant, type AuthContext, type PlatformAuth, type TenantAuth } from "./context";
import { grantsScope, type ApiKeyScope } from "./scopes";

/**
 * Resolvers call one of these first: the narrowed type then hands them the ids they
 * must scope every read and write to. The scope defaults to `admin`, so an operation is
 * closed to narrower keys unless its resolver names the scope that opens it.
 */
export function requireAdmin(auth: AuthContext): void {
  if (!auth.isAdmin) throw new AppError("UNAUTHENTICATED", "This operation needs the operator key (x-admin-key)");
}

export function requirePlatform(auth: AuthContext, scope: ApiKeyScope = "admin"): PlatformAuth {
  if (!hasPlatform(auth)) throw unauthenticated();
  requireScope(auth, scope);
  return auth;
}

export function requireTenant(auth: AuthContext, scope: ApiKeyScope = "admin"): TenantAuth {
  if (!hasPlatform(auth)) throw unauthenticated();
  if (!hasTenant(auth)) {
    throw new AppError("UNAUTHENTICATED", "This operation needs both x-api-key and client-x-api-key");
  }
  requireScope(auth, scope);
  return auth;
}

export function requireScope(auth: AuthContext, scope: ApiKeyScope): void {
  if (grantsScope(auth, scope)) return;
  const held = auth.scopes.length > 0 ? auth.scopes.join(", ") : "none";
  throw new AppError("FORBIDDEN", `This operation needs the ${scope} scope; the key has: ${held}`, {
    requiredScope: scope,
  });
}

/** Operations a platform performs on its tenants, never a tenant on itself. */
export function requirePlatformKeyAlone(auth: AuthContext): PlatformAuth {
  const platform = requirePlatform(auth);
  if (platform.clientId !== null) {
    throw new AppError("FORBIDDEN", "This operation takes the platform key (x-api-key) without a client key");
  }
  return platform;
}
