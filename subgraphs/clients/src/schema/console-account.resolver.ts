import { Arg, Args, Ctx, ID, Mutation, Query, Resolver } from "type-graphql";
import type { AuthContext } from "../../../core/src/auth/context";
import { requirePlatformKeyAlone } from "../../../core/src/auth/guards";
import { PageArgs, type Connection } from "../../../core/src/graphql/pagination";
import type { ClientsContext } from "../context";
import type { ConsoleAccount as ConsoleAccountRow } from "../db";
import {
  createConsoleAccount,
  deactivateConsoleAccount,
  issueConsolePasswordToken,
  listConsoleAccounts,
  type AccountManager,
  type CreatedConsoleAccount,
} from "../services/console-accounts";
import type { IssuedPasswordToken } from "../services/password-tokens";
import {
  ConsoleAccount,
  ConsoleAccountConnection,
  CreateConsoleAccountInput,
  CreateConsoleAccountPayload,
} from "./console-account.types";
import { PasswordTokenPayload } from "./staff-app.types";

/** The operator manages every account; a platform (its key alone, or its admin signed in) its own admins. */
const managerOf = (auth: AuthContext): AccountManager =>
  auth.isAdmin ? { operator: true } : { operator: false, platform: requirePlatformKeyAlone(auth) };

@Resolver(() => ConsoleAccount)
export class ConsoleAccountResolver {
  @Query(() => ConsoleAccountConnection, {
    description: "Console accounts, oldest first: every one for the operator, the platform's own admins for a platform",
  })
  consoleAccounts(
    @Args(() => PageArgs) page: PageArgs,
    @Arg("clientAppId", () => ID, { nullable: true }) clientAppId: string | null,
    @Ctx() ctx: ClientsContext,
  ): Promise<Connection<ConsoleAccountRow>> {
    return listConsoleAccounts(ctx.prisma, managerOf(ctx.auth), page, clientAppId);
  }

  @Mutation(() => CreateConsoleAccountPayload, {
    description:
      "An operator (operator only) or platform admin account, with its single-use set-password token (72 h), shown once",
  })
  createConsoleAccount(
    @Arg("input", () => CreateConsoleAccountInput) input: CreateConsoleAccountInput,
    @Ctx() ctx: ClientsContext,
  ): Promise<CreatedConsoleAccount> {
    const by = managerOf(ctx.auth);
    return ctx.prisma.$transaction((tx) => createConsoleAccount(tx, by, input));
  }

  @Mutation(() => ConsoleAccount, { description: "The person can no longer sign in; their sessions end at once" })
  deactivateConsoleAccount(@Arg("id", () => ID) id: string, @Ctx() ctx: ClientsContext): Promise<ConsoleAccountRow> {
    const by = managerOf(ctx.auth);
    return ctx.prisma.$transaction((tx) => deactivateConsoleAccount(tx, by, id));
  }

  @Mutation(() => PasswordTokenPayload, {
    description: "A new single-use set-password token (72 h) for a console account (a forgotten password); earlier ones stop",
  })
  issueConsolePasswordToken(@Arg("id", () => ID) id: string, @Ctx() ctx: ClientsContext): Promise<IssuedPasswordToken> {
    const by = managerOf(ctx.auth);
    return ctx.prisma.$transaction((tx) => issueConsolePasswordToken(tx, by, id));
  }
}
