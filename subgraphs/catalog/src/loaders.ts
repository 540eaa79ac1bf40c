import type DataLoader from "dataloader";
import type { AuthContext } from "../../core/src/auth/context";
import type { Category, PrismaClient, Product } from "../../core/src/db/generated/client";
import { byIdLoader } from "../../core/src/graphql/loaders";

export interface CatalogLoaders {
  productById: DataLoader<string, Product | null>;
  categoryById: DataLoader<string, Category | null>;
}

/** Scoped to the calling tenant: another tenant's ids load as null. */
export function createCatalogLoaders(prisma: PrismaClient, auth: AuthContext): CatalogLoaders {
  const clientId = auth.clientId;
  return {
    productById: byIdLoader((ids) =>
      clientId ? prisma.product.findMany({ where: { id: { in: ids }, clientId } }) : Promise.resolve([]),
    ),
    categoryById: byIdLoader((ids) =>
      clientId ? prisma.category.findMany({ where: { id: { in: ids }, clientId } }) : Promise.resolve([]),
    ),
  };
}
