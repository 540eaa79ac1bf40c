import { Arg, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from "type-graphql";
import { requireTenant } from "../../../core/src/auth/guards";
import { integrationDeps, type IntegrationsContext } from "../context";
import { listConnections, setConnectionLocation } from "../services/connections";
import { disconnectStore } from "../services/disconnect";
import { rematchProducts } from "../services/product-mapping";
import { configureProkip } from "../services/prokip";
import { initiateShopifyConnection } from "../services/shopify";
import { connectWooCommerce } from "../services/woocommerce";
import { ConfigureProkipInput, Connection, ConnectWooCommerceInput, ShopifyAuthorization } from "./types";
import type { Connection as ConnectionRow } from "../db";

@Resolver(() => Connection)
export class ConnectionResolver {
  @Query(() => [Connection], { description: "The tenant's store connections" })
  connections(@Ctx() ctx: IntegrationsContext): Promise<ConnectionRow[]> {
    return listConnections(ctx.prisma, requireTenant(ctx.auth));
  }

  @Query(() => Connection, { nullable: true })
  connection(@Arg("id", () => ID) id: string, @Ctx() ctx: IntegrationsContext): Promise<ConnectionRow | null> {
    requireTenant(ctx.auth);
    return ctx.loaders.connectionById.load(id);
  }

  @Mutation(() => ShopifyAuthorization, {
    description: "Starts the Shopify OAuth flow; GET /integrations/shopify/callback finishes it (valid 10 minutes, once)",
  })
  initiateShopifyConnection(
    @Arg("shop", { description: "mystore.myshopify.com, or just mystore" }) shop: string,
    @Ctx() ctx: IntegrationsContext,
  ): Promise<ShopifyAuthorization> {
    return initiateShopifyConnection(ctx.prisma, ctx.config, requireTenant(ctx.auth), shop);
  }

  @Mutation(() => Connection, {
    description: "Checks the key pair against the store, saves it encrypted and registers the store's webhooks",
  })
  connectWooCommerce(
    @Arg("input", () => ConnectWooCommerceInput) input: ConnectWooCommerceInput,
    @Ctx() ctx: IntegrationsContext,
  ): Promise<ConnectionRow> {
    return connectWooCommerce(ctx.prisma, integrationDeps(ctx), requireTenant(ctx.auth), input);
  }

  @Mutation(() => Connection, { description: "Checks the token against Prokip and saves it encrypted" })
  configureProkip(
    @Arg("input", () => ConfigureProkipInput) input: ConfigureProkipInput,
    @Ctx() ctx: IntegrationsContext,
  ): Promise<ConnectionRow> {
    return configureProkip(ctx.prisma, integrationDeps(ctx), requireTenant(ctx.auth), input);
  }

  @Mutation(() => Connection, {
    description: "Removes our webhooks from the store, stops syncing and forgets the store's credentials",
  })
  disconnect(@Arg("id", () => ID) id: string, @Ctx() ctx: IntegrationsContext): Promise<ConnectionRow> {
    return disconnectStore(ctx.prisma, integrationDeps(ctx), requireTenant(ctx.auth), id);
  }

  @Mutation(() => Connection, {
    description: "Sets the location the store's orders draw stock from and its syncs push (null: the default)",
  })
  setConnectionLocation(
    @Arg("id", () => ID) id: string,
    @Arg("locationId", () => ID, { nullable: true }) locationId: string | null,
    @Ctx() ctx: IntegrationsContext,
  ): Promise<ConnectionRow> {
    const auth = requireTenant(ctx.auth);
    return ctx.prisma.$transaction((tx) => setConnectionLocation(tx, auth, id, locationId));
  }

  @Mutation(() => Connection, {
    description:
      "Matches the store's products to the tenant's by SKU now (product changes are matched on their own within " +
      "seconds); the next sync pushes the stock of new matches",
  })
  rematchProducts(
    @Arg("connectionId", () => ID) connectionId: string,
    @Ctx() ctx: IntegrationsContext,
  ): Promise<ConnectionRow> {
    return rematchProducts(ctx.prisma, integrationDeps(ctx), requireTenant(ctx.auth), connectionId);
  }

  @FieldResolver(() => Int, { description: "Store products matched to the tenant's products by SKU" })
  productCount(@Root() connection: ConnectionRow, @Ctx() ctx: IntegrationsContext): Promise<number> {
    return ctx.loaders.productCount.load(connection.id);
  }

  @FieldResolver(() => Int, { description: "Store orders imported as orders" })
  orderCount(@Root() connection: ConnectionRow, @Ctx() ctx: IntegrationsContext): Promise<number> {
    return ctx.loaders.orderCount.load(connection.id);
  }
}
