import type { TenantAuth } from "../../../core/src/auth/context";
import { hasFullAccess } from "../../../core/src/auth/permissions";
import type { TenantCache } from "../../../core/src/cache/tenant-cache";
import type { DomainEvent } from "../../../core/src/events/types";
import type { Connection, PageArgs } from "../../../core/src/graphql/pagination";
import { listProducts, type ProductFilterInput } from "./products";
import type { Product, RootDb, Tx } from "../db";

/**
 * What the catalog keeps in the tenant cache: products and categories by id, and pages of
 * published products (what storefronts list, again and again). Every product change that
 * could alter one of them records a product.* outbox event; category changes invalidate
 * after their commit.
 */
export const catalogCacheKeys = {
  product: (id: string) => `product:${id}`,
  category: (id: string) => `category:${id}`,
};

/**
 * A listing is cached when it holds published products only, and not for a free-text
 * search, whose keys would be as many as the searches.
 */
function publishedPageKey(auth: TenantAuth, page: PageArgs, filter: ProductFilterInput | null): string | null {
  const status = hasFullAccess(auth) ? filter?.status : "PUBLISHED";
  if (status !== "PUBLISHED" || filter?.search) return null;
  const { first, after, last, before } = page;
  return `published:${filter?.categoryId ?? ""}:${first ?? ""}:${after ?? ""}:${last ?? ""}:${before ?? ""}`;
}

export function listProductsCached(
  cache: TenantCache,
  prisma: RootDb,
  auth: TenantAuth,
  page: PageArgs,
  filter: ProductFilterInput | null,
): Promise<Connection<Product>> {
  const list = () => listProducts(prisma, auth, page, filter);
  const key = publishedPageKey(auth, page, filter);
  return key ? cache.read(auth.clientId, key, list) : list();
}

/** Events after which a tenant's cached catalog may be stale. */
export const invalidatesCatalog = (event: DomainEvent): event is DomainEvent & { clientId: string } =>
  event.clientId !== null && event.type.startsWith("product.");

/** Runs a catalog change in a transaction and, once it has committed, invalidates the tenant's cache. */
export async function changeCatalog<T>(
  prisma: RootDb,
  cache: TenantCache,
  auth: TenantAuth,
  change: (tx: Tx) => Promise<T>,
): Promise<T> {
  const result = await prisma.$transaction(change);
  await cache.invalidate(auth.clientId);
  return result;
}
