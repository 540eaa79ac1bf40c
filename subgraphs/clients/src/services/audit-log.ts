import type { PlatformAuth, TenantAuth } from "../../../core/src/auth/context";
import type { AuditLogEntry } from "../../../core/src/db/generated/client";
import { v7 as uuidv7 } from "uuid";
import { Prisma } from "../../../core/src/db/generated/client";
import type { Db } from "../../../core/src/db/types";
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

/**
 * The INSERT of an entry as SQL, for a hot path that writes its change in one statement (as
 * a CTE of it). `afterSql` completes `after` with values only that statement knows (a
 * number it allocates), as a jsonb expression merged over `record.after`. A statement that
 * may decide against its change passes that decision as `when`: no entry without the change.
 */
export function insertAuditSql(
  auth: PlatformAuth,
  record: AuditRecord,
  afterSql: Prisma.Sql,
  when: Prisma.Sql = Prisma.sql`true`,
): Prisma.Sql {
  const before = toJson(record.before);
  return Prisma.sql`
    INSERT INTO "AuditLogEntry"
      ("id", "clientAppId", "clientId", "actorKeyId", "action", "entityType", "entityId", "before", "after")
    SELECT ${uuidv7()}::uuid, ${auth.clientAppId}::uuid, ${auth.clientId}::uuid, ${auth.keyId}::uuid,
      ${record.action}, ${record.entityType}, ${record.entityId},
      ${before === undefined ? null : JSON.stringify(before)}::jsonb,
      ${JSON.stringify(toJson(record.after) ?? {})}::jsonb || ${afterSql}
    WHERE ${when}`;
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
