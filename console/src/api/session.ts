/**
 * The console's browser session (POST/GET /auth/session, sign-out, set-password). The session id
 * lives in the HttpOnly `omni_session` cookie, which page scripts never see; what the page
 * keeps is the CSRF token, sent in `x-csrf-token` with every call the cookie authenticates.
 */
export type ConsoleLevel = "OPERATOR" | "PLATFORM_ADMIN" | "TENANT_STAFF";

export interface ConsolePerson {
  level: ConsoleLevel;
  name: string;
  email: string;
  accountId: string | null;
  userId: string | null;
  clientAppId: string | null;
  clientAppName: string | null;
  clientId: string | null;
  clientName: string | null;
  /** Tenant staff's role: OWNER, ADMIN, MANAGER or STAFF. */
  role: string | null;
}

export interface Session {
  csrfToken: string;
  expiresAt: string;
  person: ConsolePerson;
}

/** An answer of the REST routes that was not a success, in the API's own words. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

async function call<T>(path: string, init: { method?: string; body?: unknown; csrfToken?: string } = {}): Promise<T> {
  const headers: Record<string, string> = {};
  if (init.body !== undefined) headers["content-type"] = "application/json";
  if (init.csrfToken) headers["x-csrf-token"] = init.csrfToken;
  let response: Response;
  try {
    response = await fetch(path, {
      method: init.method ?? "GET",
      headers,
      credentials: "same-origin",
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
    });
  } catch {
    throw new ApiError(0, "NETWORK_ERROR", "The gateway cannot be reached: check that it is running");
  }
  const text = await response.text();
  const body = text ? (JSON.parse(text) as Record<string, unknown>) : {};
  if (!response.ok) {
    const error = (body.error ?? {}) as { code?: string; message?: string; details?: Record<string, unknown> };
    throw new ApiError(
      response.status,
      error.code ?? `HTTP_${response.status}`,
      error.message ?? `The gateway answered ${response.status}`,
      error.details,
    );
  }
  return body as T;
}

export interface SignIn {
  email: string;
  password: string;
  /** Needed only when the email is staff of several tenants (the 409 lists them). */
  clientId?: string;
}

export const signIn = (input: SignIn) => call<Session>("/auth/session", { method: "POST", body: input });

/** The live session, or null when there is none (never signed in, expired, signed out). */
export async function currentSession(): Promise<Session | null> {
  try {
    return await call<Session>("/auth/session");
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) return null;
    throw error;
  }
}

export const signOut = (csrfToken: string) => call("/auth/session/logout", { method: "POST", csrfToken });

/** Redeems a single-use set-password token (an invitation, or a reset an admin issued). */
export const setPassword = (token: string, password: string) =>
  call("/auth/set-password", { method: "POST", body: { token, password } });
