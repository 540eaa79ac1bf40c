import type { PlatformAuth } from "../../../core/src/auth/context";
import type { Db, Prisma } from "../../../core/src/db/types";

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
  return value === undefined || value === null ? undefined : (JSON.parse(JSON.stringify(value)) as Prisma.InputJsonValue);
}

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
