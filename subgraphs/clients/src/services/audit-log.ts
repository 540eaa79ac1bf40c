import type { PlatformAuth, TenantAuth } from "../../../core/src/auth/context";
import { v7 as uuidv7 } from "uuid";
import { badInput } from "../../../core/src/errors";
import { keysetPage, type Connection, type PageArgs } from "../../../core/src/graphql/pagination";
import { isUuid } from "../../../core/src/ids";
import { Prisma, type AuditLogEntry, type Db } from "../db";
import { ownTransaction, type InTransaction } from "../../../core/src/db/module-db";

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
export async function recordAudit(tx: InTransaction, auth: PlatformAuth, record: AuditRecord): Promise<void> {
  await ownTransaction<"clients">(tx).auditLogEntry.create({
    data: {
      clientAppId: auth.clientAppId,
      clientId: auth.clientId,
      actorKeyId: auth.keyId,
      actorUserId: auth.userId,
      actorAccountId: auth.accountId ?? null,
      action: record.action,
      entityType: record.entityType,
      entityId: record.entityId,
      before: toJson(record.before),
      after: toJson(record.after),
    },
  });
}

/** Where an entry written as part of another module's statement takes what only that statement knows. */
export interface AuditInStatement {
  /** Fields of `after` as SQL expressions of the statement (a number it allocates), over `record.after`'s. */
  afterFields: Record<string, Prisma.Sql>;
  /** The statement's decision to make its change: no entry without the change. */
  when: Prisma.Sql;
}

/** The INSERT of an entry, for a hot path that writes its change in one statement (as a CTE of it). */
export function insertAuditSql(auth: PlatformAuth, record: AuditRecord, statement: AuditInStatement): Prisma.Sql {
  const before = toJson(record.before);
  const fields = Object.entries(statement.afterFields).map(([name, value]) => Prisma.sql`${name}::text, ${value}`);
  const afterFields = fields.length > 0 ? Prisma.join(fields) : Prisma.empty;
  return Prisma.sql`
    INSERT INTO "AuditLogEntry"
      ("id", "clientAppId", "clientId", "actorKeyId", "actorUserId", "actorAccountId", "action", "entityType", "entityId", "before", "after")
    SELECT ${uuidv7()}::uuid, ${auth.clientAppId}::uuid, ${auth.clientId}::uuid, ${auth.keyId}::uuid, ${auth.userId}::uuid, ${auth.accountId ?? null}::uuid,
      ${record.action}, ${record.entityType}, ${record.entityId},
      ${before === undefined ? null : JSON.stringify(before)}::jsonb,
      ${JSON.stringify(toJson(record.after) ?? {})}::jsonb || jsonb_build_object(${afterFields})
    WHERE ${statement.when}`;
}

export interface AuditLogFilterInput {
  entityType?: string | null;
  entityId?: string | null;
  action?: string | null;
  actorId?: string | null;
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
  const actorId = filter?.actorId;
  // The actor columns are uuids: anything else would fail in PostgreSQL rather than match nothing.
  if (actorId && !isUuid(actorId)) throw badInput("actorId is not an id", { argument: "filter.actorId" });
  const where: Prisma.AuditLogEntryWhereInput = {
    clientId: auth.clientId,
    ...(filter?.entityType && { entityType: filter.entityType }),
    ...(filter?.entityId && { entityId: filter.entityId }),
    ...(filter?.action && { action: filter.action }),
    ...(actorId && { OR: [{ actorKeyId: actorId }, { actorUserId: actorId }, { actorAccountId: actorId }] }),
  };
  return keysetPage(
    args,
    (query) =>
      db.auditLogEntry.findMany({ where: { ...where, ...query.where }, orderBy: query.orderBy, take: query.take }),
    () => db.auditLogEntry.count({ where }),
    "desc",
  );
}
