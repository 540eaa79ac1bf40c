import { Arg, Args, Ctx, ID, Mutation, Query, Resolver } from "type-graphql";
import { requireAdmin } from "../../../core/src/auth/guards";
import { PageArgs, type Connection } from "../../../core/src/graphql/pagination";
import type { ClientsContext } from "../context";
import type { ClientApp as ClientAppRow } from "../db";
import { createClientApp, deactivateClientApp, listClientApps, reactivateClientApp } from "../services/client-apps";
import { ClientApp, ClientAppConnection, CreateClientAppInput, CreateClientAppPayload } from "./client-app.types";

@Resolver()
export class ClientAppResolver {
  @Query(() => ClientAppConnection, { description: "Operator only (x-admin-key): every platform, oldest first" })
  clientApps(@Args(() => PageArgs) page: PageArgs, @Ctx() ctx: ClientsContext): Promise<Connection<ClientAppRow>> {
    requireAdmin(ctx.auth);
    return listClientApps(ctx.prisma, page);
  }

  @Mutation(() => CreateClientAppPayload, { description: "Operator only (x-admin-key); returns the platform key once" })
  async createClientApp(
    @Arg("input", () => CreateClientAppInput) input: CreateClientAppInput,
    @Ctx() ctx: ClientsContext,
  ): Promise<CreateClientAppPayload> {
    requireAdmin(ctx.auth);
    const created = await ctx.prisma.$transaction((tx) => createClientApp(tx, input));
    const apiKeyInfo = await ctx.prisma.apiKey.findUniqueOrThrow({ where: { id: created.keyId } });
    return { clientApp: created.clientApp, apiKey: created.apiKey, apiKeyInfo };
  }

  @Mutation(() => ClientApp, {
    description:
      "Operator only: the platform's keys and every one of its tenants are refused (403) at once; its keys are kept",
  })
  deactivateClientApp(@Arg("id", () => ID) id: string, @Ctx() ctx: ClientsContext): Promise<ClientAppRow> {
    requireAdmin(ctx.auth);
    return ctx.prisma.$transaction((tx) => deactivateClientApp(tx, id));
  }

  @Mutation(() => ClientApp, { description: "Operator only: the platform's unrevoked keys work again" })
  reactivateClientApp(@Arg("id", () => ID) id: string, @Ctx() ctx: ClientsContext): Promise<ClientAppRow> {
    requireAdmin(ctx.auth);
    return ctx.prisma.$transaction((tx) => reactivateClientApp(tx, id));
  }
}
