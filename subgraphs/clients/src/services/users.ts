import type { TenantAuth } from "../../../core/src/auth/context";
import { AppError, notFound } from "../../../core/src/errors";
import { keysetPage, type Connection, type PageArgs } from "../../../core/src/graphql/pagination";
import { recordAudit } from "./audit-log";
import { isUuid } from "../../../core/src/ids";
import { v7 as uuidv7 } from "uuid";
import { Prisma, type Db, type RootDb, type User, type UserRole, type Tx } from "../db";

export interface NewUser {
  email: string;
  name: string;
  role?: UserRole | null;
  staffAppAccess?: boolean | null;
  externalId?: string | null;
}

export interface UserChanges {
  email?: string | null;
  name?: string | null;
  role?: UserRole | null;
  staffAppAccess?: boolean | null;
  isActive?: boolean | null;
  /** null clears it. */
  externalId?: string | null;
}

/** What an audit entry may show of a user: the password hash stays in its table. */
export function audited(user: User): Omit<User, "passwordHash"> {
  const { passwordHash, ...shown } = user;
  return shown;
}

/** Emails compare case-insensitively: `Ann@X.ch` and `ann@x.ch` are one address. */
export const normaliseEmail = (email: string): string => email.toLowerCase();

export async function createUser(db: Tx, auth: TenantAuth, input: NewUser): Promise<User> {
  const email = normaliseEmail(input.email);
  await assertUnique(db, auth.clientId, { email, externalId: input.externalId }, null);
  const user = await db.user.create({
    data: {
      clientId: auth.clientId,
      email,
      name: input.name,
      role: input.role ?? undefined,
      staffAppAccess: input.staffAppAccess ?? undefined,
      externalId: input.externalId ?? null,
    },
  });
  await recordAudit(db, auth, { action: "user.created", entityType: "User", entityId: user.id, after: audited(user) });
  return user;
}

export async function updateUser(db: Tx, auth: TenantAuth, id: string, changes: UserChanges): Promise<User> {
  const before = await findUser(db, auth, id);
  const email = changes.email ? normaliseEmail(changes.email) : undefined;
  await assertUnique(db, auth.clientId, { email, externalId: changes.externalId }, before.id);
  const after = await db.user.update({
    where: { id: before.id },
    data: {
      email,
      name: changes.name ?? undefined,
      role: changes.role ?? undefined,
      staffAppAccess: changes.staffAppAccess ?? undefined,
      isActive: changes.isActive ?? undefined,
      externalId: changes.externalId,
    },
  });
  await recordAudit(db, auth, {
    action: "user.updated",
    entityType: "User",
    entityId: after.id,
    before: audited(before),
    after: audited(after),
  });
  return after;
}

/** What a platform syncing its users sends for each: the whole profile, keyed by its own id. */
export interface SyncedUser {
  email: string;
  name: string;
  role?: UserRole | null;
  staffAppAccess?: boolean | null;
  isActive?: boolean | null;
}

export function findUserByExternalId(db: Db, auth: TenantAuth, externalId: string): Promise<User | null> {
  return db.user.findFirst({ where: { clientId: auth.clientId, externalId } });
}

/**
 * Creates the user with this externalId, or brings the existing one up to date: a sync can
 * send the same user any number of times. The insert is ON CONFLICT DO NOTHING on the
 * (client, externalId) index, so two concurrent calls never make two users nor fail on the
 * index: the loser waits for the winner's commit, then updates its row. A call that changes
 * nothing writes nothing and records no audit entry.
 */
export async function upsertUser(
  db: Tx,
  auth: TenantAuth,
  externalId: string,
  input: SyncedUser,
): Promise<{ user: User; created: boolean }> {
  const email = normaliseEmail(input.email);
  let existing = await findUserByExternalId(db, auth, externalId);
  if (!existing) {
    const emailTaken = await assertUnique(db, auth.clientId, { email }, null).then(
      () => null,
      (error: unknown) => error,
    );
    if (emailTaken) {
      // The email's owner may be this very user, inserted by a concurrent call since the read
      // above: then this call is an update. Any other owner is the conflict it says.
      existing = await findUserByExternalId(db, auth, externalId);
      if (!existing || existing.email !== email) throw emailTaken;
    }
  }
  if (!existing) {
    const inserted = await db.$queryRaw<{ id: string }[]>`
      INSERT INTO "User" ("id", "clientId", "email", "name", "role", "staffAppAccess", "isActive", "externalId", "updatedAt")
      VALUES (${uuidv7()}::uuid, ${auth.clientId}::uuid, ${email}, ${input.name},
              ${input.role ?? "CUSTOMER"}::"UserRole", ${input.staffAppAccess ?? false}, ${input.isActive ?? true},
              ${externalId}, now())
      ON CONFLICT ("clientId", "externalId") DO NOTHING
      RETURNING "id"`;
    if (inserted[0]) {
      const user = await db.user.findUniqueOrThrow({ where: { id: inserted[0].id } });
      await recordAudit(db, auth, {
        action: "user.created",
        entityType: "User",
        entityId: user.id,
        after: audited(user),
      });
      return { user, created: true };
    }
    // A concurrent call inserted it first; this statement sees its committed row.
    existing = await findUserByExternalId(db, auth, externalId);
    if (!existing) throw new AppError("CONFLICT", "The user changed concurrently; retry", { externalId });
  }
  const changes: UserChanges = {
    ...(email !== existing.email && { email }),
    ...(input.name !== existing.name && { name: input.name }),
    ...(input.role != null && input.role !== existing.role && { role: input.role }),
    ...(input.staffAppAccess != null &&
      input.staffAppAccess !== existing.staffAppAccess && { staffAppAccess: input.staffAppAccess }),
    ...(input.isActive != null && input.isActive !== existing.isActive && { isActive: input.isActive }),
  };
  if (Object.keys(changes).length === 0) return { user: existing, created: false };
  return { user: await updateUser(db, auth, existing.id, changes), created: false };
}

/**
 * upsertUser in a transaction of its own, tried again once when it lost a race on a unique
 * index ON CONFLICT does not arbitrate (two first calls with the same email, whose email
 * index entry Postgres may check before the externalId one): the retry finds the winner's row.
 */
export async function syncUser(
  prisma: RootDb,
  auth: TenantAuth,
  externalId: string,
  input: SyncedUser,
): Promise<{ user: User; created: boolean }> {
  const attempt = () => prisma.$transaction((tx) => upsertUser(tx, auth, externalId, input));
  try {
    return await attempt();
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") return attempt();
    throw error;
  }
}

/** One of the caller's users; another client's id is NOT_FOUND, never a hint that it exists. */
export async function findUser(db: Db, auth: TenantAuth, id: string): Promise<User> {
  const user = isUuid(id) ? await db.user.findFirst({ where: { id, clientId: auth.clientId } }) : null;
  if (!user) throw notFound("User", id);
  return user;
}

export async function listUsers(db: Db, auth: TenantAuth, args: PageArgs): Promise<Connection<User>> {
  const where: Prisma.UserWhereInput = { clientId: auth.clientId };
  return keysetPage(
    args,
    (query) => db.user.findMany({ where: { ...where, ...query.where }, orderBy: query.orderBy, take: query.take }),
    () => db.user.count({ where }),
  );
}

/**
 * A friendly CONFLICT naming the field; the unique indexes still decide when two requests
 * race, and their violation maps to CONFLICT too.
 */
async function assertUnique(
  db: Db,
  clientId: string,
  values: { email?: string | undefined; externalId?: string | null | undefined },
  exceptId: string | null,
): Promise<void> {
  const clashes = [
    ...(values.email ? [{ email: values.email }] : []),
    ...(values.externalId ? [{ externalId: values.externalId }] : []),
  ];
  if (clashes.length === 0) return;
  const existing = await db.user.findFirst({
    where: { clientId, OR: clashes, ...(exceptId && { id: { not: exceptId } }) },
  });
  if (!existing) return;
  const field = values.email && existing.email === values.email ? "email" : "externalId";
  throw new AppError("CONFLICT", `A user with this ${field} already exists`, { field });
}
