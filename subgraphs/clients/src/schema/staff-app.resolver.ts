import { Arg, Ctx, ID, Mutation, Query, Resolver } from "type-graphql";
import { requirePlatform } from "../../../core/src/auth/guards";
import { badInput } from "../../../core/src/errors";
import type { ClientsContext } from "../context";
import type { StaffApp as StaffAppRow } from "../db";
import { actingTenant } from "../services/acting-tenant";
import { issuePasswordToken, type IssuedPasswordToken } from "../services/password-tokens";
import { listStaffApps, registerStaffApp, revokeStaffApp } from "../services/staff-apps";
import { PasswordTokenPayload, StaffApp } from "./staff-app.types";

@Resolver(() => StaffApp)
export class StaffAppResolver {
  @Query(() => [StaffApp], {
    description: "The calling client's staff apps, oldest first; `clientId` is required with the platform key alone",
  })
  async staffApps(
    @Arg("clientId", () => ID, { nullable: true }) clientId: string | null,
    @Ctx() ctx: ClientsContext,
  ): Promise<StaffAppRow[]> {
    return listStaffApps(ctx.prisma, await actingTenant(ctx.prisma, requirePlatform(ctx.auth), clientId));
  }

  @Mutation(() => StaffApp, {
    description:
      "Registers a staff app; users with staffAppAccess sign in to it. `clientId` is required with the platform key alone",
  })
  async registerStaffApp(
    @Arg("name") name: string,
    @Arg("clientId", () => ID, { nullable: true }) clientId: string | null,
    @Ctx() ctx: ClientsContext,
  ): Promise<StaffAppRow> {
    const platform = requirePlatform(ctx.auth);
    if (name.trim().length === 0 || name.length > 200) {
      throw badInput("A staff app needs a name of 1 to 200 characters", { argument: "name" });
    }
    const auth = await actingTenant(ctx.prisma, platform, clientId);
    return ctx.prisma.$transaction((tx) => registerStaffApp(tx, auth, name));
  }

  @Mutation(() => StaffApp, {
    description:
      "Its users can no longer sign in through it; their tokens from it stop. `clientId` is required with the platform key alone",
  })
  async revokeStaffApp(
    @Arg("id", () => ID) id: string,
    @Arg("clientId", () => ID, { nullable: true }) clientId: string | null,
    @Ctx() ctx: ClientsContext,
  ): Promise<StaffAppRow> {
    const auth = await actingTenant(ctx.prisma, requirePlatform(ctx.auth), clientId);
    return ctx.prisma.$transaction((tx) => revokeStaffApp(tx, auth, id));
  }

  @Mutation(() => PasswordTokenPayload, {
    description:
      "A single-use token (72 h) with which the user sets a password at POST /auth/set-password; earlier ones stop. `clientId` is required with the platform key alone",
  })
  async issuePasswordToken(
    @Arg("userId", () => ID) userId: string,
    @Arg("clientId", () => ID, { nullable: true }) clientId: string | null,
    @Ctx() ctx: ClientsContext,
  ): Promise<IssuedPasswordToken> {
    const auth = await actingTenant(ctx.prisma, requirePlatform(ctx.auth), clientId);
    return ctx.prisma.$transaction((tx) => issuePasswordToken(tx, auth, userId));
  }
}
