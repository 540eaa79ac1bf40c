import type { Product } from "../../../core/src/db/generated/client";
import type { Db } from "../../../core/src/db/types";
import { isUuid } from "../../../core/src/ids";

export type ProductRef = Pick<Product, "id" | "sku" | "name" | "status" | "price" | "currency">;

/**
 * The catalog's answer for other subgraphs (inventory, orders) that must check products
 * they are handed: only the tenant's own products come back, in one query.
 */
export function findTenantProducts(db: Db, clientId: string, ids: readonly string[]): Promise<ProductRef[]> {
  return db.product.findMany({
    where: { clientId, id: { in: [...new Set(ids)].filter(isUuid) } },
    select: { id: true, sku: true, name: true, status: true, price: true, currency: true },
  });
}

/** Ids of the tenant's published products: what a storefront key may see stock of. */
export async function findPublishedProductIds(db: Db, clientId: string): Promise<string[]> {
  const rows = await db.product.findMany({ where: { clientId, status: "PUBLISHED" }, select: { id: true } });
  return rows.map((row) => row.id);
}

/** The tenant's products with these SKUs (a store's order lines name products by SKU). */
export function findTenantProductsBySku(db: Db, clientId: string, skus: readonly string[]): Promise<ProductRef[]> {
  return db.product.findMany({
    where: { clientId, sku: { in: [...new Set(skus)] } },
    select: { id: true, sku: true, name: true, status: true, price: true, currency: true },
  });
}
