import { Arg, Args, Ctx, ID, Int, Mutation, Query, Resolver } from "type-graphql";
import type { AuthContext, PlatformAuth } from "../../../core/src/auth/context";
import { requireAdmin, requirePlatformKeyAlone } from "../../../core/src/auth/guards";
import type { PlatformKeyScope } from "../../../core/src/auth/scopes";
import { PageArgs, type Connection } from "../../../core/src/graphql/pagination";
import type { ClientsContext } from "../context";
import type { ApiKey } from "../db";
import { listPlatformKeys, operatorOn, revokePlatformKey, rotatePlatformKey } from "../services/platform-keys";
import { IssuedPlatformKey, PlatformKey, PlatformKeyConnection, PlatformKeyScopeName } from "./api-key.types";

/** Naming an app is the operator's; without one, a platform manages its own keys. */
function keyManager(auth: AuthContext, clientAppId: string | null | undefined): PlatformAuth {
  // An argument left out arrives as undefined, one sent as null as null: both mean none.
  if (clientAppId == null) return requirePlatformKeyAlone(auth, "keys:manage");
  requireAdmin(auth);
  return operatorOn(clientAppId);
}

@Resolver(() => PlatformKey)
export class PlatformKeyResolver {
  @Query(() => PlatformKeyConnection, {
    description: "The calling platform's keys (platform key alone), or with the operator key those of `clientAppId`",
  })
  platformKeys(
    @Args(() => PageArgs) page: PageArgs,
    @Arg("clientAppId", () => ID, { nullable: true }) clientAppId: string | null,
    @Ctx() ctx: ClientsContext,
  ): Promise<Connection<ApiKey>> {
    return listPlatformKeys(ctx.prisma, keyManager(ctx.auth, clientAppId).clientAppId, page);
  }

  @Mutation(() => IssuedPlatformKey, {
    description:
      "Issues a new platform key, returned once; the platform's keys with the same scopes stop after the grace period " +
      "(0: at once). With the platform key alone, or the operator key and `clientAppId`",
  })
  async rotatePlatformKey(
    @Arg("gracePeriodSeconds", () => Int, { description: "At most 30 days (2592000)" }) gracePeriodSeconds: number,
    @Arg("scopes", () => [PlatformKeyScopeName], {
      nullable: true,
      description: "Scopes of the new key, ADMIN when omitted; a limited key can only issue scopes it holds",
    })
    scopes: PlatformKeyScope[] | null,
    @Arg("clientAppId", () => ID, { nullable: true, description: "Operator only: whose key to rotate" })
    clientAppId: string | null,
    @Ctx() ctx: ClientsContext,
  ): Promise<IssuedPlatformKey> {
    const actor = keyManager(ctx.auth, clientAppId);
    const issued = await ctx.prisma.$transaction((tx) => rotatePlatformKey(tx, actor, gracePeriodSeconds, scopes));
    return { apiKey: issued.apiKey, info: issued.info };
  }

  @Mutation(() => PlatformKey, {
    description:
      "Stops a platform key at once on every gateway. A platform cannot revoke its last active key (rotate first); the operator can",
  })
  revokePlatformKey(@Arg("id", () => ID) id: string, @Ctx() ctx: ClientsContext): Promise<ApiKey> {
    // The operator key alone acts on any app's key; any platform key present means the platform acts.
    const actor = ctx.auth.isAdmin && ctx.auth.clientAppId === null ? null : requirePlatformKeyAlone(ctx.auth, "keys:manage");
    return ctx.prisma.$transaction((tx) => revokePlatformKey(tx, actor, id));
  }
}
