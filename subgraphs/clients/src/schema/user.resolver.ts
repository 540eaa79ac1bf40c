import { Arg, Args, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from "type-graphql";
import { requirePlatform, requireTenant } from "../../../core/src/auth/guards";
import { badInput } from "../../../core/src/errors";
import { PageArgs, type Connection } from "../../../core/src/graphql/pagination";
import type { ClientsContext } from "../context";
import { actingTenant } from "../services/acting-tenant";
import { benefitsOf, type Benefit } from "../services/family-accounts";
import { createUser, findUserByExternalId, listUsers, syncUser, updateUser } from "../services/users";
import { FamilyAccount, FamilyBenefit } from "./family-account.types";
import {
  CreateUserInput,
  UpdateUserInput,
  UpsertUserInput,
  UpsertUserPayload,
  User,
  UserConnection,
} from "./user.types";
import type { FamilyAccount as FamilyAccountRow, User as UserRow } from "../db";

@Resolver(() => User)
export class UserResolver {
  @Query(() => UserConnection, { description: "The calling client's users, oldest first" })
  users(@Args(() => PageArgs) page: PageArgs, @Ctx() ctx: ClientsContext): Promise<Connection<UserRow>> {
    return listUsers(ctx.prisma, requireTenant(ctx.auth), page);
  }

  @Query(() => User, { nullable: true, description: "One of the calling client's users, or null" })
  user(@Arg("id", () => ID) id: string, @Ctx() ctx: ClientsContext): Promise<UserRow | null> {
    requireTenant(ctx.auth);
    return ctx.loaders.userById.load(id);
  }

  @Query(() => User, { nullable: true, description: "The calling client's user with this externalId, or null" })
  userByExternalId(
    @Arg("externalId", () => String) externalId: string,
    @Ctx() ctx: ClientsContext,
  ): Promise<UserRow | null> {
    return findUserByExternalId(ctx.prisma, requireTenant(ctx.auth), externalId);
  }

  @Mutation(() => UpsertUserPayload, {
    description:
      "Creates the user with this externalId or updates it to match: sending the same user again is a no-op, " +
      "and concurrent calls make one user",
  })
  upsertUser(
    @Arg("externalId", () => String) externalId: string,
    @Arg("input", () => UpsertUserInput) input: UpsertUserInput,
    @Ctx() ctx: ClientsContext,
  ): Promise<{ user: UserRow; created: boolean }> {
    if (externalId.length === 0 || externalId.length > 200) {
      throw badInput("externalId must be 1 to 200 characters", { argument: "externalId" });
    }
    return syncUser(ctx.prisma, requireTenant(ctx.auth), externalId, input);
  }

  @Mutation(() => User, {
    description:
      "The email is stored lower-cased; email and externalId are unique per client. `clientId` is required with the platform key alone (a platform invites a tenant's first staff member)",
  })
  async createUser(
    @Arg("input", () => CreateUserInput) input: CreateUserInput,
    @Arg("clientId", () => ID, { nullable: true }) clientId: string | null,
    @Ctx() ctx: ClientsContext,
  ): Promise<UserRow> {
    const auth = await actingTenant(ctx.prisma, requirePlatform(ctx.auth), clientId);
    return ctx.prisma.$transaction((tx) => createUser(tx, auth, input));
  }

  @Mutation(() => User)
  updateUser(
    @Arg("id", () => ID) id: string,
    @Arg("input", () => UpdateUserInput) input: UpdateUserInput,
    @Ctx() ctx: ClientsContext,
  ): Promise<UserRow> {
    const auth = requireTenant(ctx.auth);
    return ctx.prisma.$transaction((tx) => updateUser(tx, auth, id, input));
  }

  @FieldResolver(() => Boolean, { description: "Whether a password is set (the hash itself is never shown)" })
  hasPassword(@Root() user: UserRow): boolean {
    return user.passwordHash !== null;
  }

  @FieldResolver(() => [FamilyBenefit], { description: "Its family's shared benefits; none outside a family" })
  async benefits(@Root() user: UserRow, @Ctx() ctx: ClientsContext): Promise<Benefit[]> {
    const family = user.familyAccountId ? await ctx.loaders.familyAccountById.load(user.familyAccountId) : null;
    return family ? benefitsOf(family) : [];
  }

  @FieldResolver(() => FamilyAccount, { nullable: true })
  familyAccount(@Root() user: UserRow, @Ctx() ctx: ClientsContext): Promise<FamilyAccountRow | null> | null {
    return user.familyAccountId ? ctx.loaders.familyAccountById.load(user.familyAccountId) : null;
  }
}
