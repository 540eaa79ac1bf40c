import { Arg, Args, Ctx, ID, Mutation, Query, Resolver } from "type-graphql";
import { requirePlatform } from "../../../core/src/auth/guards";
import { PageArgs, type Connection } from "../../../core/src/graphql/pagination";
import type { ClientsContext } from "../context";
import {
  issuePublishableKey,
  listPublishableKeys,
  revokePublishableKey,
  type IssuedPublishableKey as Issued,
  type PublishableKey,
} from "../services/publishable-keys";
import { IssuedPublishableKey, PublishableKeyConnection, PublishableKeyInfo } from "./publishable-key.types";

/**
 * The platform key acts on any of its tenants (naming `clientId`), a tenant's admin client key
 * on its own tenant; a storefront key, publishable or not, on none.
 */
@Resolver(() => PublishableKeyInfo)
export class PublishableKeyResolver {
  @Query(() => PublishableKeyConnection, {
    description: "A tenant's publishable keys, oldest first; `clientId` is required with the platform key alone",
  })
  publishableKeys(
    @Arg("clientId", () => ID, { nullable: true }) clientId: string | null,
    @Args(() => PageArgs) page: PageArgs,
    @Ctx() ctx: ClientsContext,
  ): Promise<Connection<PublishableKey>> {
    return listPublishableKeys(ctx.prisma, requirePlatform(ctx.auth), clientId, page);
  }

  @Mutation(() => IssuedPublishableKey, {
    description:
      "Issues a publishable key for a browser storefront at these origins (scheme://host[:port]); the tenant's other keys are left alone",
  })
  issuePublishableKey(
    @Arg("clientId", () => ID, { nullable: true }) clientId: string | null,
    @Arg("allowedOrigins", () => [String]) allowedOrigins: string[],
    @Ctx() ctx: ClientsContext,
  ): Promise<Issued> {
    const auth = requirePlatform(ctx.auth);
    return ctx.prisma.$transaction((tx) => issuePublishableKey(tx, auth, clientId, allowedOrigins));
  }

  @Mutation(() => PublishableKeyInfo, { description: "Stops a publishable key at once, on every gateway" })
  revokePublishableKey(@Arg("id", () => ID) id: string, @Ctx() ctx: ClientsContext): Promise<PublishableKey> {
    const auth = requirePlatform(ctx.auth);
    return ctx.prisma.$transaction((tx) => revokePublishableKey(tx, auth, id));
  }
}
