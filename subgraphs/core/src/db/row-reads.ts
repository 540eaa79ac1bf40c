import type { Prisma } from "./generated/client";
import type { ForeignQueries } from "./module-db";

/** Runs one read statement on the driver itself and hands back its rows as the driver parsed them. */
export type RowReader = (text: string, values: unknown[]) => Promise<unknown[]>;

/** Keyed by the root client `openDatabase` made: a transaction's handle is another object, so it never matches. */
const readers = new WeakMap<object, RowReader>();

export function registerRowReader(client: object, reader: RowReader): void {
  readers.set(client, reader);
}

/**
 * The rows of one hand-written SELECT, for the hottest reads (issue 19): straight through the
 * driver (pg's pool, or PGlite) when `db` is the root client, skipping Prisma's query engine
 * and its result mapping, which cost more than the database's own work. In a transaction, or
 * on a client built elsewhere, through `$queryRaw`, so the statement runs where it must.
 *
 * Columns come typed as the driver parses them, which differs from Prisma's for numerics:
 * select those `::text` and build what the row type needs in the module's row mapper, so
 * both routes give the same rows. Statements are reported to `onQuery` like Prisma's own.
 */
export function readRows<Row>(db: ForeignQueries, query: Prisma.Sql): Promise<Row[]> {
  const reader = readers.get(db);
  return reader ? (reader(query.text, query.values) as Promise<Row[]>) : db.$queryRaw<Row[]>(query);
}
