import type { SubgraphDefinition } from "../../core/src/subgraph/definition";
import { createCatalogLoaders, type CatalogLoaders } from "./loaders";
import { CategoryResolver } from "./schema/category.resolver";
import { ProductResolver } from "./schema/product.resolver";

export const catalogSubgraph: SubgraphDefinition<CatalogLoaders> = {
  name: "catalog",
  resolvers: [ProductResolver, CategoryResolver],
  createLoaders: createCatalogLoaders,
  referenceResolvers: {
    Product: (reference, ctx) => ctx.loaders.productById.load(reference.id),
    Category: (reference, ctx) => ctx.loaders.categoryById.load(reference.id),
  },
};
