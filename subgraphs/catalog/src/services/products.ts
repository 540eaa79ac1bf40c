import type { TenantAuth } from "../../../core/src/auth/context";
import { hasFullAccess } from "../../../core/src/auth/permissions";
import { likeLiteral } from "../../../core/src/db/like";
import { AppError, notFound } from "../../../core/src/errors";
import { recordEvent } from "../../../core/src/events/outbox";
import type { EventType } from "../../../core/src/events/types";
import type { Decimal } from "../../../core/src/graphql/scalars";
import {
  keysetPage,
  pageWindow,
  toConnection,
  type Connection,
  type PageArgs,
  type PageWindow,
} from "../../../core/src/graphql/pagination";
import { assertTransition } from "../../../core/src/state-machine";
import { recordAudit } from "../../../clients/src/public";
import { findOwnClient } from "../../../clients/src/public";
import { holdCategory } from "./categories";
import { isUuid } from "../../../core/src/ids";
import { assertPrice } from "./input";
import { countProducts, selectProductPage } from "./product-rows";
import { productMoves, productTransitions, type ProductMoveName, type ProductStatus } from "./product-state";
import { Prisma, type Currency, type Db, type Product, type Tx } from "../db";

export interface ProductFields {
  sku: string;
  name: string;
  description?: string | null;
  price: Decimal;
  /** Defaults to the client's default currency. */
  currency?: Currency | null;
  categoryId?: string | null;
}

/** Omitted or null leaves a required field as it is; null clears `description` and `categoryId`. */
export interface ProductChanges {
  sku?: string | null;
  name?: string | null;
  description?: string | null;
  price?: Decimal | null;
  currency?: Currency | null;
  categoryId?: string | null;
}

export interface ProductFilterInput {
  status?: ProductStatus | null;
  categoryId?: string | null;
  /** Case-insensitive, anywhere in the name or the sku. */
  search?: string | null;
}

/** A status move lost to a concurrent one is re-read and retried this many times. */
const moveAttempts = 3;

export function findProduct(db: Db, auth: TenantAuth, id: string): Promise<Product | null> {
  return isUuid(id) ? db.product.findFirst({ where: { id, clientId: auth.clientId } }) : Promise.resolve(null);
}

export async function findOwnProduct(db: Db, auth: TenantAuth, id: string): Promise<Product> {
  const product = await findProduct(db, auth, id);
  if (!product) throw notFound("Product", id);
  return product;
}

export function findProductBySku(db: Db, auth: TenantAuth, sku: string): Promise<Product | null> {
  return db.product.findUnique({ where: { clientId_sku: { clientId: auth.clientId, sku } } });
}

export async function listProducts(
  db: Db,
  auth: TenantAuth,
  args: PageArgs,
  filter: ProductFilterInput | null | undefined,
): Promise<Connection<Product>> {
  if (filter?.categoryId && !isUuid(filter.categoryId)) return toConnection([], pageWindow(args), 0);
  const search = filter?.search ? likeLiteral(filter.search) : null;
  // A storefront key lists published products only: asking it for drafts finds none.
  const fullAccess = hasFullAccess(auth);
  if (!fullAccess && filter?.status && filter.status !== "PUBLISHED") return toConnection([], pageWindow(args), 0);
  const status = fullAccess ? filter?.status : "PUBLISHED";
  const pattern = search && `%${search}%`;
  const where = [
    Prisma.sql`"clientId" = ${auth.clientId}::uuid`,
    ...(status ? [Prisma.sql`status = ${status}::"ProductStatus"`] : []),
    ...(filter?.categoryId ? [Prisma.sql`"categoryId" = ${filter.categoryId}::uuid`] : []),
    // What Prisma's case-insensitive `contains` on either column ran before.
    ...(pattern ? [Prisma.sql`(name ilike ${pattern} or sku ilike ${pattern})`] : []),
  ];
  return keysetPage(
    args,
    (query) => selectProductPage(db, where, query),
    () => countProducts(db, where),
  );
}

/**
 * One page of products for each of many categories in three queries whatever their number,
 * for `Category.products` on a list of categories. Going backward (`last`), each category's
 * rows are ranked from its end, and the page comes back in id order as forward ones do.
 */
export async function listProductsOfCategories(
  db: Db,
  clientId: string,
  categoryIds: readonly string[],
  window: PageWindow,
  onlyStatus: ProductStatus | null = null,
): Promise<Map<string, Connection<Product>>> {
  const ids = categoryIds.filter(isUuid);
  const afterId = window.afterId ?? null;
  const beforeId = window.beforeId ?? null;
  const travel = window.backward ? Prisma.sql`id desc` : Prisma.sql`id asc`;
  const ranked = ids.length
    ? await db.$queryRaw<{ id: string }[]>`
        select id from (
          select id, row_number() over (partition by "categoryId" order by ${travel}) as position
          from "Product"
          where "clientId" = ${clientId}::uuid and "categoryId" = any(${ids}::uuid[])
            and (${onlyStatus}::text is null or status::text = ${onlyStatus}::text)
            and (${afterId}::uuid is null or id > ${afterId}::uuid)
            and (${beforeId}::uuid is null or id < ${beforeId}::uuid)
        ) ranked
        where position <= ${window.take + 1}`
    : [];
  // In the direction of travel, as toConnection reads them.
  const rows = ranked.length
    ? await db.product.findMany({
        where: { id: { in: ranked.map((row) => row.id) } },
        orderBy: { id: window.backward ? "desc" : "asc" },
      })
    : [];
  const counts = ids.length
    ? await db.product.groupBy({
        by: ["categoryId"],
        where: { clientId, categoryId: { in: ids }, ...(onlyStatus && { status: onlyStatus }) },
        _count: { _all: true },
      })
    : [];
  const totals = new Map(counts.map((count) => [count.categoryId, count._count._all]));
  return new Map(
    categoryIds.map((categoryId) => [
      categoryId,
      toConnection(
        rows.filter((row) => row.categoryId === categoryId),
        window,
        totals.get(categoryId) ?? 0,
      ),
    ]),
  );
}

/** A new product is a DRAFT. Run inside a transaction with its audit entry. */
export async function createProduct(db: Tx, auth: TenantAuth, fields: ProductFields): Promise<Product> {
  assertPrice(fields.price);
  await assertSkuFree(db, auth, fields.sku, null);
  if (fields.categoryId) await holdCategory(db, auth, fields.categoryId, "categoryId");
  const currency = fields.currency ?? (await findOwnClient(db, auth, auth.clientId)).defaultCurrency;
  const product = await db.product.create({
    data: {
      clientId: auth.clientId,
      sku: fields.sku,
      name: fields.name,
      description: fields.description ?? null,
      price: fields.price,
      currency,
      categoryId: fields.categoryId ?? null,
    },
  });
  await recordAudit(db, auth, {
    action: "product.created",
    entityType: "Product",
    entityId: product.id,
    after: product,
  });
  return product;
}

export async function updateProduct(db: Tx, auth: TenantAuth, id: string, changes: ProductChanges): Promise<Product> {
  const before = await findOwnProduct(db, auth, id);
  if (changes.price) assertPrice(changes.price);
  if (changes.sku && changes.sku !== before.sku) await assertSkuFree(db, auth, changes.sku, id);
  if (changes.categoryId) await holdCategory(db, auth, changes.categoryId, "categoryId");
  const after = await db.product.update({
    where: { id },
    data: {
      sku: changes.sku ?? undefined,
      name: changes.name ?? undefined,
      price: changes.price ?? undefined,
      currency: changes.currency ?? undefined,
      description: changes.description,
      categoryId: changes.categoryId,
    },
  });
  await recordAudit(db, auth, { action: "product.updated", entityType: "Product", entityId: id, before, after });
  await recordProductEvent(db, auth, "product.updated", after);
  return after;
}

/**
 * publish, unpublish, archive or restore. The write is conditional on the status it was
 * read with, so of two concurrent moves exactly one applies; the other re-reads and either
 * fails with the error the new status calls for or, when its move is still legal, retries.
 */
export async function moveProduct(db: Tx, auth: TenantAuth, id: string, moveName: ProductMoveName): Promise<Product> {
  const move = productMoves[moveName];
  for (let attempt = 0; attempt < moveAttempts; attempt++) {
    const before = await findOwnProduct(db, auth, id);
    assertTransition(productTransitions, "Product", before.status, move.to);
    if (move.from && before.status !== move.from) {
      throw new AppError(
        "INVALID_STATE_TRANSITION",
        `Product cannot ${moveName} from ${before.status}: ${moveName} moves ${move.from} to ${move.to}`,
        { entity: "Product", from: before.status, to: move.to, operation: moveName },
      );
    }
    const { count } = await db.product.updateMany({
      where: { id, clientId: auth.clientId, status: before.status },
      data: { status: move.to, ...(move.to === "PUBLISHED" && { publishedAt: new Date() }) },
    });
    if (count === 1) {
      const after = await db.product.findUniqueOrThrow({ where: { id } });
      await recordAudit(db, auth, { action: move.action, entityType: "Product", entityId: id, before, after });
      await recordProductEvent(db, auth, eventOfMove(move.to), after);
      return after;
    }
  }
  throw new AppError("CONFLICT", `Product ${id} keeps changing concurrently; try again`, { entity: "Product", id });
}

type ProductEventType = Extract<EventType, `product.${string}`>;

/** Publishing and archiving have events of their own; a move back to DRAFT is an update. */
const eventOfMove = (to: ProductStatus): ProductEventType =>
  to === "PUBLISHED" ? "product.published" : to === "ARCHIVED" ? "product.archived" : "product.updated";

function recordProductEvent(db: Tx, auth: TenantAuth, type: ProductEventType, product: Product): Promise<void> {
  return recordEvent(db, {
    type,
    clientId: auth.clientId,
    aggregate: `Product:${product.id}`,
    payload: { productId: product.id, status: product.status, at: product.updatedAt.toISOString() },
  });
}

async function assertSkuFree(db: Db, auth: TenantAuth, sku: string, exceptId: string | null): Promise<void> {
  const existing = await db.product.findFirst({
    where: { clientId: auth.clientId, sku, ...(exceptId && { id: { not: exceptId } }) },
    select: { id: true },
  });
  if (existing) throw new AppError("CONFLICT", "A product with this sku already exists", { field: "sku" });
}
