import { createHash, randomBytes, randomUUID } from "node:crypto";
import type { AccessTokens } from "../../../core/src/auth/access-tokens";
import { AppError, badInput } from "../../../core/src/errors";
import { isUuid } from "../../../core/src/ids";
import type { Db, RootDb } from "../db";
import { clearFailures, recordFailure, secondsUntilNextTry, throttleKeys } from "./login-throttle";
import { verifyPassword } from "./passwords";
import { normaliseEmail } from "./users";
import { staffScopeOf } from "./staff-roles";

export interface SignIn {
  email: string;
  password: string;
  appId: string;
}

/** What POST /auth/login and /auth/refresh answer (RFC 6749 names, camel-cased as seed 004 uses them). */
export interface IssuedTokens {
  accessToken: string;
  refreshToken: string;
  tokenType: "Bearer";
  expiresIn: number;
}

export interface SessionSettings {
  tokens: AccessTokens;
  refreshTokenTtlMs: number;
}

const wrongCredentials = () => new AppError("UNAUTHENTICATED", "Wrong email or password");
const hashToken = (token: string) => createHash("sha256").update(token).digest("hex");
const newRefreshToken = () => `rt_${randomBytes(32).toString("base64url")}`;

function requireFields(body: unknown): SignIn {
  const { email, password, appId } = (body ?? {}) as Record<string, unknown>;
  for (const [name, value] of Object.entries({ email, password, appId })) {
    if (typeof value !== "string" || value.length === 0 || value.length > 1024) {
      throw badInput(`${name} is required (a string)`, { argument: name });
    }
  }
  return { email: email as string, password: password as string, appId: appId as string };
}

interface StaffMember {
  id: string;
  clientId: string;
  clientAppId: string;
  passwordHash: string | null;
  role: string;
}

/** The user who may sign in to this app: active, with staff app access, in an active tenant and platform. */
async function staffMember(db: Db, appId: string, email: string): Promise<StaffMember | null> {
  if (!isUuid(appId)) return null;
  const [member] = await db.$queryRaw<StaffMember[]>`
    SELECT u."id", u."clientId", c."clientAppId", u."passwordHash", u."role"::text AS "role"
    FROM "StaffApp" s
    JOIN "Client" c ON c."id" = s."clientId" AND c."isActive"
    JOIN "ClientApp" a ON a."id" = c."clientAppId" AND a."isActive"
    JOIN "User" u ON u."clientId" = s."clientId" AND u."email" = ${email}
    WHERE s."id" = ${appId}::uuid AND s."revokedAt" IS NULL
      AND u."isActive" AND u."staffAppAccess"`;
  return member && staffScopeOf(member.role) ? member : null;
}

/**
 * A staff user's sign-in to a staff app. Throttled per account and per address before the
 * password is even hashed; every failure is the same 401, whether the email, the app or the
 * password was wrong.
 */
export async function signIn(
  db: RootDb,
  settings: SessionSettings,
  body: unknown,
  address: string,
  now = new Date(),
): Promise<IssuedTokens> {
  const { email: givenEmail, password, appId } = requireFields(body);
  const email = normaliseEmail(givenEmail);
  const keys = throttleKeys(`${appId}:${email}`, address);
  const wait = await secondsUntilNextTry(db, keys, now);
  if (wait > 0) {
    throw new AppError("RATE_LIMITED", `Too many failed sign-ins: try again in ${wait} s`, { retryAfter: wait });
  }
  const member = await staffMember(db, appId, email);
  if (!(await verifyPassword(member?.passwordHash ?? null, password)) || !member) {
    await recordFailure(db, keys, now);
    throw wrongCredentials();
  }
  await clearFailures(db, keys[0]!);
  return issueTokens(db, settings, member, appId, randomUUID(), now);
}

async function issueTokens(
  db: Db,
  settings: SessionSettings,
  member: Pick<StaffMember, "id" | "clientId" | "clientAppId">,
  staffAppId: string,
  familyId: string,
  now: Date,
): Promise<IssuedTokens> {
  const refreshToken = newRefreshToken();
  await db.refreshToken.create({
    data: {
      familyId,
      userId: member.id,
      staffAppId,
      hash: hashToken(refreshToken),
      expiresAt: new Date(now.getTime() + settings.refreshTokenTtlMs),
    },
  });
  const accessToken = await settings.tokens.sign({
    userId: member.id,
    staffAppId,
    clientId: member.clientId,
    clientAppId: member.clientAppId,
    familyId,
  });
  return { accessToken, refreshToken, tokenType: "Bearer", expiresIn: settings.tokens.ttlSeconds };
}

function requireRefreshToken(body: unknown): string {
  const { refreshToken } = (body ?? {}) as Record<string, unknown>;
  if (typeof refreshToken !== "string" || refreshToken.length === 0 || refreshToken.length > 1024) {
    throw badInput("refreshToken is required (a string)", { argument: "refreshToken" });
  }
  return refreshToken;
}

const refreshRefused = () =>
  new AppError("UNAUTHENTICATED", "The refresh token is invalid, expired or already used: sign in again");

/**
 * Uses a refresh token once and hands out the next of its family. A token presented a second
 * time means two holders (the app and a thief): the whole family is revoked, both sign in again.
 */
export async function refresh(
  db: RootDb,
  settings: SessionSettings,
  body: unknown,
  now = new Date(),
): Promise<IssuedTokens> {
  const hash = hashToken(requireRefreshToken(body));
  const tokens = await db.$transaction(async (tx) => {
    // Marking it used is the check: of two concurrent refreshes with one token, one wins.
    const [used] = await tx.refreshToken.updateManyAndReturn({
      where: { hash, usedAt: null, revokedAt: null, expiresAt: { gt: now } },
      data: { usedAt: now },
    });
    if (!used) {
      const known = await tx.refreshToken.findUnique({ where: { hash } });
      if (known?.usedAt) {
        await tx.refreshToken.updateMany({
          where: { familyId: known.familyId, revokedAt: null },
          data: { revokedAt: now },
        });
      }
      return null;
    }
    const [member] = await tx.$queryRaw<StaffMember[]>`
      SELECT u."id", u."clientId", c."clientAppId", u."passwordHash", u."role"::text AS "role"
      FROM "User" u
      JOIN "Client" c ON c."id" = u."clientId" AND c."isActive"
      JOIN "ClientApp" a ON a."id" = c."clientAppId" AND a."isActive"
      JOIN "StaffApp" s ON s."id" = ${used.staffAppId}::uuid AND s."revokedAt" IS NULL
      WHERE u."id" = ${used.userId}::uuid AND u."isActive" AND u."staffAppAccess"`;
    if (!member || !staffScopeOf(member.role)) return null;
    return issueTokens(tx, settings, member, used.staffAppId, used.familyId, now);
  });
  // Refused after the transaction, so a reused token's family revocation is committed.
  if (!tokens) throw refreshRefused();
  return tokens;
}

/** Signs the app out: the refresh token's family ends, and with it the access tokens it issued. */
export async function signOut(db: RootDb, body: unknown, now = new Date()): Promise<void> {
  const known = await db.refreshToken.findUnique({ where: { hash: hashToken(requireRefreshToken(body)) } });
  if (!known) return;
  await db.refreshToken.updateMany({ where: { familyId: known.familyId, revokedAt: null }, data: { revokedAt: now } });
}

/** Every sign-in of the user ends (sign-out everywhere, a changed password). */
export async function endAllSessions(db: Db, userId: string, now = new Date()): Promise<void> {
  await db.refreshToken.updateMany({ where: { userId, revokedAt: null }, data: { revokedAt: now } });
}
