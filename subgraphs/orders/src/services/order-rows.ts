import { allOf, keysetSql } from "../../../core/src/db/keyset-sql";
import { queryRows } from "../../../core/src/db/row-queries";
import type { KeysetQuery } from "../../../core/src/graphql/pagination";
import { Decimal } from "../../../core/src/graphql/scalars";
import { Prisma, type Db, type Order, type OrderItem } from "../db";

/*
 * The orders page's reads (a page of orders, then their items) in hand-written SQL, mapped
 * once into the rows Prisma would have returned: the same properties, Decimal amounts and
 * Dates, so resolvers cannot tell them apart (issue 19).
 */

/** Every column of Order: field resolvers read any of them. */
const orderColumns = Prisma.sql`id, "clientId", number, status, source, "externalId", currency, total::text as total,
  "customerEmail", note, "idempotencyKey", "idempotencyFingerprint", "createdByKeyId", "createdAt", "updatedAt"`;

const itemColumns = Prisma.sql`id, "orderId", "productId", "locationId", sku, quantity, "unitPrice"::text as "unitPrice",
  currency, "lineTotal"::text as "lineTotal", "storeLineId"`;

/** Rows as the driver hands them over: amounts as text, exact. */
type OrderRecord = Omit<Order, "total"> & { total: string };
type ItemRecord = Omit<OrderItem, "unitPrice" | "lineTotal"> & { unitPrice: string; lineTotal: string };

const toOrder = (row: OrderRecord): Order => ({
  id: row.id,
  clientId: row.clientId,
  number: row.number,
  status: row.status,
  source: row.source,
  externalId: row.externalId,
  currency: row.currency,
  total: new Decimal(row.total),
  customerEmail: row.customerEmail,
  note: row.note,
  idempotencyKey: row.idempotencyKey,
  idempotencyFingerprint: row.idempotencyFingerprint,
  createdByKeyId: row.createdByKeyId,
  createdAt: row.createdAt,
  updatedAt: row.updatedAt,
});

const toItem = (row: ItemRecord): OrderItem => ({
  id: row.id,
  orderId: row.orderId,
  productId: row.productId,
  locationId: row.locationId,
  sku: row.sku,
  quantity: row.quantity,
  unitPrice: new Decimal(row.unitPrice),
  currency: row.currency,
  lineTotal: new Decimal(row.lineTotal),
  storeLineId: row.storeLineId,
});

/** One keyset page of the orders matching `where` (the caller's visibility first). */
export async function selectOrderPage(db: Db, where: Prisma.Sql[], page: KeysetQuery): Promise<Order[]> {
  const { bounds, orderBy, limit } = keysetSql(page);
  const rows = await queryRows<OrderRecord>(
    db,
    Prisma.sql`select ${orderColumns} from "Order" where ${allOf([...where, ...bounds])} order by ${orderBy} limit ${limit}`,
  );
  return rows.map(toOrder);
}

export async function countOrders(db: Db, where: Prisma.Sql[]): Promise<number> {
  const [row] = await queryRows<{ count: number }>(
    db,
    Prisma.sql`select count(*)::int as count from "Order" where ${allOf(where)}`,
  );
  return row?.count ?? 0;
}

/**
 * The items of the given orders, in id order. Not tenant-scoped by itself: only ever called
 * with the ids of orders that were loaded through a tenant-scoped query.
 */
export async function selectItemsOfOrders(db: Db, orderIds: readonly string[]): Promise<OrderItem[]> {
  const rows = await queryRows<ItemRecord>(
    db,
    Prisma.sql`select ${itemColumns} from "OrderItem" where "orderId" = any(${orderIds}::uuid[]) order by id asc`,
  );
  return rows.map(toItem);
}
