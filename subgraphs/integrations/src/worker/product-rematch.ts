import { withAdvisoryLock } from "../../../core/src/db/advisory-lock";
import type { Database } from "../../../core/src/db/database";
import { failureText } from "../../../core/src/errors";
import type { Logger } from "../../../core/src/logger";
import { startPollingLoop, type PollingLoop } from "../../../core/src/workers/polling-loop";
import type { IntegrationDeps } from "../services/deps";
import { matchStoreCatalog } from "../services/product-mapping";
import { openStoreClient } from "../services/stores";
import type { Connection } from "../db";
import { moduleDatabase } from "../../../core/src/db/module-db";

export interface RematchWorkerOptions {
  db: Database;
  deps: IntegrationDeps;
  log: Logger;
  /** Pause between passes that found nothing due. */
  pollIntervalMs?: number;
  /**
   * Least time between two matches of one connection: a burst of product changes (an import)
   * costs a store listing per cooldown, not one per change. The first request after a quiet
   * spell is matched at once.
   */
  cooldownMs?: number;
  /** How long a store that could not list its products is left alone (per process). */
  failureBackoffMs?: number;
}

export type RematchWorker = PollingLoop;

const rematchLock = "omnistack:product-rematch";

/**
 * Matches the store products of connections with a re-match request, one connection at a
 * time across all processes (an advisory lock, as the sync scheduler's). The request is a
 * column, so a crash at any point leaves it for the next pass; the match clears only the
 * requests made before it began listing. Paused connections wait for their next sync, which
 * matches first when a request is pending.
 */
export function startRematchWorker(options: RematchWorkerOptions): RematchWorker {
  const { db, deps, log } = options;
  // The loops get core's handle for their locks; the work sees only the integrations' tables.
  const prisma = moduleDatabase<"integrations">(db.prisma);
  const cooldownMs = options.cooldownMs ?? 10_000;
  const failureBackoffMs = options.failureBackoffMs ?? 60_000;
  const failedUntil = new Map<string, number>();

  async function processNext(): Promise<number> {
    const outcome = await withAdvisoryLock(db, rematchLock, async () => {
      const now = Date.now();
      for (const [id, until] of failedUntil) if (until <= now) failedUntil.delete(id);
      const resting = [...failedUntil.keys()];
      const [due] = await prisma.$queryRaw<Connection[]>`
        SELECT * FROM "Connection"
        WHERE "rematchRequestedAt" IS NOT NULL AND "syncEnabled" AND "status" IN ('ACTIVE', 'ERROR')
          AND ("mappedAt" IS NULL OR "mappedAt" <= now() - ${cooldownMs} * interval '1 millisecond')
          AND NOT ("id" = ANY(${resting}::uuid[]))
        ORDER BY "rematchRequestedAt", "id"
        LIMIT 1`;
      if (!due) return 0;
      try {
        const mapped = await matchStoreCatalog(prisma, due, openStoreClient(due, deps));
        log.info({ connectionId: due.id, mapped }, "Matched the store's products after a product change");
      } catch (error) {
        failedUntil.set(due.id, Date.now() + failureBackoffMs);
        log.warn({ err: error, connectionId: due.id }, "Matching the store's products after a product change failed");
        await prisma.connection.update({
          where: { id: due.id },
          data: { lastError: `The store's products could not be matched: ${failureText(error)}`.slice(0, 1000) },
        });
      }
      return 1;
    });
    return outcome.acquired ? outcome.result : 0;
  }

  return startPollingLoop({
    processNext,
    pollIntervalMs: options.pollIntervalMs ?? 1_000,
    log,
    failureMessage: "The product rematch worker could not run",
  });
}
