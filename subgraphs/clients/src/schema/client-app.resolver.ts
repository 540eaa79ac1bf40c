import { Arg, Ctx, Mutation, Resolver } from "type-graphql";
import { requireAdmin } from "../../../core/src/auth/guards";
import type { ClientsContext } from "../context";
import { createClientApp } from "../services/client-apps";
import { CreateClientAppInput, CreateClientAppPayload } from "./types";

@Resolver()
export class ClientAppResolver {
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
}
