import type { TenantAuth } from "../../../core/src/auth/context";
import { AppError, badInput, notFound } from "../../../core/src/errors";
import { recordAudit } from "./audit-log";
import { isUuid } from "../../../core/src/ids";
import { findUser } from "./users";
import { keysetPage, type Connection, type PageArgs } from "../../../core/src/graphql/pagination";
import type { Db, FamilyAccount, Tx } from "../db";

const alreadyInFamily = (userId: string, argument: string): AppError =>
  new AppError("CONFLICT", `User ${userId} already belongs to a family account`, { argument, userId });

/**
 * The owner is the family's first member. Joining is a conditional write on the user's one
 * `familyAccountId` column, so two concurrent requests can never put a user in two families.
 */
export async function createFamilyAccount(
  db: Tx,
  auth: TenantAuth,
  input: { name: string; ownerId: string },
): Promise<FamilyAccount> {
  const owner = await findUser(db, auth, input.ownerId);
  if (owner.familyAccountId) throw alreadyInFamily(owner.id, "ownerId");
  const family = await db.familyAccount.create({
    data: { clientId: auth.clientId, name: input.name, ownerId: owner.id },
  });
  const joined = await db.user.updateMany({
    where: { id: owner.id, clientId: auth.clientId, familyAccountId: null },
    data: { familyAccountId: family.id },
  });
  if (joined.count === 0) throw alreadyInFamily(owner.id, "ownerId");
  await recordAudit(db, auth, {
    action: "familyAccount.created",
    entityType: "FamilyAccount",
    entityId: family.id,
    after: { ...family, memberIds: [owner.id] },
  });
  return family;
}

/** Idempotent: adding a member of this family again changes nothing and records nothing. */
export async function addFamilyMember(
  db: Tx,
  auth: TenantAuth,
  familyAccountId: string,
  userId: string,
): Promise<FamilyAccount> {
  const family = await findFamilyAccount(db, auth, familyAccountId);
  if (!isUuid(userId)) throw notFound("User", userId);
  const before = await memberIds(db, family.id);
  const joined = await db.user.updateMany({
    where: { id: userId, clientId: auth.clientId, familyAccountId: null },
    data: { familyAccountId: family.id },
  });
  if (joined.count === 0) {
    // Nothing changed: find out why, from the row as it is now.
    const user = await findUser(db, auth, userId);
    if (user.familyAccountId === family.id) return family;
    throw alreadyInFamily(user.id, "userId");
  }
  await recordAudit(db, auth, {
    action: "familyAccount.memberAdded",
    entityType: "FamilyAccount",
    entityId: family.id,
    before: { memberIds: before },
    after: { memberIds: [...before, userId].sort() },
  });
  return family;
}

/** The owner stays; removing someone who is not a member changes nothing. */
export async function removeFamilyMember(
  db: Tx,
  auth: TenantAuth,
  familyAccountId: string,
  userId: string,
): Promise<FamilyAccount> {
  const family = await findFamilyAccount(db, auth, familyAccountId);
  if (userId === family.ownerId) {
    throw badInput("The owner cannot be removed from the family account", { argument: "userId" });
  }
  if (!isUuid(userId)) throw notFound("User", userId);
  const before = await memberIds(db, family.id);
  const left = await db.user.updateMany({
    where: { id: userId, clientId: auth.clientId, familyAccountId: family.id },
    data: { familyAccountId: null },
  });
  if (left.count === 0) {
    await findUser(db, auth, userId);
    return family;
  }
  await recordAudit(db, auth, {
    action: "familyAccount.memberRemoved",
    entityType: "FamilyAccount",
    entityId: family.id,
    before: { memberIds: before },
    after: { memberIds: before.filter((id) => id !== userId) },
  });
  return family;
}

export async function findFamilyAccount(db: Db, auth: TenantAuth, id: string): Promise<FamilyAccount> {
  const family = isUuid(id) ? await db.familyAccount.findFirst({ where: { id, clientId: auth.clientId } }) : null;
  if (!family) throw notFound("FamilyAccount", id);
  return family;
}

async function memberIds(db: Db, familyAccountId: string): Promise<string[]> {
  const members = await db.user.findMany({
    where: { familyAccountId },
    select: { id: true },
    orderBy: { id: "asc" },
  });
  return members.map((member) => member.id);
}

export async function listFamilyAccounts(db: Db, auth: TenantAuth, args: PageArgs): Promise<Connection<FamilyAccount>> {
  const where = { clientId: auth.clientId };
  return keysetPage(
    args,
    (query) =>
      db.familyAccount.findMany({ where: { ...where, ...query.where }, orderBy: query.orderBy, take: query.take }),
    () => db.familyAccount.count({ where }),
  );
}

/** The members stay users of the client, in no family: they may join or found another. */
export async function deleteFamilyAccount(db: Tx, auth: TenantAuth, id: string): Promise<void> {
  const family = await findFamilyAccount(db, auth, id);
  const members = await memberIds(db, family.id);
  await db.user.updateMany({ where: { familyAccountId: family.id }, data: { familyAccountId: null } });
  await db.familyAccount.delete({ where: { id: family.id } });
  await recordAudit(db, auth, {
    action: "familyAccount.deleted",
    entityType: "FamilyAccount",
    entityId: family.id,
    before: { ...family, memberIds: members },
  });
}

export interface Benefit {
  key: string;
  value: string;
}

export const maxBenefits = 50;
const benefitKeyPattern = /^[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}$/;

/**
 * Replaces the family's shared benefits as a whole (what every member's `benefits` shows).
 * Setting the same benefits again changes nothing and records nothing.
 */
export async function setFamilyBenefits(
  db: Tx,
  auth: TenantAuth,
  familyAccountId: string,
  benefits: readonly Benefit[],
): Promise<FamilyAccount> {
  if (benefits.length > maxBenefits) {
    throw badInput(`A family has at most ${maxBenefits} benefits`, { argument: "benefits" });
  }
  const next: Record<string, string> = {};
  for (const { key, value } of benefits) {
    if (!benefitKeyPattern.test(key)) {
      throw badInput("A benefit key is 1 to 64 letters, digits, '_', '.', ':' or '-'", { argument: "benefits", key });
    }
    if (value.length > 500) throw badInput("A benefit value has at most 500 characters", { argument: "benefits", key });
    if (key in next) throw badInput(`Benefit ${key} is given twice`, { argument: "benefits", key });
    next[key] = value;
  }
  const family = await findFamilyAccount(db, auth, familyAccountId);
  const before = benefitsOf(family);
  const after = Object.keys(next)
    .sort()
    .map((key) => ({ key, value: next[key]! }));
  if (JSON.stringify(before) === JSON.stringify(after)) return family;
  const sorted = Object.fromEntries(after.map(({ key, value }) => [key, value]));
  const updated = await db.familyAccount.update({ where: { id: family.id }, data: { benefits: sorted } });
  await recordAudit(db, auth, {
    action: "familyAccount.benefitsSet",
    entityType: "FamilyAccount",
    entityId: family.id,
    before: { benefits: family.benefits },
    after: { benefits: sorted },
  });
  return updated;
}

/** The stored { key: value } object as a list in key order; anything else in the column is ignored. */
export function benefitsOf(family: Pick<FamilyAccount, "benefits">): Benefit[] {
  const stored = family.benefits;
  if (stored === null || typeof stored !== "object" || Array.isArray(stored)) return [];
  return Object.entries(stored)
    .filter((entry): entry is [string, string] => typeof entry[1] === "string")
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([key, value]) => ({ key, value }));
}
