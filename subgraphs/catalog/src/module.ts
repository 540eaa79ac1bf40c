import type { ModuleDefinition } from "../../core/src/module/definition";
import { createCatalogLoaders, type CatalogLoaders } from "./loaders";
import { CategoryResolver } from "./schema/category.resolver";
import { ProductResolver } from "./schema/product.resolver";
import { invalidatesCatalog } from "./services/catalog-cache";

/** Products, categories and the product status flow. */
export const catalogModule: ModuleDefinition<CatalogLoaders, "catalog"> = {
  name: "catalog",
  resolvers: [ProductResolver, CategoryResolver],
  createLoaders: createCatalogLoaders,
  referenceResolvers: {
    Product: (reference, ctx) => ctx.loaders.productById.load(reference.id),
    Category: (reference, ctx) => ctx.loaders.categoryById.load(reference.id),
  },
  // A storefront's view of these is the published catalog, the same for every shopper.
  storefrontResponses: {
    rootFields: ["product", "productBySku", "products", "category", "categories", "categoriesConnection"],
    invalidatedBy: invalidatesCatalog,
  },
  // Cached published pages of a tenant go stale with any product event of it, on every replica.
  liveEventHandlers: [
    (event, { cache }) => {
      if (invalidatesCatalog(event)) void cache.invalidate(event.clientId);
    },
  ],
};
