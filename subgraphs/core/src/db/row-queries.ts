import type { Prisma } from "./generated/client";
import type { ForeignQueries } from "./module-db";

/** Runs one statement on the driver itself and hands back its rows as the driver parsed them. */
export type RowReader = (text: string, values: unknown[]) => Promise<unknown[]>;

/** Keyed by the root client `openDatabase` made: a transaction's handle is another object, so it never matches. */
const readers = new WeakMap<object, RowReader>();

export function registerRowReader(client: object, reader: RowReader): void {
  readers.set(client, reader);
}

/**
 * The rows of one hand-written statement, for the hottest reads and createOrder's one
 * statement (issue 19): straight through the driver (pg's pool, or PGlite) when `db` is the
 * root client, skipping Prisma's query engine and its result mapping, which cost more than the
 * database's own work. In a transaction, or on a client built elsewhere, through
 * `$queryRaw`, so the statement runs where it must. A failure through the driver carries the
 * SQLSTATE as its `code`.
 *
 * Columns come typed as the driver parses them, which differs from Prisma's for numerics:
 * select those `::text` and build what the row type needs in the module's row mapper, so
 * both routes give the same rows. Statements are reported to `onQuery` like Prisma's own.
 */
export function queryRows<Row>(db: ForeignQueries, query: Prisma.Sql): Promise<Row[]> {
  const reader = readers.get(db);
  if (!reader) return db.$queryRaw<Row[]>(query);
  return (reader(query.text, query.values) as Promise<Row[]>).catch((error: unknown) => {
    throw driverError(error);
  });
}

/**
 * The driver's failure as an Error of this code's own, with the driver's code and the
 * original as its cause. A socket failure is whatever node:net threw, which need not be an
 * `Error` where graphql-js checks (a test runner's realm): it would wrap it as an unknown
 * value, and the outage would no longer be told from a bug.
 */
function driverError(error: unknown): Error {
  const { message, code } = (error ?? {}) as { message?: unknown; code?: unknown };
  return Object.assign(new Error(typeof message === "string" ? message : String(error), { cause: error }), {
    ...(typeof code === "string" && { code }),
  });
}
