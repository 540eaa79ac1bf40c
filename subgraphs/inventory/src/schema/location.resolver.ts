import { Ctx, Query, Resolver } from "type-graphql";
import { requireTenant } from "../../../core/src/auth/guards";
import type { InventoryContext } from "../context";
import { Location } from "./types";

@Resolver(() => Location)
export class LocationResolver {
  @Query(() => [Location], { description: "The tenant's stock locations, by code" })
  locations(@Ctx() ctx: InventoryContext): Promise<Location[]> {
    const { clientId } = requireTenant(ctx.auth);
    return ctx.prisma.location.findMany({ where: { clientId }, orderBy: { code: "asc" } });
  }
}
