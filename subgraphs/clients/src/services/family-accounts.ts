import type { TenantAuth } from "../../../core/src/auth/context";
import type { FamilyAccount } from "../../../core/src/db/generated/client";
import type { Db } from "../../../core/src/db/types";
import { AppError, badInput, notFound } from "../../../core/src/errors";
import { recordAudit } from "./audit-log";
import { isUuid } from "../../../core/src/ids";
import { findUser } from "./users";

const alreadyInFamily = (userId: string, argument: string): AppError =>
  new AppError("CONFLICT", `User ${userId} already belongs to a family account`, { argument, userId });

/**
 * The owner is the family's first member. Joining is a conditional write on the user's one
 * `familyAccountId` column, so two concurrent requests can never put a user in two families.
 */
export async function createFamilyAccount(
  db: Db,
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
  db: Db,
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
  db: Db,
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
