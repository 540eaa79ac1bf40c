import { Ctx, Query, Resolver } from "type-graphql";
import { requireTenant } from "../../../core/src/auth/guards";
import type { Connection as ConnectionRow } from "../../../core/src/db/generated/client";
import type { IntegrationsContext } from "../context";
import { Connection } from "./types";

@Resolver(() => Connection)
export class ConnectionResolver {
  @Query(() => [Connection], { description: "The tenant's store connections" })
  connections(@Ctx() ctx: IntegrationsContext): Promise<ConnectionRow[]> {
    const { clientId } = requireTenant(ctx.auth);
    return ctx.prisma.connection.findMany({ where: { clientId }, orderBy: { id: "asc" } });
  }

}
