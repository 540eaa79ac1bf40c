import type { TenantAuth } from "../../../core/src/auth/context";
import type { User, UserRole } from "../../../core/src/db/generated/client";
import type { Db, Prisma } from "../../../core/src/db/types";
import { AppError, notFound } from "../../../core/src/errors";
import { keysetPage, type Connection, type PageArgs } from "../../../core/src/graphql/pagination";
import { recordAudit } from "./audit-log";
import { isUuid } from "../../../core/src/ids";

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

/** Emails compare case-insensitively: `Ann@X.ch` and `ann@x.ch` are one address. */
export const normaliseEmail = (email: string): string => email.toLowerCase();

export async function createUser(db: Db, auth: TenantAuth, input: NewUser): Promise<User> {
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
  await recordAudit(db, auth, { action: "user.created", entityType: "User", entityId: user.id, after: user });
  return user;
}

export async function updateUser(db: Db, auth: TenantAuth, id: string, changes: UserChanges): Promise<User> {
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
  await recordAudit(db, auth, { action: "user.updated", entityType: "User", entityId: after.id, before, after });
  return after;
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
