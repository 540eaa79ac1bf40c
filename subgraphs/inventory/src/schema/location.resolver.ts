import { Arg, Ctx, ID, Mutation, Query, Resolver } from "type-graphql";
import { requireTenant } from "../../../core/src/auth/guards";
import type { InventoryContext } from "../context";
import { createLocation, listLocations } from "../services/locations";
import { CreateLocationInput, Location } from "./types";

@Resolver(() => Location)
export class LocationResolver {
  @Query(() => [Location], { description: "The tenant's stock locations, by code" })
  locations(@Ctx() ctx: InventoryContext): Promise<Location[]> {
    return listLocations(ctx.prisma, requireTenant(ctx.auth, "stock:read"));
  }

  @Query(() => Location, { nullable: true })
  location(@Arg("id", () => ID) id: string, @Ctx() ctx: InventoryContext): Promise<Location | null> {
    requireTenant(ctx.auth, "stock:read");
    return ctx.loaders.locationById.load(id);
  }

  @Mutation(() => Location)
  createLocation(
    @Arg("input", () => CreateLocationInput) input: CreateLocationInput,
    @Ctx() ctx: InventoryContext,
  ): Promise<Location> {
    const auth = requireTenant(ctx.auth);
    return ctx.prisma.$transaction((tx) => createLocation(tx, auth, input));
  }
}
