import { createHash, randomBytes } from "node:crypto";
import type { AuthContext } from "../../../core/src/auth/context";
import { csrfRefused, type SessionCsrf } from "../../../core/src/auth/console-session";
import type { AuthenticatedKeys, PresentedSession } from "../../../core/src/auth/credentials";
import type { ConsoleSessionSettings as SessionDurations } from "../../../core/src/config";
import { AppError, badInput } from "../../../core/src/errors";
import { isUuid } from "../../../core/src/ids";
import type { Db, RootDb, Tx } from "../db";
import { clearFailures, recordFailure, secondsUntilNextTry, throttleKeys } from "./login-throttle";
import { checkPasswordPolicy, hashPassword, verifyPassword } from "./passwords";
import { staffScopeOf } from "./staff-roles";
import { endAllSessions } from "./staff-sessions";
import { normaliseEmail } from "./users";

export interface ConsoleSessionSettings extends SessionDurations {
  csrf: SessionCsrf;
}

/** Who a console session is for: a console account, or a tenant's user (tenant staff). */
export type SessionPerson = { accountId: string } | { userId: string };

/** The three levels of people in the console, as the sign-in answers them. */
export type ConsoleLevel = "OPERATOR" | "PLATFORM_ADMIN" | "TENANT_STAFF";

export interface ConsolePerson {
  level: ConsoleLevel;
  name: string;
  email: string;
  /** The console account (operator, platform admin); null for tenant staff. */
  accountId: string | null;
  /** The tenant's user (tenant staff); null for console accounts. */
  userId: string | null;
  clientAppId: string | null;
  clientAppName: string | null;
  clientId: string | null;
  clientName: string | null;
  /** Tenant staff's role (OWNER, ADMIN, MANAGER, STAFF). */
  role: string | null;
}

/** What sign-in and `GET /auth/session` answer: the page keeps the CSRF token for its calls. */
export interface SessionAnswer {
  csrfToken: string;
  expiresAt: Date;
  person: ConsolePerson;
}

export interface StartedSession extends SessionAnswer {
  /** The cookie's value: never in a body, never stored. */
  token: string;
}

const hashToken = (token: string) => createHash("sha256").update(token).digest("hex");
const wrongCredentials = () => new AppError("UNAUTHENTICATED", "Wrong email or password");
export const sessionEnded = () => new AppError("UNAUTHENTICATED", "The console session has ended: sign in again");

/** The most tenants one email's staff sign-in looks at; more is no person's real set-up. */
const maxTenantsPerEmail = 20;

interface Candidate {
  person: SessionPerson;
  passwordHash: string | null;
  clientId: string | null;
  clientName: string | null;
}

function requireString(body: Record<string, unknown>, name: string, optional = false): string | undefined {
  const value = body[name];
  if (optional && (value === undefined || value === null)) return undefined;
  if (typeof value !== "string" || value.length === 0 || value.length > 1024) {
    throw badInput(`${name} is required (a string)`, { argument: name });
  }
  return value;
}

/**
 * Whoever may sign in with this email: a console account (unless a tenant is named) and the
 * staff users of active tenants of active platforms with that email (customers never).
 */
async function candidates(db: Db, email: string, clientId: string | undefined): Promise<Candidate[]> {
  const found: Candidate[] = [];
  if (clientId === undefined) {
    const [account] = await db.$queryRaw<{ id: string; passwordHash: string | null }[]>`
      SELECT a."id", a."passwordHash"
      FROM "ConsoleAccount" a
      LEFT JOIN "ClientApp" p ON p."id" = a."clientAppId"
      WHERE a."email" = ${email} AND a."isActive" AND (a."kind" = 'OPERATOR' OR p."isActive")`;
    if (account)
      found.push({
        person: { accountId: account.id },
        passwordHash: account.passwordHash,
        clientId: null,
        clientName: null,
      });
  } else if (!isUuid(clientId)) {
    return found;
  }
  const users = await db.$queryRaw<
    { id: string; passwordHash: string | null; clientId: string; clientName: string; role: string }[]
  >`
    SELECT u."id", u."passwordHash", c."id" AS "clientId", c."name" AS "clientName", u."role"::text AS "role"
    FROM "User" u
    JOIN "Client" c ON c."id" = u."clientId" AND c."isActive"
    JOIN "ClientApp" p ON p."id" = c."clientAppId" AND p."isActive"
    WHERE u."email" = ${email} AND u."isActive" AND u."passwordHash" IS NOT NULL
      AND (${clientId ?? null}::uuid IS NULL OR u."clientId" = ${clientId ?? null}::uuid)
    ORDER BY u."id"
    LIMIT ${maxTenantsPerEmail}`;
  for (const user of users) {
    if (staffScopeOf(user.role)) {
      found.push({
        person: { userId: user.id },
        passwordHash: user.passwordHash,
        clientId: user.clientId,
        clientName: user.clientName,
      });
    }
  }
  return found;
}

/**
 * Who the password opens. A console account comes first (a person who is also some tenant's
 * staff names the tenant to sign in as staff); staff of several tenants with the same
 * password are asked which one (409, after the password matched, so nobody learns the
 * tenants of an email without it).
 */
async function matchingPerson(found: Candidate[], password: string): Promise<SessionPerson | null> {
  if (found.length === 0) {
    await verifyPassword(null, password);
    return null;
  }
  const matches: Candidate[] = [];
  for (const candidate of found) {
    if (!(await verifyPassword(candidate.passwordHash, password))) continue;
    if ("accountId" in candidate.person) return candidate.person;
    matches.push(candidate);
  }
  if (matches.length > 1) {
    throw new AppError("CONFLICT", "This email and password sign in to several tenants: sign in again with clientId", {
      reason: "SEVERAL_TENANTS",
      tenants: matches.map(({ clientId, clientName }) => ({ clientId, name: clientName })),
    });
  }
  return matches[0]?.person ?? null;
}

/**
 * `POST /auth/session`: the console's sign-in. Throttled per email and per address before
 * any password is hashed (login-throttle.ts, shared with the staff apps); every failure is
 * the same 401, whichever of email, tenant or password was wrong.
 */
export async function signInToConsole(
  db: RootDb,
  settings: ConsoleSessionSettings,
  body: unknown,
  address: string,
  now = new Date(),
): Promise<StartedSession> {
  const fields = (body ?? {}) as Record<string, unknown>;
  const email = normaliseEmail(requireString(fields, "email")!);
  const password = requireString(fields, "password")!;
  const clientId = requireString(fields, "clientId", true);
  const keys = throttleKeys(`console:${email}`, address);
  await refuseWhileThrottled(db, keys, now);
  const person = await matchingPerson(await candidates(db, email, clientId), password);
  if (!person) {
    await recordFailure(db, keys, now);
    throw wrongCredentials();
  }
  await clearFailures(db, keys[0]!);
  const token = `cs_${randomBytes(32).toString("base64url")}`;
  const expiresAt = new Date(now.getTime() + settings.maxAgeMs);
  await db.consoleSession.create({
    data: { ...person, hash: hashToken(token), createdAt: now, lastSeenAt: now, expiresAt },
  });
  const live = await findLiveSession(db, token, settings.idleMs, now);
  if (!live) throw sessionEnded();
  return { token, ...answerFor(settings, token, live) };
}

async function refuseWhileThrottled(db: Db, keys: string[], now: Date): Promise<void> {
  const wait = await secondsUntilNextTry(db, keys, now);
  if (wait > 0) {
    throw new AppError("RATE_LIMITED", `Too many failed sign-ins: try again in ${wait} s`, { retryAfter: wait });
  }
}

interface SessionRow {
  id: string;
  accountId: string | null;
  userId: string | null;
  lastSeenAt: Date;
  expiresAt: Date;
  kind: "OPERATOR" | "PLATFORM_ADMIN" | null;
  accountName: string | null;
  accountEmail: string | null;
  userName: string | null;
  userEmail: string | null;
  role: string | null;
  clientId: string | null;
  clientName: string | null;
  clientAppId: string | null;
  clientAppName: string | null;
  rateLimitCapacity: number | null;
  rateLimitRestoreRate: number | null;
}

export interface LiveSession {
  id: string;
  person: ConsolePerson;
  expiresAt: Date;
  lastSeenAt: Date;
  rateLimit: AuthenticatedKeys["rateLimit"];
}

/**
 * The session behind a cookie, if it is live: not revoked, not past its absolute or idle
 * expiry, its person still active in an active tenant and platform. One indexed statement,
 * run for every cookie request on every replica: nothing caches it, so a revocation holds
 * on the next request everywhere.
 */
export async function findLiveSession(
  db: Db,
  token: string,
  idleMs: number,
  now = new Date(),
): Promise<LiveSession | null> {
  const idleSince = new Date(now.getTime() - idleMs);
  const [row] = await db.$queryRaw<SessionRow[]>`
    SELECT s."id", s."accountId", s."userId", s."lastSeenAt", s."expiresAt",
           a."kind"::text AS "kind", a."name" AS "accountName", a."email" AS "accountEmail",
           u."name" AS "userName", u."email" AS "userEmail", u."role"::text AS "role",
           c."id" AS "clientId", c."name" AS "clientName",
           p."id" AS "clientAppId", p."name" AS "clientAppName", p."rateLimitCapacity", p."rateLimitRestoreRate"
    FROM "ConsoleSession" s
    LEFT JOIN "ConsoleAccount" a ON a."id" = s."accountId" AND a."isActive"
    LEFT JOIN "User" u ON u."id" = s."userId" AND u."isActive"
    LEFT JOIN "Client" c ON c."id" = u."clientId" AND c."isActive"
    LEFT JOIN "ClientApp" p ON p."id" = COALESCE(a."clientAppId", c."clientAppId") AND p."isActive"
    WHERE s."hash" = ${hashToken(token)} AND s."revokedAt" IS NULL
      AND s."expiresAt" > ${now} AND s."lastSeenAt" > ${idleSince}`;
  const person = row ? personOf(row) : null;
  if (!row || !person) return null;
  return {
    id: row.id,
    person,
    expiresAt: row.expiresAt,
    lastSeenAt: row.lastSeenAt,
    rateLimit: { capacity: row.rateLimitCapacity, restoreRate: row.rateLimitRestoreRate },
  };
}

/** null when what the session stood on is gone (a deactivated account, user, tenant or platform). */
function personOf(row: SessionRow): ConsolePerson | null {
  const ids = {
    accountId: row.accountId,
    userId: row.userId,
    clientAppId: row.clientAppId,
    clientAppName: row.clientAppName,
  };
  if (row.accountId !== null) {
    if (row.kind === null || (row.kind === "PLATFORM_ADMIN" && row.clientAppId === null)) return null;
    const platform = row.kind === "PLATFORM_ADMIN";
    return {
      level: row.kind,
      name: row.accountName!,
      email: row.accountEmail!,
      ...ids,
      clientAppId: platform ? row.clientAppId : null,
      clientAppName: platform ? row.clientAppName : null,
      clientId: null,
      clientName: null,
      role: null,
    };
  }
  if (row.role === null || row.clientId === null || row.clientAppId === null || !staffScopeOf(row.role)) return null;
  return {
    level: "TENANT_STAFF",
    name: row.userName!,
    email: row.userEmail!,
    ...ids,
    clientId: row.clientId,
    clientName: row.clientName,
    role: row.role,
  };
}

function answerFor(settings: ConsoleSessionSettings, token: string, live: LiveSession): SessionAnswer {
  return { csrfToken: settings.csrf.tokenFor(token), expiresAt: live.expiresAt, person: live.person };
}

/**
 * Idle expiry counts from lastSeenAt, written at most once a minute per session (or four
 * times per idle period when that is shorter than four minutes), so a busy console costs
 * about one write a minute, not one per request. Not awaited: a request must not wait for
 * this bookkeeping.
 */
function noteActivity(db: Db, live: LiveSession, idleMs: number, now: Date): void {
  const resolutionMs = Math.min(60_000, idleMs / 4);
  if (now.getTime() - live.lastSeenAt.getTime() < resolutionMs) return;
  db.consoleSession
    .updateMany({
      where: { id: live.id, lastSeenAt: { lt: new Date(now.getTime() - resolutionMs) } },
      data: { lastSeenAt: now },
    })
    .catch(() => undefined);
}

/** A live session's person as the caller the gateway passes to the subgraphs. */
function authOf(person: ConsolePerson): AuthContext {
  const none = { clientAppId: null, clientId: null, keyId: null, userId: null, scopes: [], isAdmin: false };
  switch (person.level) {
    case "OPERATOR":
      return { ...none, accountId: person.accountId, isAdmin: true };
    case "PLATFORM_ADMIN":
      // As the platform key of its app (admin scope), alone.
      return { ...none, accountId: person.accountId, clientAppId: person.clientAppId, scopes: ["admin"] };
    case "TENANT_STAFF":
      return {
        ...none,
        clientAppId: person.clientAppId,
        clientId: person.clientId,
        userId: person.userId,
        scopes: [staffScopeOf(person.role!)!],
      };
  }
}

/** The credential resolver's answer for a session cookie (the gateway has checked its CSRF token). */
export async function authenticateConsoleSession(
  db: Db,
  presented: PresentedSession,
  now = new Date(),
): Promise<AuthenticatedKeys> {
  const live = await findLiveSession(db, presented.token, presented.idleMs, now);
  if (!live) throw sessionEnded();
  if (presented.activity) noteActivity(db, live, presented.idleMs, now);
  return {
    auth: authOf(live.person),
    keyIds: [],
    keysCreatedAt: [],
    expiresAt: live.expiresAt,
    rateLimit: live.rateLimit,
    allowedOrigins: null,
  };
}

/** `GET /auth/session`: who is signed in, and the CSRF token again (a reloaded page lost it). */
export async function currentSession(
  db: Db,
  settings: ConsoleSessionSettings,
  token: string | undefined,
  now = new Date(),
): Promise<SessionAnswer> {
  const live = token === undefined ? null : await findLiveSession(db, token, settings.idleMs, now);
  if (!live) throw sessionEnded();
  noteActivity(db, live, settings.idleMs, now);
  return answerFor(settings, token!, live);
}

/**
 * The session a state-changing console route acts for: live, and asked for by the console
 * itself (the CSRF token), not by a form of another site riding on the cookie.
 */
async function sessionActing(
  db: Db,
  settings: ConsoleSessionSettings,
  token: string | undefined,
  csrfToken: string | undefined,
  now: Date,
): Promise<LiveSession> {
  const live = token === undefined ? null : await findLiveSession(db, token, settings.idleMs, now);
  if (!live) throw sessionEnded();
  if (!settings.csrf.matches(token!, csrfToken)) throw csrfRefused();
  return live;
}

const personKey = (person: ConsolePerson): SessionPerson =>
  person.accountId !== null ? { accountId: person.accountId } : { userId: person.userId! };

/** Ends the person's console sessions (all, or all but one): sign-out everywhere, a new password, a deactivated account. */
export async function endConsoleSessions(
  db: Db,
  person: SessionPerson,
  now = new Date(),
  exceptId?: string,
): Promise<void> {
  await db.consoleSession.updateMany({
    where: { ...person, revokedAt: null, ...(exceptId && { id: { not: exceptId } }) },
    data: { revokedAt: now },
  });
}

/** `POST /auth/session/logout`: this session ends; an already ended one is no error. */
export async function signOutOfConsole(
  db: Db,
  settings: ConsoleSessionSettings,
  token: string | undefined,
  csrfToken: string | undefined,
  now = new Date(),
): Promise<void> {
  const live = token === undefined ? null : await findLiveSession(db, token, settings.idleMs, now);
  if (!live) return;
  if (!settings.csrf.matches(token!, csrfToken)) throw csrfRefused();
  await db.consoleSession.updateMany({ where: { id: live.id, revokedAt: null }, data: { revokedAt: now } });
}

/** `POST /auth/session/logout-everywhere`: every console session of the person, and tenant staff's staff-app sign-ins. */
export async function signOutEverywhere(
  db: RootDb,
  settings: ConsoleSessionSettings,
  token: string | undefined,
  csrfToken: string | undefined,
  now = new Date(),
): Promise<void> {
  const live = await sessionActing(db, settings, token, csrfToken, now);
  await db.$transaction((tx) => endEverySignIn(tx, live.person, now));
}

async function endEverySignIn(tx: Tx, person: ConsolePerson, now: Date, exceptId?: string): Promise<void> {
  await endConsoleSessions(tx, personKey(person), now, exceptId);
  if (person.userId !== null) await endAllSessions(tx, person.userId, now);
}

/**
 * `POST /auth/session/password`: the signed-in person changes their password, proving the
 * current one (throttled as a sign-in is: a stolen session must not become a password
 * oracle). Every other sign-in of the person ends; this session goes on.
 */
export async function changeConsolePassword(
  db: RootDb,
  settings: ConsoleSessionSettings,
  token: string | undefined,
  csrfToken: string | undefined,
  body: unknown,
  address: string,
  now = new Date(),
): Promise<void> {
  const live = await sessionActing(db, settings, token, csrfToken, now);
  const fields = (body ?? {}) as Record<string, unknown>;
  const currentPassword = requireString(fields, "currentPassword")!;
  const newPassword = checkPasswordPolicy(fields.newPassword);
  const keys = throttleKeys(`console:${live.person.email}`, address);
  await refuseWhileThrottled(db, keys, now);
  const person = personKey(live.person);
  const stored =
    "accountId" in person
      ? await db.consoleAccount.findUnique({ where: { id: person.accountId } })
      : await db.user.findUnique({ where: { id: person.userId } });
  if (!(await verifyPassword(stored?.passwordHash ?? null, currentPassword))) {
    await recordFailure(db, keys, now);
    throw new AppError("FORBIDDEN", "The current password is wrong", { argument: "currentPassword" });
  }
  await clearFailures(db, keys[0]!);
  const passwordHash = await hashPassword(newPassword);
  await db.$transaction(async (tx) => {
    if ("accountId" in person)
      await tx.consoleAccount.update({ where: { id: person.accountId }, data: { passwordHash } });
    else await tx.user.update({ where: { id: person.userId }, data: { passwordHash } });
    await endEverySignIn(tx, live.person, now, live.id);
  });
}
