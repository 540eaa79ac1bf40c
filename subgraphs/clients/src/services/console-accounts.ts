import type { PlatformAuth } from "../../../core/src/auth/context";
import { AppError, badInput, forbidden, notFound } from "../../../core/src/errors";
import { keysetPage, type Connection, type PageArgs } from "../../../core/src/graphql/pagination";
import { isUuid } from "../../../core/src/ids";
import type { ConsoleAccount, ConsoleAccountKind, Db, Prisma, Tx } from "../db";
import { recordAudit } from "./audit-log";
import { endConsoleSessions } from "./console-sessions";
import { newPasswordToken, type IssuedPasswordToken } from "./password-tokens";
import { operatorOn } from "./platform-keys";
import { normaliseEmail } from "./users";

/**
 * Who manages console accounts: the operator (x-admin-key or an operator's session) manages
 * every one; a platform (its key alone, or one of its admins signed in) manages its own admins.
 */
export type AccountManager = { operator: true } | { operator: false; platform: PlatformAuth };

export interface NewConsoleAccount {
  email: string;
  name: string;
  kind: ConsoleAccountKind;
  clientAppId?: string | null;
}

export interface CreatedConsoleAccount {
  account: ConsoleAccount;
  /** Shown once: the person sets a password with it at POST /auth/set-password. */
  setPasswordToken: IssuedPasswordToken;
}

/** The app a new account belongs to: an operator is of none, a platform admin of exactly one. */
async function appOfNewAccount(db: Db, by: AccountManager, input: NewConsoleAccount): Promise<string | null> {
  if (!by.operator) {
    if (input.kind !== "PLATFORM_ADMIN") throw forbidden("A platform creates admins of its own app only");
    if (input.clientAppId && input.clientAppId !== by.platform.clientAppId) {
      throw forbidden("A platform creates admins of its own app only");
    }
    return by.platform.clientAppId;
  }
  if (input.kind === "OPERATOR") {
    if (input.clientAppId)
      throw badInput("An operator belongs to no client app: leave clientAppId out", { argument: "clientAppId" });
    return null;
  }
  const app =
    input.clientAppId && isUuid(input.clientAppId)
      ? await db.clientApp.findUnique({ where: { id: input.clientAppId } })
      : null;
  if (!app)
    throw badInput("A platform admin needs the clientAppId of an existing client app", { argument: "clientAppId" });
  return app.id;
}

/** Audit entries belong to a client app: a platform admin's go to its app's log; operators have none. */
async function audit(db: Tx, by: AccountManager, account: ConsoleAccount, action: string, before?: ConsoleAccount) {
  if (account.clientAppId === null) return;
  const actor = by.operator ? operatorOn(account.clientAppId) : { ...by.platform, clientId: null };
  await recordAudit(db, actor, {
    action,
    entityType: "ConsoleAccount",
    entityId: account.id,
    before: before && shown(before),
    after: shown(account),
  });
}

/** An account as the audit log keeps it: never its password hash. */
const shown = ({ passwordHash, ...account }: ConsoleAccount) => ({ ...account, hasPassword: passwordHash !== null });

/** The account and the single-use token with which its person sets a password, in one transaction. */
export async function createConsoleAccount(
  db: Tx,
  by: AccountManager,
  input: NewConsoleAccount,
): Promise<CreatedConsoleAccount> {
  const clientAppId = await appOfNewAccount(db, by, input);
  const email = normaliseEmail(input.email);
  if (await db.consoleAccount.findUnique({ where: { email } })) {
    throw new AppError("CONFLICT", `A console account with email ${email} already exists`, { field: "email" });
  }
  const account = await db.consoleAccount.create({ data: { email, name: input.name, kind: input.kind, clientAppId } });
  const setPasswordToken = await newPasswordToken(db, { accountId: account.id });
  await audit(db, by, account, "consoleAccount.created");
  return { account, setPasswordToken };
}

const managedBy = (by: AccountManager): Prisma.ConsoleAccountWhereInput =>
  by.operator ? {} : { clientAppId: by.platform.clientAppId };

async function managedAccount(db: Db, by: AccountManager, id: string): Promise<ConsoleAccount> {
  const account = isUuid(id) ? await db.consoleAccount.findFirst({ where: { id, ...managedBy(by) } }) : null;
  if (!account) throw notFound("ConsoleAccount", id);
  return account;
}

/** The operator's view: every account (or one app's); a platform's: its own admins. Oldest first. */
export function listConsoleAccounts(
  db: Db,
  by: AccountManager,
  page: PageArgs,
  clientAppId: string | null | undefined,
): Promise<Connection<ConsoleAccount>> {
  const where: Prisma.ConsoleAccountWhereInput = { ...(clientAppId && { clientAppId }), ...managedBy(by) };
  return keysetPage(
    page,
    (query) =>
      db.consoleAccount.findMany({ where: { ...where, ...query.where }, orderBy: query.orderBy, take: query.take }),
    () => db.consoleAccount.count({ where }),
  );
}

/** The person can no longer sign in, and their sessions end at once on every gateway (none caches them). */
export async function deactivateConsoleAccount(db: Tx, by: AccountManager, id: string): Promise<ConsoleAccount> {
  const before = await managedAccount(db, by, id);
  if (!before.isActive) return before;
  const after = await db.consoleAccount.update({ where: { id: before.id }, data: { isActive: false } });
  await endConsoleSessions(db, { accountId: after.id });
  await audit(db, by, after, "consoleAccount.deactivated", before);
  return after;
}

/** A new set-password token for an account (a forgotten password); earlier ones stop. */
export async function issueConsolePasswordToken(db: Tx, by: AccountManager, id: string): Promise<IssuedPasswordToken> {
  const account = await managedAccount(db, by, id);
  const issued = await newPasswordToken(db, { accountId: account.id });
  await audit(db, by, account, "consoleAccount.password_token_issued");
  return issued;
}
