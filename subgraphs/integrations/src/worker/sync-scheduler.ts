import { withAdvisoryLock } from "../../../core/src/db/advisory-lock";
import type { Database } from "../../../core/src/db/database";
import type { Logger } from "../../../core/src/logger";
import { startPollingLoop, type PollingLoop } from "../../../core/src/workers/polling-loop";
import type { IntegrationDeps } from "../services/deps";
import { syncConnection } from "../services/sync";
import type { Connection, RootDb } from "../db";
import { moduleDatabase } from "../../../core/src/db/module-db";

export interface SyncSchedulerOptions {
  db: Database;
  deps: IntegrationDeps;
  log: Logger;
  /** SYNC_INTERVAL: how long after its last sync a connection is synced again. */
  intervalMs: number;
}

export type SyncScheduler = PollingLoop;

const schedulerLock = "omnistack:sync-scheduler";

/**
 * Every connection that syncs is synced once per interval, by one runner at a time across
 * all replicas (a PostgreSQL advisory lock around each connection's run). Which connection
 * is due comes from its lastSyncAt, so however many replicas run the scheduler, and however
 * their timers drift, a connection is not synced twice in one interval; one a manual run
 * holds right now is left to it.
 */
export function startSyncScheduler(options: SyncSchedulerOptions): SyncScheduler {
  const { db, deps, log, intervalMs } = options;
  // The loops get core's handle for their locks; the work sees only the integrations' tables.
  const prisma = moduleDatabase<"integrations">(db.prisma);

  async function processNext(): Promise<number> {
    const outcome = await withAdvisoryLock(db, schedulerLock, async () => {
      const due = await findDueConnection(prisma, intervalMs);
      if (!due) return 0;
      const run = await syncConnection(prisma, deps, due, "SCHEDULE");
      log.info(
        { connectionId: due.id, status: run.status, pushed: run.pushed, skipped: run.skipped, failed: run.failed },
        "Scheduled sync finished",
      );
      return 1;
    });
    return outcome.acquired ? outcome.result : 0;
  }

  return startPollingLoop({
    processNext,
    // Checking a fifth of the interval keeps a connection's sync within 20% of its due time.
    pollIntervalMs: Math.min(Math.max(intervalMs / 5, 1000), 60_000),
    log,
    failureMessage: "The sync scheduler could not run a sync",
  });
}

function findDueConnection(prisma: RootDb, intervalMs: number): Promise<Connection | null> {
  const now = new Date();
  return prisma.connection.findFirst({
    where: {
      syncEnabled: true,
      status: { in: ["ACTIVE", "ERROR"] },
      AND: [
        { OR: [{ lastSyncAt: null }, { lastSyncAt: { lte: new Date(now.getTime() - intervalMs) } }] },
        { OR: [{ syncLockedUntil: null }, { syncLockedUntil: { lt: now } }] },
      ],
    },
    orderBy: [{ lastSyncAt: { sort: "asc", nulls: "first" } }, { id: "asc" }],
  });
}
