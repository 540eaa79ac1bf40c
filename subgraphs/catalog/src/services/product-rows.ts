import { keysetSql, allOf } from "../../../core/src/db/keyset-sql";
import type { ForeignQueries } from "../../../core/src/db/module-db";
import { prepared } from "../../../core/src/db/prepared";
import { queryRows } from "../../../core/src/db/row-queries";
import type { KeysetQuery } from "../../../core/src/graphql/pagination";
import { Decimal } from "../../../core/src/graphql/scalars";
import { Prisma, type Category, type Db, type Product } from "../db";
import type { ProductRef } from "./product-refs";

/*
 * The catalog's hottest reads (the listing, products and categories by id) in hand-written
 * SQL, mapped once into the rows Prisma would have returned: the same properties, a Decimal
 * price and Dates, so resolvers and the tenant cache cannot tell them apart (issue 19).
 */

/** Every column of Product: field resolvers and the cache read any of them. */
const productColumns = Prisma.sql`id, "clientId", sku, name, description, price::text as price, currency, status,
  "categoryId", "publishedAt", "createdAt", "updatedAt"`;

const categoryColumns = Prisma.sql`id, "clientId", name, slug, "parentId", "createdAt", "updatedAt"`;

/** A Product as the driver hands it over: the price as text, exact. */
type ProductRecord = Omit<Product, "price"> & { price: string };

const toProduct = (row: ProductRecord): Product => ({
  id: row.id,
  clientId: row.clientId,
  sku: row.sku,
  name: row.name,
  description: row.description,
  price: new Decimal(row.price),
  currency: row.currency,
  status: row.status,
  categoryId: row.categoryId,
  publishedAt: row.publishedAt,
  createdAt: row.createdAt,
  updatedAt: row.updatedAt,
});

/** One keyset page of the products matching `where` (the tenant's condition first). */
export async function selectProductPage(db: Db, where: Prisma.Sql[], page: KeysetQuery): Promise<Product[]> {
  const { bounds, orderBy, limit } = keysetSql(page);
  const rows = await queryRows<ProductRecord>(
    db,
    Prisma.sql`select ${productColumns} from "Product" where ${allOf([...where, ...bounds])} order by ${orderBy} limit ${limit}`,
  );
  return rows.map(toProduct);
}

export async function countProducts(db: Db, where: Prisma.Sql[]): Promise<number> {
  const [row] = await queryRows<{ count: number }>(
    db,
    Prisma.sql`select count(*)::int as count from "Product" where ${allOf(where)}`,
  );
  return row?.count ?? 0;
}

/** The tenant's products among `ids` (uuids), in no particular order. */
export async function selectProductsByIds(db: Db, clientId: string, ids: readonly string[]): Promise<Product[]> {
  const rows = await queryRows<ProductRecord>(
    db,
    Prisma.sql`select ${productColumns} from "Product" where id = any(${ids}::uuid[]) and "clientId" = ${clientId}::uuid`,
  );
  return rows.map(toProduct);
}

/** The tenant's categories among `ids` (uuids), in no particular order; every column is as Prisma types it. */
export function selectCategoriesByIds(db: Db, clientId: string, ids: readonly string[]): Promise<Category[]> {
  return queryRows<Category>(
    db,
    Prisma.sql`select ${categoryColumns} from "Category" where id = any(${ids}::uuid[]) and "clientId" = ${clientId}::uuid`,
  );
}

/**
 * What another module checks of the products it is handed (every createOrder asks): the
 * tenant's products among `ids` (uuids). Prepared: its text is the same for any number of ids.
 */
export async function selectProductRefs(
  db: ForeignQueries,
  clientId: string,
  ids: readonly string[],
): Promise<ProductRef[]> {
  const rows = await queryRows<Omit<ProductRef, "price"> & { price: string }>(
    db,
    prepared(
      Prisma.sql`select id, sku, name, status::text as status, price::text as price, currency::text as currency
        from "Product" where "clientId" = ${clientId}::uuid and id = any(${ids}::uuid[])`,
    ),
  );
  return rows.map((row) => ({ ...row, price: new Decimal(row.price) }));
}
