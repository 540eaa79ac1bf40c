import { Arg, Args, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from "type-graphql";
import { requireTenant } from "../../../core/src/auth/guards";
import { PageArgs, type Connection } from "../../../core/src/graphql/pagination";
import type { TenantAuth } from "../../../core/src/auth/context";
import type { InventoryContext } from "../context";
import type { Tx } from "../db";
import {
  adjustInventory,
  listBatches,
  listLevels,
  listMovements,
  lowStock,
  receiveBatch,
  setInventory,
  transferInventory,
} from "../services/inventory";
import {
  AdjustInventoryInput,
  Batch,
  BatchConnection,
  InventoryFilter,
  InventoryLevel,
  InventoryLevelConnection,
  InventoryMovement,
  InventoryMovementConnection,
  Location,
  MovementFilter,
  ProductStock,
  ReceiveBatchInput,
  SetInventoryInput,
  TransferInventoryInput,
} from "./types";
import type { Batch as BatchRow, InventoryLevel as LevelRow, InventoryMovement as MovementRow } from "../db";

@Resolver(() => InventoryLevel)
export class InventoryLevelResolver {
  @Query(() => InventoryLevelConnection)
  inventoryLevels(
    @Arg("filter", () => InventoryFilter, { nullable: true }) filter: InventoryFilter | null,
    @Args(() => PageArgs) page: PageArgs,
    @Ctx() ctx: InventoryContext,
  ): Promise<Connection<LevelRow>> {
    return listLevels(ctx.prisma, requireTenant(ctx.auth, "stock:read"), page, filter);
  }

  @Query(() => [InventoryLevel], { description: "Levels with available ≤ threshold, scarcest first (at most 100)" })
  lowStock(@Arg("threshold", () => Int) threshold: number, @Ctx() ctx: InventoryContext): Promise<LevelRow[]> {
    return lowStock(ctx.prisma, requireTenant(ctx.auth, "stock:ledger"), threshold);
  }

  @Mutation(() => InventoryLevel)
  adjustInventory(
    @Arg("input", () => AdjustInventoryInput) input: AdjustInventoryInput,
    @Ctx() ctx: InventoryContext,
  ): Promise<LevelRow> {
    const auth = requireTenant(ctx.auth, "stock:write");
    return changeStock(ctx, auth, (tx) => adjustInventory(tx, auth, input));
  }

  @Mutation(() => InventoryLevel)
  setInventory(
    @Arg("input", () => SetInventoryInput) input: SetInventoryInput,
    @Ctx() ctx: InventoryContext,
  ): Promise<LevelRow> {
    const auth = requireTenant(ctx.auth, "stock:write");
    return changeStock(ctx, auth, (tx) => setInventory(tx, auth, input));
  }

  @Mutation(() => [InventoryLevel], { description: "The source and destination levels after the move" })
  transferInventory(
    @Arg("input", () => TransferInventoryInput) input: TransferInventoryInput,
    @Ctx() ctx: InventoryContext,
  ): Promise<LevelRow[]> {
    const auth = requireTenant(ctx.auth, "stock:write");
    return changeStock(ctx, auth, (tx) => transferInventory(tx, auth, input));
  }

  @FieldResolver(() => ProductStock)
  product(@Root() level: LevelRow): ProductStock {
    return { id: level.productId };
  }

  @FieldResolver(() => Location)
  async location(@Root() level: LevelRow, @Ctx() ctx: InventoryContext): Promise<Location> {
    return (await ctx.loaders.locationById.load(level.locationId))!;
  }

  @FieldResolver(() => Int, { description: "onHand − reserved, never negative" })
  available(@Root() level: LevelRow): number {
    return level.onHand - level.reserved;
  }
}

@Resolver(() => InventoryMovement)
export class InventoryMovementResolver {
  @Query(() => InventoryMovementConnection, { description: "The stock ledger, oldest first" })
  inventoryMovements(
    @Arg("filter", () => MovementFilter, { nullable: true }) filter: MovementFilter | null,
    @Args(() => PageArgs) page: PageArgs,
    @Ctx() ctx: InventoryContext,
  ): Promise<Connection<MovementRow>> {
    return listMovements(ctx.prisma, requireTenant(ctx.auth, "stock:ledger"), page, filter);
  }

  @FieldResolver(() => ProductStock)
  product(@Root() movement: MovementRow): ProductStock {
    return { id: movement.productId };
  }

  @FieldResolver(() => Location)
  async location(@Root() movement: MovementRow, @Ctx() ctx: InventoryContext): Promise<Location> {
    return (await ctx.loaders.locationById.load(movement.locationId))!;
  }
}

@Resolver(() => Batch)
export class BatchResolver {
  @Query(() => BatchConnection)
  batches(
    @Arg("productId", () => ID, { nullable: true }) productId: string | null,
    @Args(() => PageArgs) page: PageArgs,
    @Ctx() ctx: InventoryContext,
  ): Promise<Connection<BatchRow>> {
    return listBatches(ctx.prisma, requireTenant(ctx.auth, "stock:ledger"), page, productId);
  }

  @Mutation(() => Batch, { description: "Records a received lot and puts its units on hand" })
  receiveBatch(
    @Arg("input", () => ReceiveBatchInput) input: ReceiveBatchInput,
    @Ctx() ctx: InventoryContext,
  ): Promise<BatchRow> {
    const auth = requireTenant(ctx.auth, "stock:write");
    return changeStock(ctx, auth, (tx) => receiveBatch(tx, auth, input));
  }

  @FieldResolver(() => ProductStock)
  product(@Root() batch: BatchRow): ProductStock {
    return { id: batch.productId };
  }

  @FieldResolver(() => Location)
  async location(@Root() batch: BatchRow, @Ctx() ctx: InventoryContext): Promise<Location> {
    return (await ctx.loaders.locationById.load(batch.locationId))!;
  }
}

@Resolver(() => ProductStock)
export class ProductStockResolver {
  @FieldResolver(() => [InventoryLevel], { description: "Stock of the product at each location" })
  inventory(@Root() product: ProductStock, @Ctx() ctx: InventoryContext): Promise<LevelRow[]> {
    return ctx.loaders.stockByProductId.levels(product.id);
  }

  @FieldResolver(() => Int, { description: "Available units over all locations" })
  available(@Root() product: ProductStock, @Ctx() ctx: InventoryContext): Promise<number> {
    return ctx.loaders.stockByProductId.available(product.id);
  }
}

/**
 * A stock change in one transaction. Once it has committed, the tenant's cached storefront
 * answers (a product's `available`) are dropped at once, as a catalog change drops them,
 * instead of when its stock.changed event is delivered.
 */
async function changeStock<T>(ctx: InventoryContext, auth: TenantAuth, change: (tx: Tx) => Promise<T>): Promise<T> {
  const result = await ctx.prisma.$transaction(change);
  await ctx.cache.invalidateFollowers(auth.clientId);
  return result;
}
