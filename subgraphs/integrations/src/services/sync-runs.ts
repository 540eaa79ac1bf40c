import type { TenantAuth } from "../../../core/src/auth/context";
import { notFound } from "../../../core/src/errors";
import { keysetPage, type Connection, type PageArgs } from "../../../core/src/graphql/pagination";
import { isUuid } from "../../../core/src/ids";
import type { Db, SyncRun } from "../db";

/** The tenant's sync runs, newest first, of one connection or all. */
export function listSyncRuns(
  db: Db,
  auth: TenantAuth,
  connectionId: string | null | undefined,
  page: PageArgs,
): Promise<Connection<SyncRun>> {
  if (connectionId && !isUuid(connectionId)) throw notFound("Connection", connectionId);
  const filter = { clientId: auth.clientId, ...(connectionId ? { connectionId } : {}) };
  return keysetPage(
    page,
    (query) => db.syncRun.findMany({ ...query, where: { ...filter, ...query.where } }),
    () => db.syncRun.count({ where: filter }),
    "desc",
  );
}
