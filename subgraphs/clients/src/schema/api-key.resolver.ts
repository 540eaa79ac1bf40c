import { Arg, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from "type-graphql";
import { requirePlatform } from "../../../core/src/auth/guards";
import type { ApiKeyScope } from "../../../core/src/auth/scopes";
import type { ClientsContext } from "../context";
import { listApiKeys, revokeClientKey, rotateClientKey } from "../services/api-keys";
import { ApiKeyInfo, ApiKeyScopeName, IssuedApiKey, scopeEnumName } from "./api-key.types";

@Resolver(() => ApiKeyInfo)
export class ApiKeyResolver {
  @Query(() => [ApiKeyInfo], {
    description: "The calling client's keys; with the platform key alone, the platform's keys or those of `clientId`",
  })
  apiKeys(
    @Arg("clientId", () => ID, { nullable: true }) clientId: string | null,
    @Ctx() ctx: ClientsContext,
  ): Promise<ApiKeyInfo[]> {
    return listApiKeys(ctx.prisma, requirePlatform(ctx.auth, "keys:manage"), clientId);
  }

  @Mutation(() => IssuedApiKey, {
    description:
      "Issues a new client key; the client's current keys with the same scopes keep working for the grace period",
  })
  async rotateClientApiKey(
    @Arg("clientId", () => ID) clientId: string,
    @Arg("gracePeriodSeconds", () => Int, { defaultValue: 86400 }) gracePeriodSeconds: number,
    @Arg("scopes", () => [ApiKeyScopeName], {
      nullable: true,
      description: "Scopes of the new key, ADMIN when omitted; only the client's keys with these same scopes expire",
    })
    scopes: ApiKeyScope[] | null,
    @Ctx() ctx: ClientsContext,
  ): Promise<IssuedApiKey> {
    const auth = requirePlatform(ctx.auth, "keys:manage");
    const issued = await ctx.prisma.$transaction((tx) =>
      rotateClientKey(tx, auth, clientId, gracePeriodSeconds, scopes),
    );
    return { apiKey: issued.apiKey, info: issued.info };
  }

  @FieldResolver(() => [String], {
    description:
      "The key's scopes as the ApiKeyScope (client keys) or PlatformKeyScope (platform keys) values name them: ADMIN, STOREFRONT, TENANTS_READ, …",
  })
  grantedScopes(@Root() key: ApiKeyInfo): string[] {
    return key.scopes.map(scopeEnumName);
  }

  @Mutation(() => ApiKeyInfo)
  revokeApiKey(@Arg("id", () => ID) id: string, @Ctx() ctx: ClientsContext): Promise<ApiKeyInfo> {
    const auth = requirePlatform(ctx.auth, "keys:manage");
    return ctx.prisma.$transaction((tx) => revokeClientKey(tx, auth, id));
  }
}
