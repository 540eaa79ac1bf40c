import { AppError, unauthenticated } from "../errors";
import { hasPlatform, hasTenant, type AuthContext, type PlatformAuth, type TenantAuth } from "./context";

/**
 * Resolvers call one of these first: the narrowed type then hands them the ids they
 * must scope every read and write to.
 */
export function requireAdmin(auth: AuthContext): void {
  if (!auth.isAdmin) throw new AppError("UNAUTHENTICATED", "This operation needs the operator key (x-admin-key)");
}

export function requirePlatform(auth: AuthContext): PlatformAuth {
  if (!hasPlatform(auth)) throw unauthenticated();
  return auth;
}

export function requireTenant(auth: AuthContext): TenantAuth {
  if (!hasPlatform(auth)) throw unauthenticated();
  if (!hasTenant(auth)) {
    throw new AppError("UNAUTHENTICATED", "This operation needs both x-api-key and client-x-api-key");
  }
  return auth;
}

/** Operations a platform performs on its tenants, never a tenant on itself. */
export function requirePlatformKeyAlone(auth: AuthContext): PlatformAuth {
  const platform = requirePlatform(auth);
  if (platform.clientId !== null) {
    throw new AppError("FORBIDDEN", "This operation takes the platform key (x-api-key) without a client key");
  }
  return platform;
}
