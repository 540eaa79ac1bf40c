import { Arg, Args, Ctx, ID, Mutation, Query, Resolver } from "type-graphql";
import { requirePlatform, requirePlatformKeyAlone } from "../../../core/src/auth/guards";
import { PageArgs, type Connection } from "../../../core/src/graphql/pagination";
import type { ClientsContext } from "../context";
import {
  deactivateClient,
  findClientByExternalId,
  listClients,
  reactivateClient,
  registerClient,
  updateClient,
} from "../services/clients";
import { Client, ClientConnection, ClientFilter, RegisterClientInput, RegisterClientPayload, UpdateClientInput } from "./client.types";

@Resolver(() => Client)
export class ClientResolver {
  @Query(() => ClientConnection, { description: "The clients of the calling platform (x-api-key)" })
  clients(
    @Args(() => PageArgs) page: PageArgs,
    @Arg("filter", () => ClientFilter, { nullable: true }) filter: ClientFilter | null,
    @Ctx() ctx: ClientsContext,
  ): Promise<Connection<Client>> {
    return listClients(ctx.prisma, requirePlatform(ctx.auth, "tenants:read"), page, filter);
  }

  @Query(() => Client, { nullable: true, description: "One of the calling platform's clients, or null" })
  client(@Arg("id", () => ID) id: string, @Ctx() ctx: ClientsContext): Promise<Client | null> {
    requirePlatform(ctx.auth, "tenants:read");
    return ctx.loaders.clientById.load(id);
  }

  @Query(() => Client, {
    nullable: true,
    description: "The calling platform's client registered with this externalId (its id in the platform), or null",
  })
  clientByExternalId(
    @Arg("externalId", () => String) externalId: string,
    @Ctx() ctx: ClientsContext,
  ): Promise<Client | null> {
    return findClientByExternalId(ctx.prisma, requirePlatform(ctx.auth, "tenants:read"), externalId);
  }

  @Mutation(() => RegisterClientPayload, { description: "Platform key only; returns the client key once" })
  async registerClient(
    @Arg("input", () => RegisterClientInput) input: RegisterClientInput,
    @Ctx() ctx: ClientsContext,
  ): Promise<RegisterClientPayload> {
    const auth = requirePlatformKeyAlone(ctx.auth, "tenants:manage");
    const { scopes, ...profile } = input;
    const { client, key } = await ctx.prisma.$transaction((tx) => registerClient(tx, auth, profile, scopes));
    return { client, apiKey: key.apiKey, apiKeyInfo: key.info };
  }

  @Mutation(() => Client)
  updateClient(
    @Arg("id", () => ID) id: string,
    @Arg("input", () => UpdateClientInput) input: UpdateClientInput,
    @Ctx() ctx: ClientsContext,
  ): Promise<Client> {
    const auth = requirePlatform(ctx.auth, "tenants:manage");
    return ctx.prisma.$transaction((tx) => updateClient(tx, auth, id, input));
  }

  @Mutation(() => Client, { description: "Revokes every key of the client at once" })
  deactivateClient(@Arg("id", () => ID) id: string, @Ctx() ctx: ClientsContext): Promise<Client> {
    const auth = requirePlatformKeyAlone(ctx.auth, "tenants:manage");
    return ctx.prisma.$transaction((tx) => deactivateClient(tx, auth, id));
  }

  @Mutation(() => Client, { description: "Keys revoked by deactivation stay revoked: issue one with rotateClientApiKey" })
  reactivateClient(@Arg("id", () => ID) id: string, @Ctx() ctx: ClientsContext): Promise<Client> {
    const auth = requirePlatformKeyAlone(ctx.auth, "tenants:manage");
    return ctx.prisma.$transaction((tx) => reactivateClient(tx, auth, id));
  }
}
