import { Arg, Args, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from "type-graphql";
import { requireTenant } from "../../../core/src/auth/guards";
import type { FamilyAccount as FamilyAccountRow, User as UserRow } from "../../../core/src/db/generated/client";
import { PageArgs, type Connection } from "../../../core/src/graphql/pagination";
import type { ClientsContext } from "../context";
import { createUser, listUsers, updateUser } from "../services/users";
import { CreateUserInput, FamilyAccount, UpdateUserInput, User, UserConnection } from "./types";

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

  @Mutation(() => User, { description: "The email is stored lower-cased; email and externalId are unique per client" })
  createUser(
    @Arg("input", () => CreateUserInput) input: CreateUserInput,
    @Ctx() ctx: ClientsContext,
  ): Promise<UserRow> {
    const auth = requireTenant(ctx.auth);
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

  @FieldResolver(() => FamilyAccount, { nullable: true })
  familyAccount(@Root() user: UserRow, @Ctx() ctx: ClientsContext): Promise<FamilyAccountRow | null> | null {
    return user.familyAccountId ? ctx.loaders.familyAccountById.load(user.familyAccountId) : null;
  }
}
