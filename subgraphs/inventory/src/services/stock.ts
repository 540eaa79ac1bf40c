import { v7 as uuidv7 } from "uuid";
import type { TenantAuth } from "../../../core/src/auth/context";
import { Prisma, type InventoryLevel, type MovementType } from "../../../core/src/db/generated/client";
import type { Db } from "../../../core/src/db/types";
import { isValueOutOfRange } from "../../../core/src/db/value-out-of-range";
import { AppError } from "../../../core/src/errors";
import { insertEventsSql } from "../../../core/src/events/outbox";
import { assertOwnLocations } from "./locations";

/**
 * Every stock change is ONE conditional statement on the level row: the database checks
 * the invariants (onHand ≥ 0, 0 ≤ reserved, available = onHand − reserved ≥ 0) against the
 * row as it is when the update takes its lock, so concurrent checkouts cannot oversell the
 * way read-then-write code does. The same transaction appends the movement, so the ledger
 * always sums to the level, and a `stock.changed` event per level row it changed.
 */

export interface StockLine {
  productId: string;
  locationId: string;
  quantity: number;
}

export interface StockDelta {
  onHand: number;
  reserved: number;
}

/** What each movement type does to a level, per unit of quantity. */
const effectOf: Record<MovementType, StockDelta> = {
  RECEIPT: { onHand: 1, reserved: 0 },
  ADJUSTMENT: { onHand: 1, reserved: 0 },
  RESERVATION: { onHand: 0, reserved: 1 },
  RELEASE: { onHand: 0, reserved: -1 },
  SALE: { onHand: -1, reserved: -1 },
  RETURN: { onHand: 1, reserved: 0 },
  TRANSFER_IN: { onHand: 1, reserved: 0 },
  TRANSFER_OUT: { onHand: -1, reserved: 0 },
};

/** onHand and reserved are int4 columns. */
const maxLevel = 2 ** 31 - 1;

/** The signed figure a movement shows: the change to reserved for reservations, to onHand otherwise. */
const shownAs = (type: MovementType, delta: StockDelta): number =>
  type === "RESERVATION" || type === "RELEASE" ? delta.reserved : delta.onHand;

export interface MovementNote {
  reason?: string | null | undefined;
  reference?: string | null | undefined;
}

/**
 * Merges lines for the same (product, location) and sorts them: transactions that touch
 * several rows then lock them in one global order and cannot deadlock each other.
 */
export function normaliseLines(lines: readonly StockLine[]): StockLine[] {
  const merged = new Map<string, StockLine>();
  for (const line of lines) {
    const key = `${line.productId}/${line.locationId}`;
    const existing = merged.get(key);
    merged.set(key, existing ? { ...existing, quantity: existing.quantity + line.quantity } : { ...line });
  }
  return [...merged.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, line]) => line);
}

/**
 * Applies a delta to one level row if the invariants still hold afterwards; returns the
 * new row, or null when they would not (or the row does not exist for this tenant).
 * A pure increase creates the row when the product has never been stocked there.
 */
async function applyDelta(
  db: Db,
  auth: TenantAuth,
  line: StockLine,
  delta: StockDelta,
): Promise<InventoryLevel | null> {
  const { productId, locationId } = line;
  const rows = await (
    delta.onHand >= 0 && delta.reserved === 0
      ? db.$queryRaw<InventoryLevel[]>`
          INSERT INTO "InventoryLevel" ("id", "clientId", "productId", "locationId", "onHand", "reserved", "updatedAt")
          VALUES (${uuidv7()}::uuid, ${auth.clientId}::uuid, ${productId}::uuid, ${locationId}::uuid, ${delta.onHand}, 0, now())
          ON CONFLICT ("productId", "locationId") DO UPDATE
            SET "onHand" = "InventoryLevel"."onHand" + ${delta.onHand}, "updatedAt" = now()
            WHERE "InventoryLevel"."clientId" = ${auth.clientId}::uuid
          RETURNING *`
      : db.$queryRaw<InventoryLevel[]>`
          UPDATE "InventoryLevel"
          SET "onHand" = "onHand" + ${delta.onHand}, "reserved" = "reserved" + ${delta.reserved}, "updatedAt" = now()
          WHERE "productId" = ${productId}::uuid AND "locationId" = ${locationId}::uuid
            AND "clientId" = ${auth.clientId}::uuid
            AND "onHand" + ${delta.onHand} >= 0
            AND "reserved" + ${delta.reserved} >= 0
            AND ("onHand" + ${delta.onHand}) - ("reserved" + ${delta.reserved}) >= 0
          RETURNING *`
  ).catch((error: unknown) => {
    // Only an increase can overflow, and its figures are the caller's: PostgreSQL, which
    // holds the row locked, is the one place that knows the sum exactly.
    if (isValueOutOfRange(error)) {
      throw new AppError("BAD_USER_INPUT", `Stock at one location cannot exceed ${maxLevel} units`, {
        productIds: [productId],
      });
    }
    throw error;
  });
  return rows[0] ?? null;
}

/** One level row as a change left it. */
interface AppliedChange {
  line: StockLine;
  type: MovementType;
  delta: StockDelta;
  level: InventoryLevel;
}

/**
 * Appends the ledger movements of the changes and one `stock.changed` event per level row,
 * in one statement: the level rows stay locked until commit, so every round trip here is
 * one every other checkout of those products waits for.
 */
async function recordChanges(db: Db, auth: TenantAuth, entries: AppliedChange[], note: MovementNote): Promise<void> {
  if (entries.length === 0) return;
  const at = new Date().toISOString();
  const events = insertEventsSql(
    entries.map(({ type, delta, level }) => ({
      type: "stock.changed" as const,
      clientId: auth.clientId,
      aggregate: `InventoryLevel:${level.id}`,
      payload: {
        productId: level.productId,
        locationId: level.locationId,
        onHand: level.onHand,
        reserved: level.reserved,
        available: level.onHand - level.reserved,
        delta: shownAs(type, delta),
        movementType: type,
        reason: note.reason ?? null,
        at,
      },
    })),
  );
  await db.$executeRaw`
    WITH movements AS (
      INSERT INTO "InventoryMovement" ("id", "clientId", "productId", "locationId", "type", "quantity", "onHandDelta",
        "reservedDelta", "reason", "reference")
      SELECT movement.id, ${auth.clientId}::uuid, movement.product_id, movement.location_id,
        movement.type::"MovementType", movement.quantity, movement.on_hand_delta, movement.reserved_delta,
        ${note.reason ?? null}, ${note.reference ?? null}
      FROM unnest(
        ${entries.map(() => uuidv7())}::uuid[], ${entries.map(({ line }) => line.productId)}::uuid[],
        ${entries.map(({ line }) => line.locationId)}::uuid[], ${entries.map(({ type }) => type)}::text[],
        ${entries.map(({ type, delta }) => shownAs(type, delta))}::int[],
        ${entries.map(({ delta }) => delta.onHand)}::int[], ${entries.map(({ delta }) => delta.reserved)}::int[]
      ) AS movement (id, product_id, location_id, type, quantity, on_hand_delta, reserved_delta)
    )
    ${events}`;
}

/** Decreases and reservations change rows that exist; only pure increases may create one. */
const isPureIncrease = (type: MovementType): boolean => effectOf[type].onHand >= 0 && effectOf[type].reserved === 0;

function checkQuantities(lines: readonly StockLine[]): void {
  for (const line of lines) {
    if (!Number.isInteger(line.quantity) || line.quantity <= 0) {
      throw new AppError("BAD_USER_INPUT", "quantity must be a positive whole number", { field: "quantity" });
    }
  }
}

/** A stock change as SQL to embed, and the lines it changes (merged and sorted). */
export interface StockChange {
  sql: Prisma.Sql;
  lines: StockLine[];
}

/** A row of `stock_lines`. */
export interface StockLineResult {
  product_id: string;
  location_id: string;
  fits: boolean;
}

/**
 * A conditional stock change of every line as CTEs of ONE statement, all or nothing: the
 * level rows are locked in (product, location) order, so statements touching the same rows
 * cannot deadlock; the change applies only if every line has its row of this tenant and each
 * keeps the invariants, checked against the rows as they are once locked (a locking SELECT
 * that waited for a row re-reads it as committed, and nothing changes it after). The same CTEs
 * append the movements and one `stock.changed` event per row. `stock_lines` holds one row per
 * line saying whether it fitted and `stock_changed` the rows as the change left them.
 * A caller embeds it (`WITH ${change.sql}, …`) to write more in the same round trip.
 */
export function stockChangeSql(
  auth: TenantAuth,
  type: MovementType,
  lines: readonly StockLine[],
  note: MovementNote,
): StockChange {
  checkQuantities(lines);
  const merged = normaliseLines(lines);
  const deltas = merged.map((line) => ({
    onHand: effectOf[type].onHand * line.quantity,
    reserved: effectOf[type].reserved * line.quantity,
  }));
  const sql = Prisma.sql`
    stock_wanted AS (
      SELECT * FROM unnest(
        ${merged.map((line) => line.productId)}::uuid[], ${merged.map((line) => line.locationId)}::uuid[],
        ${deltas.map((delta) => delta.onHand)}::int[], ${deltas.map((delta) => delta.reserved)}::int[],
        ${merged.map(() => uuidv7())}::uuid[], ${merged.map(() => uuidv7())}::uuid[]
      ) AS wanted (product_id, location_id, on_hand_delta, reserved_delta, movement_id, event_id)
    ),
    stock_locked AS (
      SELECT level."id", wanted.*,
        level."onHand" + wanted.on_hand_delta >= 0 AND level."reserved" + wanted.reserved_delta >= 0
          AND (level."onHand" + wanted.on_hand_delta) - (level."reserved" + wanted.reserved_delta) >= 0 AS fits
      FROM stock_wanted AS wanted
      JOIN "InventoryLevel" AS level
        ON level."productId" = wanted.product_id AND level."locationId" = wanted.location_id
      WHERE level."clientId" = ${auth.clientId}::uuid
      ORDER BY level."productId", level."locationId"
      FOR UPDATE OF level
    ),
    stock_changed AS (
      UPDATE "InventoryLevel" AS level
      SET "onHand" = level."onHand" + locked.on_hand_delta, "reserved" = level."reserved" + locked.reserved_delta,
        "updatedAt" = now()
      FROM stock_locked AS locked
      WHERE level."id" = locked."id"
        AND (SELECT count(*) FILTER (WHERE fits) FROM stock_locked) = ${merged.length}
        AND level."onHand" + locked.on_hand_delta >= 0 AND level."reserved" + locked.reserved_delta >= 0
        AND (level."onHand" + locked.on_hand_delta) - (level."reserved" + locked.reserved_delta) >= 0
      RETURNING level.*
    ),
    ${changeRecordsSql(auth, type, note)},
    stock_lines AS (
      SELECT wanted.product_id, wanted.location_id, coalesce(locked.fits, false) AS fits
      FROM stock_wanted AS wanted
      LEFT JOIN stock_locked AS locked
        ON locked.product_id = wanted.product_id AND locked.location_id = wanted.location_id
    )`;
  return { sql, lines: merged };
}

/** The movements and events of the rows in `stock_changed`, matched to their `stock_wanted` line. */
function changeRecordsSql(auth: TenantAuth, type: MovementType, note: MovementNote): Prisma.Sql {
  const shown =
    type === "RESERVATION" || type === "RELEASE" ? Prisma.sql`wanted.reserved_delta` : Prisma.sql`wanted.on_hand_delta`;
  const reason = note.reason ?? null;
  return Prisma.sql`
    stock_movements AS (
      INSERT INTO "InventoryMovement" ("id", "clientId", "productId", "locationId", "type", "quantity", "onHandDelta",
        "reservedDelta", "reason", "reference")
      SELECT wanted.movement_id, ${auth.clientId}::uuid, level."productId", level."locationId",
        ${type}::"MovementType", ${shown}, wanted.on_hand_delta, wanted.reserved_delta, ${reason}, ${note.reference ?? null}
      FROM stock_changed AS level
      JOIN stock_wanted AS wanted ON wanted.product_id = level."productId" AND wanted.location_id = level."locationId"
    ),
    stock_events AS (
      INSERT INTO "OutboxEvent" ("id", "type", "clientId", "aggregate", "payload")
      SELECT wanted.event_id, 'stock.changed', ${auth.clientId}::uuid, 'InventoryLevel:' || level."id",
        jsonb_build_object('productId', level."productId", 'locationId', level."locationId", 'onHand', level."onHand",
          'reserved', level."reserved", 'available', level."onHand" - level."reserved", 'delta', ${shown},
          'movementType', ${type}::text, 'reason', ${reason}::text, 'at', ${new Date().toISOString()}::text)
      FROM stock_changed AS level
      JOIN stock_wanted AS wanted ON wanted.product_id = level."productId" AND wanted.location_id = level."locationId"
    )`;
}

/**
 * What a change did, from the rows of `stock_lines`: the products a line could not take its
 * quantity from, or none. A line whose location is not the tenant's has no level row of the
 * tenant either: that reads as the location not found, as it would had it been checked first.
 */
export async function assertStockChanged(
  db: Db,
  auth: TenantAuth,
  change: StockChange,
  lines: readonly StockLineResult[],
): Promise<void> {
  const short = lines.filter((line) => !line.fits);
  if (short.length === 0) return;
  await assertOwnLocations(
    db,
    auth,
    change.lines.map((line) => line.locationId),
  );
  const productIds = [...new Set(short.map((line) => line.product_id))];
  throw new AppError("INSUFFICIENT_STOCK", `Not enough stock for ${productIds.length} product(s)`, { productIds });
}

/**
 * Moves stock for every line, all or nothing: if any line fails its condition the error
 * lists every short product. A decrease then changed nothing; an increase leaves the undoing
 * to the caller's transaction.
 */
async function moveStock(
  db: Db,
  auth: TenantAuth,
  type: MovementType,
  lines: readonly StockLine[],
  note: MovementNote,
): Promise<InventoryLevel[]> {
  if (isPureIncrease(type)) return increaseStock(db, auth, type, lines, note);
  const change = stockChangeSql(auth, type, lines, note);
  const rows = await db.$queryRaw<(StockLineResult & InventoryLevel)[]>`
    WITH ${change.sql}
    SELECT line.product_id, line.location_id, line.fits, level.*
    FROM stock_lines AS line
    LEFT JOIN stock_changed AS level
      ON level."productId" = line.product_id AND level."locationId" = line.location_id`;
  await assertStockChanged(db, auth, change, rows);
  return rows.map(({ product_id: _product, location_id: _location, fits: _fits, ...level }) => level);
}

/** Pure increases (receipts, returns, transfers in) may create the row, so they go row by row. */
async function increaseStock(
  db: Db,
  auth: TenantAuth,
  type: MovementType,
  lines: readonly StockLine[],
  note: MovementNote,
): Promise<InventoryLevel[]> {
  checkQuantities(lines);
  const levels: InventoryLevel[] = [];
  const short: string[] = [];
  const applied: AppliedChange[] = [];
  for (const line of normaliseLines(lines)) {
    const delta = { onHand: effectOf[type].onHand * line.quantity, reserved: 0 };
    const level = await applyDelta(db, auth, line, delta);
    if (level) {
      levels.push(level);
      applied.push({ line, type, delta, level });
    } else {
      short.push(line.productId);
    }
  }
  if (short.length > 0) {
    const productIds = [...new Set(short)];
    throw new AppError("INSUFFICIENT_STOCK", `Not enough stock for ${productIds.length} product(s)`, { productIds });
  }
  await recordChanges(db, auth, applied, note);
  return levels;
}
/** Gives back what a reservation held (order cancelled). */
export const releaseStock = (db: Db, auth: TenantAuth, lines: readonly StockLine[], note: MovementNote) =>
  moveStock(db, auth, "RELEASE", lines, note);

/** Turns a reservation into a sale (order completed): onHand and reserved both drop. */
export const commitSale = (db: Db, auth: TenantAuth, lines: readonly StockLine[], note: MovementNote) =>
  moveStock(db, auth, "SALE", lines, note);

/** Puts sold goods back on the shelf (refund with restock). */
export const returnStock = (db: Db, auth: TenantAuth, lines: readonly StockLine[], note: MovementNote) =>
  moveStock(db, auth, "RETURN", lines, note);

export const receiveStock = (db: Db, auth: TenantAuth, lines: readonly StockLine[], note: MovementNote) =>
  moveStock(db, auth, "RECEIPT", lines, note);

/** A manual correction by `delta` units; onHand may not fall below what is reserved. */
export async function adjustStock(
  db: Db,
  auth: TenantAuth,
  target: { productId: string; locationId: string },
  delta: number,
  note: MovementNote,
): Promise<InventoryLevel> {
  if (!Number.isInteger(delta) || delta === 0) {
    throw new AppError("BAD_USER_INPUT", "delta must be a non-zero whole number", { field: "delta" });
  }
  const line = { ...target, quantity: Math.abs(delta) };
  const change = { onHand: delta, reserved: 0 };
  const level = await applyDelta(db, auth, line, change);
  if (!level) {
    throw new AppError("INSUFFICIENT_STOCK", "The adjustment would take onHand below zero or below what is reserved", {
      productIds: [target.productId],
    });
  }
  await recordChanges(db, auth, [{ line, type: "ADJUSTMENT", delta: change, level }], note);
  return level;
}

/**
 * Sets onHand to a counted figure. The previous value is read and replaced in one
 * statement under the row lock, so the recorded adjustment is exactly the change made.
 */
export async function setStock(
  db: Db,
  auth: TenantAuth,
  target: { productId: string; locationId: string },
  onHand: number,
  note: MovementNote,
): Promise<InventoryLevel> {
  if (!Number.isInteger(onHand) || onHand < 0) {
    throw new AppError("BAD_USER_INPUT", "onHand must be a whole number of at least 0", { field: "onHand" });
  }
  const { productId, locationId } = target;
  await db.$executeRaw`
    INSERT INTO "InventoryLevel" ("id", "clientId", "productId", "locationId", "onHand", "reserved", "updatedAt")
    VALUES (${uuidv7()}::uuid, ${auth.clientId}::uuid, ${productId}::uuid, ${locationId}::uuid, 0, 0, now())
    ON CONFLICT ("productId", "locationId") DO NOTHING`;
  const rows = await db.$queryRaw<(InventoryLevel & { previousOnHand: number })[]>`
    WITH previous AS (
      SELECT "id", "onHand" FROM "InventoryLevel"
      WHERE "productId" = ${productId}::uuid AND "locationId" = ${locationId}::uuid AND "clientId" = ${auth.clientId}::uuid
      FOR UPDATE
    )
    UPDATE "InventoryLevel" AS level
    SET "onHand" = ${onHand}, "updatedAt" = now()
    FROM previous
    WHERE level."id" = previous."id" AND ${onHand} >= level."reserved"
    RETURNING level.*, previous."onHand" AS "previousOnHand"`;
  const row = rows[0];
  if (!row) {
    throw new AppError("BAD_USER_INPUT", "onHand cannot be set below the quantity reserved for open orders", {
      field: "onHand",
    });
  }
  const { previousOnHand, ...level } = row;
  const change = { onHand: onHand - previousOnHand, reserved: 0 };
  if (change.onHand !== 0) {
    await recordChanges(
      db,
      auth,
      [{ line: { ...target, quantity: Math.abs(change.onHand) }, type: "ADJUSTMENT", delta: change, level }],
      note,
    );
  }
  return level;
}

/** Moves available units between two locations of the tenant, as one OUT and one IN movement. */
export async function transferStock(
  db: Db,
  auth: TenantAuth,
  move: { productId: string; fromLocationId: string; toLocationId: string; quantity: number },
  note: MovementNote,
): Promise<[InventoryLevel, InventoryLevel]> {
  if (move.fromLocationId === move.toLocationId) {
    throw new AppError("BAD_USER_INPUT", "A transfer needs two different locations", { field: "toLocationId" });
  }
  const out = { productId: move.productId, locationId: move.fromLocationId, quantity: move.quantity };
  const into = { productId: move.productId, locationId: move.toLocationId, quantity: move.quantity };
  // Lock order by location id, as normaliseLines does for orders, so opposite transfers cannot deadlock.
  if (out.locationId < into.locationId) {
    const [from] = await moveStock(db, auth, "TRANSFER_OUT", [out], note);
    const [to] = await moveStock(db, auth, "TRANSFER_IN", [into], note);
    return [from!, to!];
  }
  const [to] = await moveStock(db, auth, "TRANSFER_IN", [into], note);
  const [from] = await moveStock(db, auth, "TRANSFER_OUT", [out], note);
  return [from!, to!];
}
