import { createHash, randomBytes } from "node:crypto";
import type { TenantAuth } from "../../../core/src/auth/context";
import { AppError, badInput } from "../../../core/src/errors";
import type { RootDb, Tx } from "../db";
import { recordAudit } from "./audit-log";
import { checkPasswordPolicy, hashPassword } from "./passwords";
import { endConsoleSessions } from "./console-sessions";
import { endAllSessions } from "./staff-sessions";
import { findUser } from "./users";

/** Long enough to pass on by hand, short enough that a forgotten one stops mattering. */
const tokenLifetimeMs = 72 * 3600_000;

const hashToken = (token: string) => createHash("sha256").update(token).digest("hex");

export interface IssuedPasswordToken {
  /** Shown once: the admin hands it to the person (there is no mail server). */
  token: string;
  expiresAt: Date;
}

/** Whose password a token sets: a tenant's user or a console account. */
export type PasswordOwner = { userId: string } | { accountId: string };

/**
 * A new single-use token for the owner's password (a new account, or a reset). Earlier unused
 * tokens of the owner stop working: only the latest one handed out counts.
 */
export async function newPasswordToken(db: Tx, owner: PasswordOwner, now = new Date()): Promise<IssuedPasswordToken> {
  await db.passwordToken.updateMany({ where: { ...owner, usedAt: null }, data: { usedAt: now } });
  const token = `spt_${randomBytes(32).toString("base64url")}`;
  const expiresAt = new Date(now.getTime() + tokenLifetimeMs);
  await db.passwordToken.create({ data: { ...owner, hash: hashToken(token), expiresAt } });
  return { token, expiresAt };
}

/** A tenant admin's `issuePasswordToken` for one of its users. */
export async function issuePasswordToken(db: Tx, auth: TenantAuth, userId: string): Promise<IssuedPasswordToken> {
  const user = await findUser(db, auth, userId);
  const issued = await newPasswordToken(db, { userId: user.id });
  await recordAudit(db, auth, {
    action: "user.password_token_issued",
    entityType: "User",
    entityId: user.id,
    after: { expiresAt: issued.expiresAt },
  });
  return issued;
}

/** POST /auth/set-password: uses the token once; every sign-in of the person ends. */
export async function setPassword(db: RootDb, body: unknown, now = new Date()): Promise<void> {
  const { token, password } = (body ?? {}) as Record<string, unknown>;
  if (typeof token !== "string" || token.length === 0 || token.length > 1024) {
    throw badInput("token is required (a string)", { argument: "token" });
  }
  const passwordHash = await hashPassword(checkPasswordPolicy(password));
  await db.$transaction(async (tx) => {
    const [used] = await tx.passwordToken.updateManyAndReturn({
      where: { hash: hashToken(token), usedAt: null, expiresAt: { gt: now } },
      data: { usedAt: now },
    });
    if (!used) throw new AppError("UNAUTHENTICATED", "The set-password token is invalid, expired or already used");
    if (used.userId) {
      await tx.user.update({ where: { id: used.userId }, data: { passwordHash } });
      await endAllSessions(tx, used.userId, now);
      await endConsoleSessions(tx, { userId: used.userId }, now);
    } else if (used.accountId) {
      await tx.consoleAccount.update({ where: { id: used.accountId }, data: { passwordHash } });
      await endConsoleSessions(tx, { accountId: used.accountId }, now);
    }
  });
}
