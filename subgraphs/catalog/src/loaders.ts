import DataLoader from "dataloader";
import type { AuthContext } from "../../core/src/auth/context";
import { readThroughById, type TenantCache } from "../../core/src/cache/tenant-cache";
import { hasFullAccess } from "../../core/src/auth/permissions";
import { byIdLoader, groupLoader } from "../../core/src/graphql/loaders";
import { toConnection, type Connection, type PageWindow } from "../../core/src/graphql/pagination";
import { isUuid } from "../../core/src/ids";
import { catalogCacheKeys } from "./services/catalog-cache";
import { selectCategoriesByIds, selectProductsByIds } from "./services/product-rows";
import { listProductsOfCategories } from "./services/products";
import type { Category, Product, RootDb } from "./db";

export interface CategoryProductsKey {
  categoryId: string;
  window: PageWindow;
}

export interface CatalogLoaders {
  productById: DataLoader<string, Product | null>;
  categoryById: DataLoader<string, Category | null>;
  /** Subcategories by parent id, by name. */
  categoryChildren: DataLoader<string, Category[]>;
  /** One page of a category's products: `Category.products` on a list of categories. */
  categoryProducts: DataLoader<CategoryProductsKey, Connection<Product>, string>;
}

/**
 * Scoped to the calling tenant: another tenant's ids load as null or empty. Products and
 * categories by id read through the tenant cache.
 */
export function createCatalogLoaders(prisma: RootDb, auth: AuthContext, cache: TenantCache): CatalogLoaders {
  const clientId = auth.clientId;
  // Entities stay resolvable whatever their status (an order line names its product for good);
  // only listings hide what a storefront key must not browse.
  const onlyStatus = hasFullAccess(auth) ? null : "PUBLISHED";
  return {
    productById: byIdLoader((ids) =>
      clientId
        ? readThroughById(cache, clientId, catalogCacheKeys.product, (missing) =>
            selectProductsByIds(prisma, clientId, missing),
          )(ids)
        : Promise.resolve([]),
    ),
    categoryById: byIdLoader((ids) =>
      clientId
        ? readThroughById(cache, clientId, catalogCacheKeys.category, (missing) =>
            selectCategoriesByIds(prisma, clientId, missing),
          )(ids)
        : Promise.resolve([]),
    ),
    categoryChildren: groupLoader(
      (parentIds) =>
        clientId
          ? prisma.category.findMany({
              where: { parentId: { in: parentIds.filter(isUuid) }, clientId },
              orderBy: [{ name: "asc" }, { id: "asc" }],
            })
          : Promise.resolve([]),
      (child) => child.parentId ?? "",
    ),
    categoryProducts: new DataLoader(
      async (keys) => {
        if (!clientId) return keys.map((key) => toConnection([], key.window, 0));
        // Categories listed together share their page arguments: one batch per distinct window.
        const byWindow = new Map<string, { window: PageWindow; categoryIds: string[] }>();
        for (const key of keys) {
          const group = byWindow.get(windowKey(key.window)) ?? { window: key.window, categoryIds: [] };
          group.categoryIds.push(key.categoryId);
          byWindow.set(windowKey(key.window), group);
        }
        const pages = new Map<string, Connection<Product>>();
        for (const { window, categoryIds } of byWindow.values()) {
          const connections = await listProductsOfCategories(prisma, clientId, categoryIds, window, onlyStatus);
          for (const [categoryId, connection] of connections)
            pages.set(categoryProductsKey({ categoryId, window }), connection);
        }
        return keys.map((key) => pages.get(categoryProductsKey(key))!);
      },
      { cacheKeyFn: categoryProductsKey },
    ),
  };
}

const windowKey = (window: PageWindow): string =>
  `${window.backward ? "last" : "first"}|${window.take}|${window.afterId ?? ""}|${window.beforeId ?? ""}`;
const categoryProductsKey = (key: CategoryProductsKey): string => `${key.categoryId}|${windowKey(key.window)}`;
