import { deleteInBatches } from "../../../core/src/db/batched-delete";
import type { RootDb } from "../db";

/*
 * What the integrations module keeps of finished work, and for how long, is its own
 * business: the retention job only says when. Each statement re-checks the status on the
 * row it deletes, so a row put back in the queue meanwhile (a retried delivery) stays.
 */

/**
 * Store webhook receipts received before `createdBefore` and done with (PROCESSED, IGNORED,
 * FAILED); RECEIVED ones wait for the worker, however old. A store redelivering a pruned
 * receipt's webhook is processed again, but SalesLog still makes its order one order.
 */
export function pruneWebhookReceipts(prisma: RootDb, createdBefore: Date, limit?: number): Promise<number> {
  return deleteInBatches(
    (batch) => prisma.$executeRaw`
      DELETE FROM "WebhookReceipt" WHERE "status" <> 'RECEIVED' AND "id" IN (
        SELECT "id" FROM "WebhookReceipt"
        WHERE "createdAt" < ${createdBefore} AND "status" <> 'RECEIVED' LIMIT ${batch})`,
    limit,
  );
}

/**
 * Outbound deliveries queued before `createdBefore` that ended (SUCCEEDED, FAILED, DISABLED),
 * with their attempts in the same statement; PENDING ones are still being retried.
 */
export function pruneWebhookDeliveries(prisma: RootDb, createdBefore: Date, limit?: number): Promise<number> {
  return deleteInBatches(async (batch) => {
    const [row] = await prisma.$queryRaw<{ deleted: number }[]>`
      WITH deleted AS (
        DELETE FROM "WebhookDelivery" WHERE "status" <> 'PENDING' AND "id" IN (
          SELECT "id" FROM "WebhookDelivery"
          WHERE "createdAt" < ${createdBefore} AND "status" <> 'PENDING' LIMIT ${batch})
        RETURNING "id"
      ), attempts AS (
        DELETE FROM "WebhookAttempt" WHERE "deliveryId" IN (SELECT "id" FROM deleted)
      )
      SELECT count(*)::int AS deleted FROM deleted`;
    return row?.deleted ?? 0;
  }, limit);
}

/** Sync runs started before `startedBefore` that finished; a RUNNING one is left to finish. */
export function pruneSyncRuns(prisma: RootDb, startedBefore: Date, limit?: number): Promise<number> {
  return deleteInBatches(
    (batch) => prisma.$executeRaw`
      DELETE FROM "SyncRun" WHERE "status" <> 'RUNNING' AND "id" IN (
        SELECT "id" FROM "SyncRun" WHERE "startedAt" < ${startedBefore} AND "status" <> 'RUNNING' LIMIT ${batch})`,
    limit,
  );
}
