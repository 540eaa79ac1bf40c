import type { TenantAuth } from "../../../core/src/auth/context";
import { hasFullAccess } from "../../../core/src/auth/permissions";
import { notFound } from "../../../core/src/errors";
import { keysetPage, type Connection, type PageArgs } from "../../../core/src/graphql/pagination";
import { findPublishedProductIds, findTenantProducts } from "../../../catalog/src/public";
import { recordAudit } from "../../../clients/src/public";
import { assertOwnLocations } from "./locations";
import { adjustStock, receiveStock, setStock, transferStock } from "./stock";
import type { Batch, Db, InventoryLevel, MovementType, Prisma, Tx } from "../db";

/** Commands of the inventory API: check ownership, change stock, audit — in the caller's transaction. */

async function assertOwnProduct(db: Db, auth: TenantAuth, productId: string): Promise<void> {
  const [product] = await findTenantProducts(db, auth.clientId, [productId]);
  if (!product) throw notFound("Product", productId);
}

export interface StockTarget {
  productId: string;
  locationId: string;
  reason?: string | null;
}

export async function adjustInventory(
  db: Tx,
  auth: TenantAuth,
  input: StockTarget & { delta: number },
): Promise<InventoryLevel> {
  await assertOwnProduct(db, auth, input.productId);
  await assertOwnLocations(db, auth, [input.locationId]);
  const level = await adjustStock(db, auth, input, input.delta, { reason: input.reason });
  await recordAudit(db, auth, {
    action: "inventory.adjusted",
    entityType: "InventoryLevel",
    entityId: level.id,
    after: level,
  });
  return level;
}

export async function setInventory(
  db: Tx,
  auth: TenantAuth,
  input: StockTarget & { onHand: number },
): Promise<InventoryLevel> {
  await assertOwnProduct(db, auth, input.productId);
  await assertOwnLocations(db, auth, [input.locationId]);
  const level = await setStock(db, auth, input, input.onHand, { reason: input.reason });
  await recordAudit(db, auth, {
    action: "inventory.set",
    entityType: "InventoryLevel",
    entityId: level.id,
    after: level,
  });
  return level;
}

export interface ReceiveBatchInput {
  productId: string;
  locationId: string;
  lotNumber: string;
  quantity: number;
  expiresAt?: Date | null;
}

/** A received lot: recorded as a batch, and its units go on hand with a RECEIPT movement. */
export async function receiveBatch(db: Tx, auth: TenantAuth, input: ReceiveBatchInput): Promise<Batch> {
  await assertOwnProduct(db, auth, input.productId);
  await assertOwnLocations(db, auth, [input.locationId]);
  const batch = await db.batch.create({
    data: {
      clientId: auth.clientId,
      productId: input.productId,
      locationId: input.locationId,
      lotNumber: input.lotNumber,
      quantity: input.quantity,
      expiresAt: input.expiresAt ?? null,
    },
  });
  await receiveStock(db, auth, [input], { reason: `batch ${input.lotNumber}`, reference: batch.id });
  await recordAudit(db, auth, { action: "batch.received", entityType: "Batch", entityId: batch.id, after: batch });
  return batch;
}

export interface TransferInput {
  productId: string;
  fromLocationId: string;
  toLocationId: string;
  quantity: number;
  reason?: string | null;
}

export async function transferInventory(db: Tx, auth: TenantAuth, input: TransferInput): Promise<InventoryLevel[]> {
  await assertOwnProduct(db, auth, input.productId);
  await assertOwnLocations(db, auth, [input.fromLocationId, input.toLocationId]);
  const levels = await transferStock(db, auth, input, { reason: input.reason });
  await recordAudit(db, auth, {
    action: "inventory.transferred",
    entityType: "Product",
    entityId: input.productId,
    after: { ...input, levels },
  });
  return levels;
}

export interface LevelFilter {
  productId?: string | null;
  locationId?: string | null;
}

export async function listLevels(
  db: Db,
  auth: TenantAuth,
  page: PageArgs,
  filter: LevelFilter | null,
): Promise<Connection<InventoryLevel>> {
  // A storefront key sees the stock of products it may see: published ones.
  const visible = hasFullAccess(auth) ? null : await findPublishedProductIds(db, auth.clientId);
  const where: Prisma.InventoryLevelWhereInput = {
    clientId: auth.clientId,
    AND: [filter?.productId ? { productId: filter.productId } : {}, visible ? { productId: { in: visible } } : {}],
    ...(filter?.locationId && { locationId: filter.locationId }),
  };
  return keysetPage(
    page,
    (window) =>
      db.inventoryLevel.findMany({ where: { ...where, ...window.where }, orderBy: window.orderBy, take: window.take }),
    () => db.inventoryLevel.count({ where }),
  );
}

export interface MovementFilter extends LevelFilter {
  type?: MovementType | null;
}

export function listMovements(db: Db, auth: TenantAuth, page: PageArgs, filter: MovementFilter | null) {
  const where: Prisma.InventoryMovementWhereInput = {
    clientId: auth.clientId,
    ...(filter?.productId && { productId: filter.productId }),
    ...(filter?.locationId && { locationId: filter.locationId }),
    ...(filter?.type && { type: filter.type }),
  };
  return keysetPage(
    page,
    (window) =>
      db.inventoryMovement.findMany({
        where: { ...where, ...window.where },
        orderBy: window.orderBy,
        take: window.take,
      }),
    () => db.inventoryMovement.count({ where }),
  );
}

export function listBatches(db: Db, auth: TenantAuth, page: PageArgs, productId: string | null) {
  const where: Prisma.BatchWhereInput = { clientId: auth.clientId, ...(productId && { productId }) };
  return keysetPage(
    page,
    (window) => db.batch.findMany({ where: { ...where, ...window.where }, orderBy: window.orderBy, take: window.take }),
    () => db.batch.count({ where }),
  );
}

export const lowStockLimit = 100;

/** Levels whose available quantity is at or under the threshold, scarcest first. */
export function lowStock(db: Db, auth: TenantAuth, threshold: number): Promise<InventoryLevel[]> {
  return db.$queryRaw<InventoryLevel[]>`
    SELECT * FROM "InventoryLevel"
    WHERE "clientId" = ${auth.clientId}::uuid AND "onHand" - "reserved" <= ${threshold}
    ORDER BY "onHand" - "reserved", "id"
    LIMIT ${lowStockLimit}`;
}
