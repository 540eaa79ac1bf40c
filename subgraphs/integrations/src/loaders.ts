import DataLoader from "dataloader";
import type { AuthContext } from "../../core/src/auth/context";
import { byIdLoader } from "../../core/src/graphql/loaders";
import { isUuid } from "../../core/src/ids";
import { Prisma, type Connection, type RootDb } from "./db";

export interface IntegrationsLoaders {
  connectionById: DataLoader<string, Connection | null>;
  /** Store products matched to ours, per connection. */
  productCount: DataLoader<string, number>;
  /** Store orders imported, per connection. */
  orderCount: DataLoader<string, number>;
}

/** One grouped count per tick over the tenant's rows of `table`, for every connection asked about in it. */
function countLoader(prisma: RootDb, table: "ProductMapping" | "SalesLog", clientId: string | null) {
  return new DataLoader<string, number>(async (ids) => {
    const valid = ids.filter(isUuid);
    const rows =
      clientId && valid.length > 0
        ? await prisma.$queryRaw<{ connectionId: string; count: number }[]>`
            SELECT "connectionId"::text AS "connectionId", count(*)::int AS "count"
            FROM ${Prisma.raw(`"${table}"`)}
            WHERE "clientId" = ${clientId}::uuid AND "connectionId" = ANY(${valid}::uuid[])
            GROUP BY "connectionId"`
        : [];
    const byId = new Map(rows.map((row) => [row.connectionId, row.count]));
    return ids.map((id) => byId.get(id) ?? 0);
  });
}

export function createIntegrationsLoaders(prisma: RootDb, auth: AuthContext): IntegrationsLoaders {
  const clientId = auth.clientId;
  return {
    connectionById: byIdLoader((ids) =>
      clientId ? prisma.connection.findMany({ where: { id: { in: ids }, clientId } }) : Promise.resolve([]),
    ),
    productCount: countLoader(prisma, "ProductMapping", clientId),
    orderCount: countLoader(prisma, "SalesLog", clientId),
  };
}
