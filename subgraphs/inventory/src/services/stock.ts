import { v7 as uuidv7 } from "uuid";
import type { TenantAuth } from "../../../core/src/auth/context";
import { isValueOutOfRange } from "../../../core/src/db/value-out-of-range";
import { AppError } from "../../../core/src/errors";
import { insertEventsFromRowsSql, newEventId } from "../../../core/src/events/outbox";
import { assertOwnLocations } from "./locations";
import { Prisma, type Db, type InventoryLevel, type MovementType } from "../db";
import { ownTransaction, type ForeignQueries, type InTransaction } from "../../../core/src/db/module-db";

/**
 * Every stock change is ONE statement on the level rows: the database checks the invariants
 * (onHand ≥ 0, 0 ≤ reserved, available = onHand − reserved ≥ 0) against the rows as they are
 * when the update takes its lock, so concurrent checkouts cannot oversell the way
 * read-then-write code does. The same statement appends the movements, so the ledger always
 * sums to the level, and a `stock.changed` event per level row it changed.
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

/** What a change asks of one level row. */
interface LevelChange {
  target: { productId: string; locationId: string };
  delta: StockDelta;
  /** A counted figure that replaces onHand: the delta is then what it takes, read under the row lock. */
  setOnHand?: number;
}

/** Only a change that adds to onHand may create the row: a product stocked somewhere for the first time. */
const createsRows = (changes: readonly LevelChange[]): boolean =>
  changes.every(({ delta, setOnHand }) => setOnHand === undefined && delta.onHand >= 0 && delta.reserved === 0);

function checkQuantities(lines: readonly StockLine[]): void {
  for (const line of lines) {
    if (!Number.isInteger(line.quantity) || line.quantity <= 0) {
      throw new AppError("BAD_USER_INPUT", "quantity must be a positive whole number", { field: "quantity" });
    }
  }
}

const changesOf = (type: MovementType, lines: readonly StockLine[]): LevelChange[] =>
  lines.map((line) => ({
    target: line,
    delta: { onHand: effectOf[type].onHand * line.quantity, reserved: effectOf[type].reserved * line.quantity },
  }));

/** What a change did, read back from the statement it ran in. */
export interface StockOutcome {
  /** The products whose line could not take its change: none when every line changed. */
  shortProductIds: string[];
}

/**
 * A stock change as part of ONE statement, for a caller that writes more in the same round
 * trip: its statement opens with `WITH ${change.ctes}`, writes what hangs off the change only
 * `WHERE ${change.applied}`, selects `${change.outcome}` and reads that value back with
 * `change.readOutcome`. The caller names none of the change's tables, CTEs or columns.
 */
export interface StockChange {
  ctes: Prisma.Sql;
  /** True once every line has changed. */
  applied: Prisma.Sql;
  outcome: Prisma.Sql;
  readOutcome(selected: unknown): StockOutcome;
  /** The locations it changes stock at. */
  locationIds: string[];
}

/**
 * The one write path of stock: every change, whatever its type, is these CTEs, which change
 * the level rows, append a movement per row and record a `stock.changed` event per row.
 *
 * A change that may create rows is an upsert in (product, location) order. Any other change is
 * conditional, all or nothing: the level rows are locked in (product, location) order, so
 * statements touching the same rows cannot deadlock, and the change applies only if every line
 * has its row of this tenant and each keeps the invariants, checked against the rows as they
 * are once locked (a locking SELECT that waited for a row re-reads it as committed, and nothing
 * changes it after).
 */
function stockChangeSql(auth: TenantAuth, type: MovementType, changes: LevelChange[], note: MovementNote): StockChange {
  const clientId = Prisma.sql`${auth.clientId}::uuid`;
  const wanted = Prisma.sql`
    stock_wanted AS (
      SELECT * FROM unnest(
        ${changes.map(({ target }) => target.productId)}::uuid[], ${changes.map(({ target }) => target.locationId)}::uuid[],
        ${changes.map(({ delta }) => delta.onHand)}::int[], ${changes.map(({ delta }) => delta.reserved)}::int[],
        ${changes.map(({ setOnHand }) => setOnHand ?? null)}::int[], ${changes.map(() => uuidv7())}::uuid[],
        ${changes.map(() => uuidv7())}::uuid[], ${changes.map(() => newEventId())}::uuid[]
      ) AS wanted (product_id, location_id, on_hand_delta, reserved_delta, set_on_hand, level_id, movement_id, event_id)
    )`;
  const levelChange = createsRows(changes) ? upsertLevelsSql(clientId) : updateLevelsSql(clientId, changes.length);
  const sql = Prisma.sql`
    ${wanted},
    ${levelChange},
    stock_applied AS (
      SELECT level."id", level."productId", level."locationId", level."onHand", level."reserved",
        move.on_hand_delta, move.reserved_delta, move.movement_id, move.event_id
      FROM stock_changed AS level
      JOIN stock_moves AS move ON move.product_id = level."productId" AND move.location_id = level."locationId"
      WHERE move.on_hand_delta <> 0 OR move.reserved_delta <> 0
    ),
    ${changeRecordsSql(auth, type, note)},
    stock_short AS (
      SELECT wanted.product_id, wanted.location_id
      FROM stock_wanted AS wanted
      LEFT JOIN stock_moves AS move ON move.product_id = wanted.product_id AND move.location_id = wanted.location_id
      WHERE NOT coalesce(move.fits, false)
    )`;
  return {
    ctes: sql,
    applied: Prisma.sql`NOT EXISTS (SELECT 1 FROM stock_short)`,
    outcome: Prisma.sql`ARRAY(SELECT product_id FROM stock_short ORDER BY product_id, location_id)`,
    readOutcome: readStockOutcome,
    locationIds: changes.map(({ target }) => target.locationId),
  };
}

/** Increases: rows of another tenant are left alone, and their lines read as short. */
const upsertLevelsSql = (clientId: Prisma.Sql): Prisma.Sql => Prisma.sql`
  stock_changed AS (
    INSERT INTO "InventoryLevel" AS level ("id", "clientId", "productId", "locationId", "onHand", "reserved", "updatedAt")
    SELECT wanted.level_id, ${clientId}, wanted.product_id, wanted.location_id, wanted.on_hand_delta, 0, now()
    FROM stock_wanted AS wanted
    ORDER BY wanted.product_id, wanted.location_id
    ON CONFLICT ("productId", "locationId") DO UPDATE
      SET "onHand" = level."onHand" + excluded."onHand", "updatedAt" = now()
      WHERE level."clientId" = ${clientId}
    RETURNING level.*
  ),
  stock_moves AS (
    SELECT wanted.*, EXISTS (
      SELECT 1 FROM stock_changed AS level
      WHERE level."productId" = wanted.product_id AND level."locationId" = wanted.location_id
    ) AS fits
    FROM stock_wanted AS wanted
  )`;

/** Every other change: conditional on the locked rows, all lines or none. */
function updateLevelsSql(clientId: Prisma.Sql, lineCount: number): Prisma.Sql {
  const onHandDelta = Prisma.sql`coalesce(wanted.set_on_hand - level."onHand", wanted.on_hand_delta)`;
  return Prisma.sql`
    stock_moves AS (
      SELECT level."id", wanted.product_id, wanted.location_id, ${onHandDelta} AS on_hand_delta, wanted.reserved_delta,
        wanted.movement_id, wanted.event_id,
        level."onHand" + ${onHandDelta} >= 0 AND level."reserved" + wanted.reserved_delta >= 0
          AND (level."onHand" + ${onHandDelta}) - (level."reserved" + wanted.reserved_delta) >= 0 AS fits
      FROM stock_wanted AS wanted
      JOIN "InventoryLevel" AS level
        ON level."productId" = wanted.product_id AND level."locationId" = wanted.location_id
      WHERE level."clientId" = ${clientId}
      ORDER BY level."productId", level."locationId"
      FOR UPDATE OF level
    ),
    stock_changed AS (
      UPDATE "InventoryLevel" AS level
      SET "onHand" = level."onHand" + move.on_hand_delta, "reserved" = level."reserved" + move.reserved_delta,
        "updatedAt" = now()
      FROM stock_moves AS move
      WHERE level."id" = move."id"
        AND (SELECT count(*) FILTER (WHERE fits) FROM stock_moves) = ${lineCount}
        AND level."onHand" + move.on_hand_delta >= 0 AND level."reserved" + move.reserved_delta >= 0
        AND (level."onHand" + move.on_hand_delta) - (level."reserved" + move.reserved_delta) >= 0
      RETURNING level.*
    )`;
}

/**
 * The movement and the `stock.changed` event of every row in `stock_applied`: the only place
 * either is written, so the ledger sums to the level and every subscriber sees the same payload
 * whatever the change.
 */
function changeRecordsSql(auth: TenantAuth, type: MovementType, note: MovementNote): Prisma.Sql {
  // The signed figure a movement shows: the change to reserved for reservations, to onHand otherwise.
  const shown =
    type === "RESERVATION" || type === "RELEASE"
      ? Prisma.sql`applied.reserved_delta`
      : Prisma.sql`applied.on_hand_delta`;
  const reason = Prisma.sql`${note.reason ?? null}::text`;
  const events = insertEventsFromRowsSql({
    type: "stock.changed",
    clientId: auth.clientId,
    from: Prisma.sql`stock_applied AS applied`,
    id: Prisma.sql`applied.event_id`,
    aggregate: Prisma.sql`'InventoryLevel:' || applied."id"`,
    payload: {
      productId: Prisma.sql`applied."productId"`,
      locationId: Prisma.sql`applied."locationId"`,
      onHand: Prisma.sql`applied."onHand"`,
      reserved: Prisma.sql`applied."reserved"`,
      available: Prisma.sql`applied."onHand" - applied."reserved"`,
      delta: shown,
      movementType: Prisma.sql`${type}::text`,
      reason,
      at: Prisma.sql`${new Date().toISOString()}::text`,
    },
  });
  return Prisma.sql`
    stock_movements AS (
      INSERT INTO "InventoryMovement" ("id", "clientId", "productId", "locationId", "type", "quantity", "onHandDelta",
        "reservedDelta", "reason", "reference")
      SELECT applied.movement_id, ${auth.clientId}::uuid, applied."productId", applied."locationId",
        ${type}::"MovementType", ${shown}, applied.on_hand_delta, applied.reserved_delta, ${reason},
        ${note.reference ?? null}
      FROM stock_applied AS applied
    ),
    stock_events AS (${events})`;
}

function readStockOutcome(selected: unknown): StockOutcome {
  if (!Array.isArray(selected) || !selected.every((id) => typeof id === "string")) {
    throw new Error("A stock change's outcome was not selected as the change gave it");
  }
  return { shortProductIds: [...new Set(selected as string[])] };
}

/** Reserves stock for every line of an order, all or nothing, as part of the order's statement. */
export function stockReservation(auth: TenantAuth, lines: readonly StockLine[], note: MovementNote): StockChange {
  checkQuantities(lines);
  return stockChangeSql(auth, "RESERVATION", changesOf("RESERVATION", normaliseLines(lines)), note);
}

/**
 * Throws for a change that did not apply, listing the products a line could not take its
 * quantity from. A line whose location is not the tenant's has no level row of the tenant
 * either: that reads as the location not found, as it would had it been checked first.
 */
export async function assertStockChanged(
  db: ForeignQueries,
  auth: TenantAuth,
  change: StockChange,
  outcome: StockOutcome,
): Promise<void> {
  const productIds = outcome.shortProductIds;
  if (productIds.length === 0) return;
  await assertOwnLocations(db, auth, change.locationIds);
  throw new AppError("INSUFFICIENT_STOCK", `Not enough stock for ${productIds.length} product(s)`, { productIds });
}

/** A level row of the statement's result, or the one row of nulls when no level changed. */
type LevelRow = { short: unknown } & (InventoryLevel | { [K in keyof InventoryLevel]: null });

/** Runs a change as a statement of its own: the levels it left, and what it did. */
async function applyChanges(
  db: Db,
  auth: TenantAuth,
  type: MovementType,
  changes: LevelChange[],
  note: MovementNote,
): Promise<{ change: StockChange; levels: InventoryLevel[]; outcome: StockOutcome }> {
  const change = stockChangeSql(auth, type, changes, note);
  const rows = await db.$queryRaw<LevelRow[]>`
    WITH ${change.ctes}
    SELECT ${change.outcome} AS short, level.*
    FROM (VALUES (1)) AS statement LEFT JOIN stock_changed AS level ON true
    ORDER BY level."productId", level."locationId"`.catch((error: unknown) => {
    // Only an increase can overflow, and its figures are the caller's: PostgreSQL, which
    // holds the rows locked, is the one place that knows the sums exactly.
    if (isValueOutOfRange(error)) {
      throw new AppError("BAD_USER_INPUT", `Stock at one location cannot exceed ${maxLevel} units`, {
        productIds: [...new Set(changes.map(({ target }) => target.productId))],
      });
    }
    throw error;
  });
  const levels = rows.flatMap(({ short: _short, ...level }) => (level.id === null ? [] : [level]));
  return { change, levels, outcome: change.readOutcome(rows[0]?.short) };
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
  checkQuantities(lines);
  const { change, levels, outcome } = await applyChanges(db, auth, type, changesOf(type, normaliseLines(lines)), note);
  await assertStockChanged(db, auth, change, outcome);
  return levels;
}

/** Gives back what a reservation held (order cancelled). */
export const releaseStock = (tx: InTransaction, auth: TenantAuth, lines: readonly StockLine[], note: MovementNote) =>
  moveStock(ownTransaction<"inventory">(tx), auth, "RELEASE", lines, note);

/** Turns a reservation into a sale (order completed): onHand and reserved both drop. */
export const commitSale = (tx: InTransaction, auth: TenantAuth, lines: readonly StockLine[], note: MovementNote) =>
  moveStock(ownTransaction<"inventory">(tx), auth, "SALE", lines, note);

/** Puts sold goods back on the shelf (refund with restock). */
export const returnStock = (tx: InTransaction, auth: TenantAuth, lines: readonly StockLine[], note: MovementNote) =>
  moveStock(ownTransaction<"inventory">(tx), auth, "RETURN", lines, note);

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
  const change = { target, delta: { onHand: delta, reserved: 0 } };
  const {
    levels: [level],
  } = await applyChanges(db, auth, "ADJUSTMENT", [change], note);
  if (!level) {
    throw new AppError("INSUFFICIENT_STOCK", "The adjustment would take onHand below zero or below what is reserved", {
      productIds: [target.productId],
    });
  }
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
  const change = { target, delta: { onHand: 0, reserved: 0 }, setOnHand: onHand };
  const {
    levels: [level],
  } = await applyChanges(db, auth, "ADJUSTMENT", [change], note);
  if (!level) {
    throw new AppError("BAD_USER_INPUT", "onHand cannot be set below the quantity reserved for open orders", {
      field: "onHand",
    });
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
