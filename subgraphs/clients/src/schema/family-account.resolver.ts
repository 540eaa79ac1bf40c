import { Arg, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from "type-graphql";
import { requireTenant } from "../../../core/src/auth/guards";
import { AppError } from "../../../core/src/errors";
import type { FamilyAccount as FamilyAccountRow, User as UserRow } from "../../../core/src/db/generated/client";
import type { ClientsContext } from "../context";
import { addFamilyMember, createFamilyAccount, removeFamilyMember } from "../services/family-accounts";
import { CreateFamilyAccountInput, FamilyAccount, User } from "./types";

@Resolver(() => FamilyAccount)
export class FamilyAccountResolver {
  @Query(() => FamilyAccount, { nullable: true, description: "One of the calling client's family accounts, or null" })
  familyAccount(@Arg("id", () => ID) id: string, @Ctx() ctx: ClientsContext): Promise<FamilyAccountRow | null> {
    requireTenant(ctx.auth);
    return ctx.loaders.familyAccountById.load(id);
  }

  @Mutation(() => FamilyAccount, { description: "The owner becomes the first member and cannot be in another family" })
  createFamilyAccount(
    @Arg("input", () => CreateFamilyAccountInput) input: CreateFamilyAccountInput,
    @Ctx() ctx: ClientsContext,
  ): Promise<FamilyAccountRow> {
    const auth = requireTenant(ctx.auth);
    return ctx.prisma.$transaction((tx) => createFamilyAccount(tx, auth, input));
  }

  @Mutation(() => FamilyAccount, {
    description: "A user belongs to at most one family; adding a member again changes nothing",
  })
  addFamilyMember(
    @Arg("familyAccountId", () => ID) familyAccountId: string,
    @Arg("userId", () => ID) userId: string,
    @Ctx() ctx: ClientsContext,
  ): Promise<FamilyAccountRow> {
    const auth = requireTenant(ctx.auth);
    return ctx.prisma.$transaction((tx) => addFamilyMember(tx, auth, familyAccountId, userId));
  }

  @Mutation(() => FamilyAccount, { description: "The owner cannot be removed" })
  removeFamilyMember(
    @Arg("familyAccountId", () => ID) familyAccountId: string,
    @Arg("userId", () => ID) userId: string,
    @Ctx() ctx: ClientsContext,
  ): Promise<FamilyAccountRow> {
    const auth = requireTenant(ctx.auth);
    return ctx.prisma.$transaction((tx) => removeFamilyMember(tx, auth, familyAccountId, userId));
  }

  @FieldResolver(() => User)
  async owner(@Root() family: FamilyAccountRow, @Ctx() ctx: ClientsContext): Promise<UserRow> {
    const owner = await ctx.loaders.userById.load(family.ownerId);
    // The owner is a user of the same client and cannot leave; a miss is a broken invariant.
    if (!owner) throw new AppError("INTERNAL_SERVER_ERROR", `Owner of family account ${family.id} not found`);
    return owner;
  }

  @FieldResolver(() => [User], { description: "The owner included, in the order they were created" })
  members(@Root() family: FamilyAccountRow, @Ctx() ctx: ClientsContext): Promise<UserRow[]> {
    return ctx.loaders.familyMembersByFamilyId.load(family.id);
  }
}
