import type { RetentionSettings } from "../config";
import { retentionCutoff } from "../db/batched-delete";
import type { PrismaClient } from "../db/generated/client";
import { moduleDatabase } from "../db/module-db";
import { prunePublishedEvents } from "../events/outbox-retention";
import type { AnyModuleDefinition, RetentionRule } from "./definition";

/** How often the retention job looks for rows past their period: deleting late by an hour costs nothing. */
export const retentionIntervalMs = 3_600_000;

/** Published outbox events: core's own table, kept only to investigate with. */
const outboxRule: RetentionRule<"core"> = {
  name: "outboxEvents",
  period: (settings) => settings.outboxMs,
  prune: (prisma, before, batchSize) => prunePublishedEvents(prisma, before, batchSize),
};

/** Rows deleted per table in one pass, by the rule's name; a table whose period is off is absent. */
export type RetentionCounts = Record<string, number>;

/**
 * One pass of the retention job: each module deletes its own finished rows older than their
 * period, one table after another (never side by side: the point is to stay out of the
 * requests' way).
 */
export async function pruneExpiredRows(
  prisma: PrismaClient,
  modules: readonly AnyModuleDefinition[],
  settings: RetentionSettings,
  options: { now?: Date; batchSize?: number } = {},
): Promise<RetentionCounts> {
  const rules: readonly RetentionRule[] = [outboxRule, ...modules.flatMap((module) => module.retention ?? [])];
  const counts: RetentionCounts = {};
  for (const rule of rules) {
    const before = retentionCutoff(rule.period(settings), options.now);
    if (before) counts[rule.name] = await rule.prune(moduleDatabase(prisma), before, options.batchSize);
  }
  return counts;
}
