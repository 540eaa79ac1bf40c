import { deleteInBatches } from "../../../core/src/db/batched-delete";
import type { RootDb } from "../db";

/**
 * Audit entries recorded before `recordedBefore`, for operators who set a retention period
 * (OMNI_RETENTION_AUDIT_LOG); by default the log is kept whole, as records a tenant may
 * have to produce years later.
 */
export function pruneAuditLog(prisma: RootDb, recordedBefore: Date, limit?: number): Promise<number> {
  return deleteInBatches(
    (batch) => prisma.$executeRaw`
      DELETE FROM "AuditLogEntry" WHERE "id" IN (
        SELECT "id" FROM "AuditLogEntry" WHERE "at" < ${recordedBefore} LIMIT ${batch})`,
    limit,
  );
}
