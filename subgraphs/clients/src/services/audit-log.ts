import type { PlatformAuth, TenantAuth } from "../../../core/src/auth/context";
import type { AuditLogEntry } from "../../../core/src/db/generated/client";
import type { Db, Prisma } from "../../../core/src/db/types";
import { keysetPage, type Connection, type PageArgs } from "../../../core/src/graphql/pagination";

export interface AuditRecord {
  /** What happened, as `<entity>.<verb>`: `product.published`, `order.cancelled`. */
  action: string;
  entityType: string;
  entityId: string;
  before?: unknown;
  after?: unknown;
}

/** Dates, Decimals and the like as their JSON forms, so the entry reads like an API response. */
function toJson(value: unknown): Prisma.InputJsonValue | undefined {
  return value === undefined || value === null
    ? undefined
    : (JSON.parse(JSON.stringify(value)) as Prisma.InputJsonValue);
}

/**
 * The caller's auth, with the entry filed under `clientId`: a platform acting on one of its
 * clients records the change in that client's log, where the client can read it.
 */
export const auditedAs = (auth: PlatformAuth, clientId: string | null): PlatformAuth => ({ ...auth, clientId });

/**
 * Every mutation of every subgraph calls this with its own transaction, so an entry exists
 * exactly when the change it describes was committed.
 */
export async function recordAudit(db: Db, auth: PlatformAuth, record: AuditRecord): Promise<void> {
  await db.auditLogEntry.create({
    data: {
      clientAppId: auth.clientAppId,
      clientId: auth.clientId,
      actorKeyId: auth.keyId,
      action: record.action,
      entityType: record.entityType,
      entityId: record.entityId,
      before: toJson(record.before),
      after: toJson(record.after),
    },
  });
}

export interface AuditLogFilterInput {
  entityType?: string | null;
  entityId?: string | null;
  action?: string | null;
}

/**
 * The client's entries, newest first. The core page helpers walk ids upwards; here the
 * cursor is the last id seen and the next page holds the ids below it (UUIDv7: older).
 */
export async function listAuditLog(
  db: Db,
  auth: TenantAuth,
  args: PageArgs,
  filter: AuditLogFilterInput | null | undefined,
): Promise<Connection<AuditLogEntry>> {
  const where: Prisma.AuditLogEntryWhereInput = {
    clientId: auth.clientId,
    ...(filter?.entityType && { entityType: filter.entityType }),
    ...(filter?.entityId && { entityId: filter.entityId }),
    ...(filter?.action && { action: filter.action }),
  };
  return keysetPage(
    args,
    (query) =>
      db.auditLogEntry.findMany({ where: { ...where, ...query.where }, orderBy: query.orderBy, take: query.take }),
    () => db.auditLogEntry.count({ where }),
    "desc",
  );
}
