import { pruneAuditLog } from "../../subgraphs/clients/src/services/audit-retention";
import type { RetentionSettings } from "../../subgraphs/core/src/config";
import { retentionCutoff } from "../../subgraphs/core/src/db/batched-delete";
import type { PrismaClient } from "../../subgraphs/core/src/db/generated/client";
import { prunePublishedEvents } from "../../subgraphs/core/src/events/outbox-retention";
import {
  pruneSyncRuns,
  pruneWebhookDeliveries,
  pruneWebhookReceipts,
} from "../../subgraphs/integrations/src/services/retention";

/** How often the retention job looks for rows past their period: deleting late by an hour costs nothing. */
export const retentionIntervalMs = 3_600_000;

export type RetentionCounts = Partial<
  Record<"outboxEvents" | "webhookReceipts" | "webhookDeliveries" | "syncRuns" | "auditLogEntries", number>
>;

/**
 * One pass of the retention job: each module deletes its own finished rows older than their
 * period, one table after another (never side by side: the point is to stay out of the
 * requests' way). A table whose period is off is skipped and absent from the counts.
 */
export async function pruneExpiredRows(
  prisma: PrismaClient,
  retention: RetentionSettings,
  options: { now?: Date; batchSize?: number } = {},
): Promise<RetentionCounts> {
  const cutoff = (ms: number | undefined) => retentionCutoff(ms, options.now);
  const tables: [keyof RetentionCounts, Date | undefined, (before: Date) => Promise<number>][] = [
    ["outboxEvents", cutoff(retention.outboxMs), (before) => prunePublishedEvents(prisma, before, options.batchSize)],
    [
      "webhookReceipts",
      cutoff(retention.webhooksMs),
      (before) => pruneWebhookReceipts(prisma, before, options.batchSize),
    ],
    [
      "webhookDeliveries",
      cutoff(retention.webhooksMs),
      (before) => pruneWebhookDeliveries(prisma, before, options.batchSize),
    ],
    ["syncRuns", cutoff(retention.syncRunsMs), (before) => pruneSyncRuns(prisma, before, options.batchSize)],
    ["auditLogEntries", cutoff(retention.auditLogMs), (before) => pruneAuditLog(prisma, before, options.batchSize)],
  ];
  const counts: RetentionCounts = {};
  for (const [name, before, prune] of tables) {
    if (before) counts[name] = await prune(before);
  }
  return counts;
}
