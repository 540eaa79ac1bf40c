import type { ModuleQueries } from "../db/module-db";
import { deleteInBatches } from "../db/batched-delete";

/**
 * Deletes outbox events published before `publishedBefore`, in batches. An event not yet
 * published (publishedAt NULL) is never touched, however old: it is work still to do.
 * Once published, consumers have had it (subscriptions, the webhook fan-out); the row is
 * kept a while only to investigate with.
 */
export function prunePublishedEvents(
  prisma: ModuleQueries<"core">,
  publishedBefore: Date,
  limit?: number,
): Promise<number> {
  return deleteInBatches(
    (batch) => prisma.$executeRaw`
      DELETE FROM "OutboxEvent" WHERE "id" IN (
        SELECT "id" FROM "OutboxEvent" WHERE "publishedAt" < ${publishedBefore} LIMIT ${batch})`,
    limit,
  );
}
