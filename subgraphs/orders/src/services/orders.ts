import { v7 as uuidv7 } from "uuid";
import type { TenantAuth } from "../../../core/src/auth/context";
import { hasFullAccess } from "../../../core/src/auth/permissions";
import { AppError, badInput, notFound } from "../../../core/src/errors";
import { insertEventsSql, recordEvent } from "../../../core/src/events/outbox";
import { fingerprintOf } from "../../../core/src/crypto/fingerprint";
import { prepared } from "../../../core/src/db/prepared";
import { queryRows } from "../../../core/src/db/row-queries";
import { isUniqueViolation } from "../../../core/src/db/unique-violation";
import { isUuid } from "../../../core/src/ids";
import { keysetPage, type Connection, type PageArgs } from "../../../core/src/graphql/pagination";
import { maxMoneyAmount } from "../../../core/src/graphql/scalars";
import { assertTransition } from "../../../core/src/state-machine";
import { findTenantProducts } from "../../../catalog/src/public";
import { insertAuditSql, recordAudit } from "../../../clients/src/public";
import {
  assertStockChanged,
  commitSale,
  releaseStock,
  returnStock,
  stockReservation,
  type StockLine,
} from "../../../inventory/src/public";
import { orderTransitions } from "./order-state";
import { countOrders, selectOrderPage } from "./order-rows";
import { Prisma, type Currency, type Db, type Order, type OrderSource, type OrderStatus, type RootDb } from "../db";
import { ownQueries, ownTransaction, type ForeignQueries, type InTransaction } from "../../../core/src/db/module-db";

export const maxOrderLines = 100;

export interface NewOrderItem extends StockLine {
  /** The store's price of the line (an imported order); required with `storePricing`. */
  unitPrice?: Prisma.Decimal;
  /** The line's id in the store it came from. */
  storeLineId?: string | null;
}

/** A store order's line that is none of our products: kept on the order, no stock reserved. */
export interface UnmappedLine {
  storeLineId: string | null;
  sku: string | null;
  title: string | null;
  quantity: number;
  /** In the order's currency; null when the store sent no price. */
  unitPrice: Prisma.Decimal | null;
}

export interface NewOrder {
  items: NewOrderItem[];
  idempotencyKey?: string | null;
  customerEmail?: string | null;
  note?: string | null;
  source?: OrderSource;
  externalId?: string | null;
  /**
   * An imported order keeps what the store charged: its currency, its total (shipping, tax
   * and discounts included) and each item's `unitPrice`. Unset: priced from our catalog.
   */
  storePricing?: { currency: Currency; total: Prisma.Decimal } | null;
  unmappedLines?: UnmappedLine[];
}

/**
 * Creates the order: products checked and priced, then ONE statement that reserves stock for
 * every line or none and writes the order only if it did, with a gap-free number taken last.
 * Being one statement it needs no transaction of its own, so the stock rows and the tenant's
 * counter stay locked for that statement's execution only, not for round trips to commit.
 * A replayed idempotency key returns the order it created the first time, when the request is
 * the same; the same key with another request is refused, as Stripe refuses it.
 */
export async function createOrder(prisma: RootDb, auth: TenantAuth, input: NewOrder): Promise<Order> {
  const key = input.idempotencyKey;
  if (key) {
    const existing = await replayOf(prisma, auth, key, input);
    if (existing) return existing;
  }
  try {
    return await placeOrder(prisma, auth, input);
  } catch (error) {
    // Two requests with the same key raced: the loser's statement failed whole, and answers
    // as a replay would have (the winner's order, or the refusal of another request).
    if (key && isUniqueViolation(error)) {
      const existing = await replayOf(prisma, auth, key, input);
      if (existing) return existing;
    }
    throw error;
  }
}

/**
 * What an order's idempotency key was used for: the whole request but the key itself, so a
 * retry of it matches and any change (a line, a quantity, a location, the customer, the note)
 * does not.
 */
const requestFingerprint = (input: NewOrder): string => fingerprintOf({ ...input, idempotencyKey: undefined });

/**
 * The order a key's earlier request created, if the request is the same one. A storefront key
 * replaying a key another caller used gets a conflict, not that caller's order; an order placed
 * before requests were fingerprinted matches any request, as every replay did then.
 */
async function replayOf(db: Db, auth: TenantAuth, idempotencyKey: string, input: NewOrder): Promise<Order | null> {
  const order = await db.order.findUnique({
    where: { clientId_idempotencyKey: { clientId: auth.clientId, idempotencyKey } },
  });
  if (!order) return null;
  if (!hasFullAccess(auth) && order.createdByKeyId !== auth.keyId) {
    throw new AppError("CONFLICT", "This idempotency key was used by another caller", { field: "idempotencyKey" });
  }
  if (order.idempotencyFingerprint !== null && order.idempotencyFingerprint !== requestFingerprint(input)) {
    throw new AppError(
      "IDEMPOTENCY_KEY_REUSED",
      "This idempotency key was used with a different request: retry with the same request, or use a new key for a new order",
      { field: "idempotencyKey" },
    );
  }
  return order;
}

/** One statement, so it needs no transaction: a caller's (a store order's import) is welcome. */
export async function placeOrder(handle: ForeignQueries, auth: TenantAuth, input: NewOrder): Promise<Order> {
  const db = ownQueries<"orders">(handle);
  if (input.items.length === 0 || input.items.length > maxOrderLines) {
    throw badInput(`An order has 1 to ${maxOrderLines} items`, { field: "items" });
  }
  const products = await findTenantProducts(
    db,
    auth.clientId,
    input.items.map((item) => item.productId),
  );
  const byId = new Map(products.map((product) => [product.id, product]));
  const missing = input.items.find((item) => !byId.has(item.productId));
  if (missing) throw notFound("Product", missing.productId);
  const unpublished = products.filter((product) => product.status !== "PUBLISHED").map((product) => product.id);
  if (unpublished.length > 0) {
    throw badInput("Only published products can be ordered", { field: "items", productIds: unpublished });
  }
  const pricing = input.storePricing ?? null;
  const currencies = new Set(products.map((product) => product.currency));
  if (!pricing && currencies.size > 1) {
    throw badInput("All items of an order must share one currency", { field: "items" });
  }
  if (pricing && input.items.some((item) => !item.unitPrice)) {
    throw new Error("A store-priced order needs the store's price of every item");
  }
  const currency = pricing?.currency ?? products[0]!.currency;

  const orderId = uuidv7();
  const reservation = stockReservation(auth, input.items, { reason: "order", reference: orderId });

  const items = input.items.map((item) => {
    const product = byId.get(item.productId)!;
    const unitPrice = pricing ? item.unitPrice! : product.price;
    return {
      id: uuidv7(),
      productId: item.productId,
      locationId: item.locationId,
      sku: product.sku,
      quantity: item.quantity,
      unitPrice,
      currency,
      lineTotal: unitPrice.mul(item.quantity),
      storeLineId: item.storeLineId ?? null,
    };
  });
  const unmappedLines = (input.unmappedLines ?? []).map((line) => ({
    ...line,
    id: uuidv7(),
    currency: line.unitPrice ? currency : null,
    lineTotal: line.unitPrice?.mul(line.quantity) ?? null,
  }));
  const total = pricing?.total ?? items.reduce((sum, item) => sum.add(item.lineTotal), new Prisma.Decimal(0));
  // A store's total need not bound its lines: each amount is checked against its column.
  const amounts = [total, ...items.map((item) => item.lineTotal), ...unmappedLines.map((line) => line.lineTotal)];
  if (amounts.some((amount) => amount?.greaterThan(maxMoneyAmount))) {
    throw badInput(`The order total must not exceed ${maxMoneyAmount.toFixed(2)}`, { field: "items" });
  }
  const now = new Date();
  const fingerprint = input.idempotencyKey ? requestFingerprint(input) : null;
  const order = {
    id: orderId,
    clientId: auth.clientId,
    status: "PENDING" as const,
    source: input.source ?? "API",
    externalId: input.externalId ?? null,
    currency,
    total,
    customerEmail: input.customerEmail ?? null,
    note: input.note ?? null,
    idempotencyKey: input.idempotencyKey ?? null,
    createdByKeyId: auth.keyId,
    createdAt: now,
    updatedAt: now,
  };
  // Everything the order writes hangs off the reservation: the counter (locked after the stock
  // rows, in every order statement alike) is taken only once every line was reserved, so a
  // short order writes nothing at all.
  const placed = Prisma.sql`EXISTS (SELECT 1 FROM created)`;
  // Prepared: every order sends this same text, and parsing and planning it cost PostgreSQL
  // about as much as running it. Its columns are named for that (see prepared.ts). Through
  // the driver, as the hottest reads go: Prisma's raw-statement path was the largest share
  // of the gateway's CPU per order outside GraphQL itself.
  const rows = await queryRows<{ stock: unknown; total: string } & Omit<Order, "total">>(
    handle,
    prepared(Prisma.sql`
    WITH ${reservation.ctes},
    counter AS (
      INSERT INTO "OrderCounter" ("clientId", "lastNumber")
      SELECT ${auth.clientId}::uuid, 1 WHERE ${reservation.applied}
      ON CONFLICT ("clientId") DO UPDATE SET "lastNumber" = "OrderCounter"."lastNumber" + 1
      RETURNING "lastNumber"
    ),
    created AS (
      INSERT INTO "Order" ("id", "clientId", "number", "status", "source", "externalId", "currency", "total",
        "customerEmail", "note", "idempotencyKey", "idempotencyFingerprint", "createdByKeyId", "createdAt", "updatedAt")
      SELECT ${order.id}::uuid, ${order.clientId}::uuid, counter."lastNumber", 'PENDING'::"OrderStatus",
        ${order.source}::"OrderSource", ${order.externalId}, ${order.currency}::"Currency", ${total.toString()}::numeric,
        ${order.customerEmail}, ${order.note}, ${order.idempotencyKey}, ${fingerprint}, ${order.createdByKeyId}::uuid,
        ${now}::timestamptz, ${now}::timestamptz
      FROM counter
      RETURNING *
    ),
    lines AS (
      INSERT INTO "OrderItem" ("id", "productId", "locationId", "sku", "quantity", "unitPrice", "currency",
        "lineTotal", "storeLineId", "orderId")
      SELECT item.id, item.product_id, item.location_id, item.sku, item.quantity, item.unit_price,
        item.currency::"Currency", item.line_total, item.store_line_id, ${orderId}::uuid
      FROM unnest(
        ${items.map((item) => item.id)}::uuid[], ${items.map((item) => item.productId)}::uuid[],
        ${items.map((item) => item.locationId)}::uuid[], ${items.map((item) => item.sku)}::text[],
        ${items.map((item) => item.quantity)}::int[], ${items.map((item) => item.unitPrice.toString())}::numeric[],
        ${items.map((item) => item.currency)}::text[], ${items.map((item) => item.lineTotal.toString())}::numeric[],
        ${items.map((item) => item.storeLineId)}::text[]
      ) AS item (id, product_id, location_id, sku, quantity, unit_price, currency, line_total, store_line_id)
      WHERE ${placed}
    ),
    unmapped AS (
      INSERT INTO "UnmappedOrderLine" ("id", "orderId", "storeLineId", "sku", "title", "quantity", "unitPrice",
        "currency", "lineTotal")
      SELECT line.id, ${orderId}::uuid, line.store_line_id, line.sku, line.title, line.quantity, line.unit_price,
        line.currency::"Currency", line.line_total
      FROM unnest(
        ${unmappedLines.map((line) => line.id)}::uuid[], ${unmappedLines.map((line) => line.storeLineId)}::text[],
        ${unmappedLines.map((line) => line.sku)}::text[], ${unmappedLines.map((line) => line.title)}::text[],
        ${unmappedLines.map((line) => line.quantity)}::int[],
        ${unmappedLines.map((line) => line.unitPrice?.toString() ?? null)}::numeric[],
        ${unmappedLines.map((line) => line.currency)}::text[],
        ${unmappedLines.map((line) => line.lineTotal?.toString() ?? null)}::numeric[]
      ) AS line (id, store_line_id, sku, title, quantity, unit_price, currency, line_total)
      WHERE ${placed}
    ),
    history AS (
      INSERT INTO "OrderStatusChange" ("id", "orderId", "from", "to", "note", "at")
      SELECT ${uuidv7()}::uuid, created."id", NULL, 'PENDING'::"OrderStatus", ${order.note}, ${now}::timestamptz
      FROM created
    ),
    audit AS (${insertAuditSql(
      auth,
      {
        action: "order.created",
        entityType: "Order",
        entityId: orderId,
        after: { ...order, items, ...(unmappedLines.length > 0 && { unmappedLines }) },
      },
      { afterFields: { number: Prisma.sql`(SELECT "lastNumber" FROM counter)` }, when: placed },
    )}),
    event AS (${insertEventsSql(
      [
        {
          type: "order.created",
          clientId: auth.clientId,
          aggregate: `Order:${orderId}`,
          payload: { orderId, status: "PENDING", previousStatus: null, at: now.toISOString() },
        },
      ],
      placed,
    )})
    SELECT ${reservation.outcome} AS stock, created."id", created."clientId", created."number", created."status",
      created."source", created."externalId", created."currency", created."total"::text, created."customerEmail",
      created."note", created."idempotencyKey", created."idempotencyFingerprint", created."createdByKeyId",
      created."createdAt", created."updatedAt"
    FROM (VALUES (1)) AS statement LEFT JOIN created ON true`),
  );
  const { stock, total: placedTotal, ...created } = rows[0]!;
  await assertStockChanged(db, auth, reservation, reservation.readOutcome(stock));
  return { ...created, total: new Prisma.Decimal(placedTotal) };
}

export interface TransitionOptions {
  note?: string | null;
  /** Refunds only: put the sold units back on hand. */
  restock?: boolean;
}

/**
 * Moves an order along the transition table and applies its stock effect in the same
 * transaction: completing sells the reservation, cancelling releases it, refunding with
 * restock returns the units.
 */
export async function transitionOrder(
  transaction: InTransaction,
  auth: TenantAuth,
  orderId: string,
  to: OrderStatus,
  options: TransitionOptions = {},
): Promise<Order> {
  const tx = ownTransaction<"orders">(transaction);
  const order = isUuid(orderId) ? await tx.order.findFirst({ where: { id: orderId, clientId: auth.clientId } }) : null;
  if (!order) throw notFound("Order", orderId);
  assertTransition(orderTransitions, "Order", order.status, to);
  // Conditional on the status we checked: a concurrent transition makes this a no-op.
  const { count } = await tx.order.updateMany({
    where: { id: orderId, clientId: auth.clientId, status: order.status },
    data: { status: to },
  });
  if (count === 0) throw new AppError("CONFLICT", "The order changed while this request ran; read it again and retry");

  const items = await tx.orderItem.findMany({ where: { orderId } });
  const lines = items.map(({ productId, locationId, quantity }) => ({ productId, locationId, quantity }));
  const note = { reason: `order ${to.toLowerCase()}`, reference: orderId };
  if (to === "COMPLETED") await commitSale(tx, auth, lines, note);
  if (to === "CANCELLED") await releaseStock(tx, auth, lines, note);
  if (to === "REFUNDED" && options.restock) await returnStock(tx, auth, lines, note);

  await tx.orderStatusChange.create({ data: { orderId, from: order.status, to, note: options.note ?? null } });
  const updated = await tx.order.findUniqueOrThrow({ where: { id: orderId } });
  await recordAudit(tx, auth, {
    action: `order.${to.toLowerCase()}`,
    entityType: "Order",
    entityId: orderId,
    before: order,
    after: updated,
  });
  await recordEvent(tx, {
    type: "order.status_changed",
    clientId: auth.clientId,
    aggregate: `Order:${orderId}`,
    payload: { orderId, status: to, previousStatus: order.status, at: updated.updatedAt.toISOString() },
  });
  return updated;
}

export interface OrderFilter {
  status?: OrderStatus[] | null;
  source?: OrderSource | null;
  createdAfter?: Date | null;
  createdBefore?: Date | null;
}

/** The tenant's orders, or for a storefront key only those it placed itself. */
export function ordersVisibleTo(auth: TenantAuth): { clientId: string; createdByKeyId?: string | null } {
  return hasFullAccess(auth) ? { clientId: auth.clientId } : { clientId: auth.clientId, createdByKeyId: auth.keyId };
}

/** `ordersVisibleTo` as SQL conditions over "Order". */
function visibleOrdersSql(auth: TenantAuth): Prisma.Sql[] {
  const { clientId, createdByKeyId } = ordersVisibleTo(auth);
  const tenant = Prisma.sql`"clientId" = ${clientId}::uuid`;
  if (createdByKeyId === undefined) return [tenant];
  // Prisma read a null key as "is null": kept, though a storefront key always has an id.
  return [
    tenant,
    createdByKeyId === null
      ? Prisma.sql`"createdByKeyId" is null`
      : Prisma.sql`"createdByKeyId" = ${createdByKeyId}::uuid`,
  ];
}

/** Newest first, the way order screens read. */
export function listOrders(
  db: Db,
  auth: TenantAuth,
  page: PageArgs,
  filter: OrderFilter | null,
): Promise<Connection<Order>> {
  const where = [
    ...visibleOrdersSql(auth),
    ...(filter?.status?.length ? [Prisma.sql`status = any(${filter.status}::"OrderStatus"[])`] : []),
    ...(filter?.source ? [Prisma.sql`source = ${filter.source}::"OrderSource"`] : []),
    ...(filter?.createdAfter ? [Prisma.sql`"createdAt" >= ${filter.createdAfter}::timestamptz`] : []),
    ...(filter?.createdBefore ? [Prisma.sql`"createdAt" < ${filter.createdBefore}::timestamptz`] : []),
  ];
  return keysetPage(
    page,
    (query) => selectOrderPage(db, where, query),
    () => countOrders(db, where),
    "desc",
  );
}
