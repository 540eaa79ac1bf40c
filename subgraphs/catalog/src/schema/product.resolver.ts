import { Arg, Args, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from "type-graphql";
import { requireTenant } from "../../../core/src/auth/guards";
import { hasFullAccess } from "../../../core/src/auth/permissions";
import { Money } from "../../../core/src/graphql/common-types";
import { PageArgs, type Connection } from "../../../core/src/graphql/pagination";
import type { TenantAuth } from "../../../core/src/auth/context";
import type { CatalogContext } from "../context";
import type { ProductMoveName } from "../services/product-state";
import { changeCatalog, listProductsCached } from "../services/catalog-cache";
import { createProduct, findProductBySku, moveProduct, updateProduct } from "../services/products";
import {
  Category,
  CreateProductInput,
  Product,
  ProductConnection,
  ProductFilter,
  UpdateProductInput,
} from "./types";
import type { Category as CategoryRow, Product as ProductRow } from "../db";

/** A storefront key sees a draft or archived product as if it did not exist. */
const visibleTo = (auth: TenantAuth, product: ProductRow | null): ProductRow | null =>
  product && (hasFullAccess(auth) || product.status === "PUBLISHED") ? product : null;

@Resolver(() => Product)
export class ProductResolver {
  @Query(() => Product, { nullable: true })
  async product(@Arg("id", () => ID) id: string, @Ctx() ctx: CatalogContext): Promise<ProductRow | null> {
    const auth = requireTenant(ctx.auth, "catalog:read");
    return visibleTo(auth, await ctx.loaders.productById.load(id));
  }

  @Query(() => Product, { nullable: true })
  async productBySku(@Arg("sku") sku: string, @Ctx() ctx: CatalogContext): Promise<ProductRow | null> {
    const auth = requireTenant(ctx.auth, "catalog:read");
    return visibleTo(auth, await findProductBySku(ctx.prisma, auth, sku));
  }

  @Query(() => ProductConnection, { description: "The client's products, oldest first" })
  products(
    @Args(() => PageArgs) page: PageArgs,
    @Arg("filter", () => ProductFilter, { nullable: true }) filter: ProductFilter | null,
    @Ctx() ctx: CatalogContext,
  ): Promise<Connection<ProductRow>> {
    return listProductsCached(ctx.cache, ctx.prisma, requireTenant(ctx.auth, "catalog:read"), page, filter);
  }

  @FieldResolver(() => Category, { nullable: true })
  category(@Root() product: ProductRow, @Ctx() ctx: CatalogContext): Promise<CategoryRow | null> | null {
    return product.categoryId ? ctx.loaders.categoryById.load(product.categoryId) : null;
  }

  @FieldResolver(() => Money)
  price(@Root() product: ProductRow): Money {
    return { amount: product.price, currency: product.currency };
  }

  @Mutation(() => Product, { description: "A new product is a DRAFT; currency defaults to the client's" })
  createProduct(
    @Arg("input", () => CreateProductInput) input: CreateProductInput,
    @Ctx() ctx: CatalogContext,
  ): Promise<ProductRow> {
    const auth = requireTenant(ctx.auth, "catalog:write");
    // Nothing cached can hold a new draft: no invalidation.
    return ctx.prisma.$transaction((tx) => createProduct(tx, auth, input));
  }

  @Mutation(() => Product)
  updateProduct(
    @Arg("id", () => ID) id: string,
    @Arg("input", () => UpdateProductInput) input: UpdateProductInput,
    @Ctx() ctx: CatalogContext,
  ): Promise<ProductRow> {
    const auth = requireTenant(ctx.auth, "catalog:write");
    return changeCatalog(ctx.prisma, ctx.cache, auth, (tx) => updateProduct(tx, auth, id, input));
  }

  @Mutation(() => Product, { description: "DRAFT → PUBLISHED" })
  publishProduct(@Arg("id", () => ID) id: string, @Ctx() ctx: CatalogContext): Promise<ProductRow> {
    return this.move(ctx, id, "publish");
  }

  @Mutation(() => Product, { description: "PUBLISHED → DRAFT" })
  unpublishProduct(@Arg("id", () => ID) id: string, @Ctx() ctx: CatalogContext): Promise<ProductRow> {
    return this.move(ctx, id, "unpublish");
  }

  @Mutation(() => Product, { description: "PUBLISHED → ARCHIVED" })
  archiveProduct(@Arg("id", () => ID) id: string, @Ctx() ctx: CatalogContext): Promise<ProductRow> {
    return this.move(ctx, id, "archive");
  }

  @Mutation(() => Product, { description: "ARCHIVED → DRAFT" })
  restoreProduct(@Arg("id", () => ID) id: string, @Ctx() ctx: CatalogContext): Promise<ProductRow> {
    return this.move(ctx, id, "restore");
  }

  private move(ctx: CatalogContext, id: string, moveName: ProductMoveName): Promise<ProductRow> {
    const auth = requireTenant(ctx.auth, "catalog:write");
    return changeCatalog(ctx.prisma, ctx.cache, auth, (tx) => moveProduct(tx, auth, id, moveName));
  }
}
