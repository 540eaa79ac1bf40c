/** Who is calling, as the gateway resolved it from the request's keys. */
export interface AuthContext {
  clientAppId: string | null;
  clientId: string | null;
  keyId: string | null;
  /** The person acting (a staff user signed in to a staff app); null for keys. */
  userId: string | null;
  /** The console account acting (an operator's person, a platform admin): the audit log names it. */
  accountId?: string | null;
  scopes: string[];
  /** Caller presented the operator key (`x-admin-key`). */
  isAdmin: boolean;
}

export const anonymous: AuthContext = Object.freeze({
  clientAppId: null,
  clientId: null,
  keyId: null,
  userId: null,
  scopes: [],
  isAdmin: false,
}) as AuthContext;

export interface PlatformAuth extends AuthContext {
  clientAppId: string;
}

export interface TenantAuth extends PlatformAuth {
  clientId: string;
}

export const hasPlatform = (auth: AuthContext): auth is PlatformAuth => auth.clientAppId !== null;
export const hasTenant = (auth: AuthContext): auth is TenantAuth => auth.clientAppId !== null && auth.clientId !== null;
