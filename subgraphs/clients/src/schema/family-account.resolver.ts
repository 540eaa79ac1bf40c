import { Arg, Args, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from "type-graphql";
import { PageArgs, type Connection } from "../../../core/src/graphql/pagination";
import { requireTenant } from "../../../core/src/auth/guards";
import { AppError } from "../../../core/src/errors";
import type { ClientsContext } from "../context";
import {
  addFamilyMember,
  benefitsOf,
  createFamilyAccount,
  deleteFamilyAccount,
  listFamilyAccounts,
  removeFamilyMember,
  setFamilyBenefits,
  type Benefit,
} from "../services/family-accounts";
import {
  CreateFamilyAccountInput,
  FamilyAccount,
  FamilyAccountConnection,
  FamilyBenefit,
  FamilyBenefitInput,
} from "./family-account.types";
import { User } from "./user.types";
import type { FamilyAccount as FamilyAccountRow, User as UserRow } from "../db";

@Resolver(() => FamilyAccount)
export class FamilyAccountResolver {
  @Query(() => FamilyAccount, { nullable: true, description: "One of the calling client's family accounts, or null" })
  familyAccount(@Arg("id", () => ID) id: string, @Ctx() ctx: ClientsContext): Promise<FamilyAccountRow | null> {
    requireTenant(ctx.auth);
    return ctx.loaders.familyAccountById.load(id);
  }

  @Query(() => FamilyAccountConnection, { description: "The calling client's family accounts, oldest first" })
  familyAccounts(@Args(() => PageArgs) page: PageArgs, @Ctx() ctx: ClientsContext): Promise<Connection<FamilyAccountRow>> {
    return listFamilyAccounts(ctx.prisma, requireTenant(ctx.auth), page);
  }

  @Mutation(() => Boolean, { description: "Its members stay users of the client, in no family" })
  async deleteFamilyAccount(@Arg("id", () => ID) id: string, @Ctx() ctx: ClientsContext): Promise<boolean> {
    const auth = requireTenant(ctx.auth);
    await ctx.prisma.$transaction((tx) => deleteFamilyAccount(tx, auth, id));
    return true;
  }

  @Mutation(() => FamilyAccount, {
    description: "Replaces the family's shared benefits, which every member's `benefits` shows; [] clears them",
  })
  setFamilyBenefits(
    @Arg("familyAccountId", () => ID) familyAccountId: string,
    @Arg("benefits", () => [FamilyBenefitInput]) benefits: FamilyBenefitInput[],
    @Ctx() ctx: ClientsContext,
  ): Promise<FamilyAccountRow> {
    const auth = requireTenant(ctx.auth);
    return ctx.prisma.$transaction((tx) => setFamilyBenefits(tx, auth, familyAccountId, benefits));
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

  @FieldResolver(() => [FamilyBenefit], { description: "Shared with every member, in key order" })
  benefits(@Root() family: FamilyAccountRow): Benefit[] {
    return benefitsOf(family);
  }

  @FieldResolver(() => [User], { description: "The owner included, in the order they were created" })
  members(@Root() family: FamilyAccountRow, @Ctx() ctx: ClientsContext): Promise<UserRow[]> {
    return ctx.loaders.familyMembersByFamilyId.load(family.id);
  }
}
