import { Arg, Args, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from "type-graphql";
import { requireTenant } from "../../../core/src/auth/guards";
import { PageArgs, pageWindow, type Connection } from "../../../core/src/graphql/pagination";
import type { CatalogContext } from "../context";
import { changeCatalog } from "../services/catalog-cache";
import {
  createCategory,
  deleteCategory,
  listCategories,
  listCategoryPage,
  maxCategorySearchLength,
  updateCategory,
} from "../services/categories";
import { Category, CategoryConnection, CreateCategoryInput, ProductConnection, UpdateCategoryInput } from "./types";
import type { Category as CategoryRow, Product as ProductRow } from "../db";

@Resolver(() => Category)
export class CategoryResolver {
  @Query(() => Category, { nullable: true })
  category(@Arg("id", () => ID) id: string, @Ctx() ctx: CatalogContext): Promise<CategoryRow | null> {
    requireTenant(ctx.auth, "catalog:read");
    return ctx.loaders.categoryById.load(id);
  }

  @Query(() => [Category], {
    description: "The subcategories of parentId, or the root categories without it; all of them, by name",
    deprecationReason: "Use categoriesConnection: the same categories, paged (first/after, last/before)",
  })
  categories(
    @Arg("parentId", () => ID, { nullable: true }) parentId: string | null,
    @Ctx() ctx: CatalogContext,
  ): Promise<CategoryRow[]> {
    return listCategories(ctx.prisma, requireTenant(ctx.auth, "catalog:read"), parentId ?? null);
  }

  @Query(() => CategoryConnection, {
    description: "The subcategories of parentId, or the root categories without it, paged; in creation order",
  })
  categoriesConnection(
    @Arg("parentId", () => ID, { nullable: true }) parentId: string | null,
    @Arg("search", () => String, {
      nullable: true,
      description: `Only categories whose name contains this text, ignoring case (at most ${maxCategorySearchLength} characters), at any depth of the tree; with parentId, among its subcategories only`,
    })
    search: string | null,
    @Args(() => PageArgs) page: PageArgs,
    @Ctx() ctx: CatalogContext,
  ): Promise<Connection<CategoryRow>> {
    const auth = requireTenant(ctx.auth, "catalog:read");
    return listCategoryPage(ctx.prisma, auth, parentId ?? null, page, search ?? null);
  }

  @FieldResolver(() => Category, { nullable: true })
  parent(@Root() category: CategoryRow, @Ctx() ctx: CatalogContext): Promise<CategoryRow | null> | null {
    return category.parentId ? ctx.loaders.categoryById.load(category.parentId) : null;
  }

  @FieldResolver(() => [Category], { description: "By name" })
  children(@Root() category: CategoryRow, @Ctx() ctx: CatalogContext): Promise<CategoryRow[]> {
    return ctx.loaders.categoryChildren.load(category.id);
  }

  @FieldResolver(() => ProductConnection, {
    description: "Products directly in this category, in any status (published only for a storefront key)",
  })
  products(
    @Root() category: CategoryRow,
    @Args(() => PageArgs) page: PageArgs,
    @Ctx() ctx: CatalogContext,
  ): Promise<Connection<ProductRow>> {
    return ctx.loaders.categoryProducts.load({ categoryId: category.id, window: pageWindow(page) });
  }

  @Mutation(() => Category)
  createCategory(
    @Arg("input", () => CreateCategoryInput) input: CreateCategoryInput,
    @Ctx() ctx: CatalogContext,
  ): Promise<CategoryRow> {
    const auth = requireTenant(ctx.auth, "catalog:write");
    return ctx.prisma.$transaction((tx) => createCategory(tx, auth, input));
  }

  @Mutation(() => Category)
  updateCategory(
    @Arg("id", () => ID) id: string,
    @Arg("input", () => UpdateCategoryInput) input: UpdateCategoryInput,
    @Ctx() ctx: CatalogContext,
  ): Promise<CategoryRow> {
    const auth = requireTenant(ctx.auth, "catalog:write");
    return changeCatalog(ctx.prisma, ctx.cache, auth, (tx) => updateCategory(tx, auth, id, input));
  }

  @Mutation(() => Boolean, { description: "Only a category without subcategories and products can be deleted" })
  deleteCategory(@Arg("id", () => ID) id: string, @Ctx() ctx: CatalogContext): Promise<boolean> {
    const auth = requireTenant(ctx.auth, "catalog:write");
    return changeCatalog(ctx.prisma, ctx.cache, auth, (tx) => deleteCategory(tx, auth, id));
  }
}
