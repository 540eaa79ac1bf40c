import type { KeysetQuery } from "../graphql/pagination";
import { Prisma } from "./generated/client";

/** A keyset page's bounds, order and size, for a list read with hand-written SQL over a table keyed by `id`. */
export interface KeysetSql {
  /** Conditions to add to the list's own (none on the first page). */
  bounds: Prisma.Sql[];
  orderBy: Prisma.Sql;
  limit: number;
}

/** The same page `keysetPage` asks Prisma for (`KeysetQuery`), as SQL fragments. */
export function keysetSql(query: KeysetQuery): KeysetSql {
  const { gt, lt } = query.where.id ?? {};
  return {
    bounds: [
      ...(gt !== undefined ? [Prisma.sql`id > ${gt}::uuid`] : []),
      ...(lt !== undefined ? [Prisma.sql`id < ${lt}::uuid`] : []),
    ],
    orderBy: query.orderBy.id === "asc" ? Prisma.sql`id asc` : Prisma.sql`id desc`,
    limit: query.take,
  };
}

/** Conditions joined with `and`, for a `where` clause (at least one is given: the tenant's). */
export const allOf = (conditions: Prisma.Sql[]): Prisma.Sql => Prisma.join(conditions, " and ");
