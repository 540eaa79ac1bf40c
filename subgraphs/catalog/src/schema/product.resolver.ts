import { Arg, Ctx, FieldResolver, ID, Query, Resolver, Root } from "type-graphql";
import { requireTenant } from "../../../core/src/auth/guards";
import type { Product as ProductRow } from "../../../core/src/db/generated/client";
import { Money } from "../../../core/src/graphql/common-types";
import type { CatalogContext } from "../context";
import { Category, Product } from "./types";

@Resolver(() => Product)
export class ProductResolver {
  @Query(() => Product, { nullable: true })
  product(@Arg("id", () => ID) id: string, @Ctx() ctx: CatalogContext): Promise<ProductRow | null> {
    requireTenant(ctx.auth);
    return ctx.loaders.productById.load(id);
  }

  @FieldResolver(() => Category, { nullable: true })
  category(@Root() product: ProductRow, @Ctx() ctx: CatalogContext): Promise<Category | null> | null {
    return product.categoryId ? ctx.loaders.categoryById.load(product.categoryId) : null;
  }

  @FieldResolver(() => Money)
  price(@Root() product: ProductRow): Money {
    return { amount: product.price, currency: product.currency };
  }
}
