import { isUuid } from "../../../core/src/ids";
import { ownQueries, type ForeignQueries } from "../../../core/src/db/module-db";
import type { Product } from "../db";
import { selectProductRefs } from "./product-rows";

export type ProductRef = Pick<Product, "id" | "sku" | "name" | "status" | "price" | "currency">;

const refFields = { id: true, sku: true, name: true, status: true, price: true, currency: true } as const;

/**
 * The catalog's answer for other subgraphs (inventory, orders) that must check products
 * they are handed: only the tenant's own products come back, in one query.
 */
export function findTenantProducts(
  db: ForeignQueries,
  clientId: string,
  ids: readonly string[],
): Promise<ProductRef[]> {
  return selectProductRefs(db, clientId, [...new Set(ids)].filter(isUuid));
}

/** Ids of the tenant's published products: what a storefront key may see stock of. */
export async function findPublishedProductIds(db: ForeignQueries, clientId: string): Promise<string[]> {
  const rows = await ownQueries<"catalog">(db).product.findMany({
    where: { clientId, status: "PUBLISHED" },
    select: { id: true },
  });
  return rows.map((row) => row.id);
}

/** The tenant's products with these SKUs (a store's order lines name products by SKU). */
export function findTenantProductsBySku(
  db: ForeignQueries,
  clientId: string,
  skus: readonly string[],
): Promise<ProductRef[]> {
  return ownQueries<"catalog">(db).product.findMany({
    where: { clientId, sku: { in: [...new Set(skus)] } },
    select: refFields,
  });
}
