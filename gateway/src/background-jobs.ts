import { Registry } from "prom-client";
import type { Config } from "../../subgraphs/core/src/config";
import type { SecretBox } from "../../subgraphs/core/src/crypto/secret-box";
import type { Database } from "../../subgraphs/core/src/db/database";
import { startDispatcher } from "../../subgraphs/core/src/events/dispatcher";
import type { EventBus } from "../../subgraphs/core/src/events/types";
import { failpoint } from "../../subgraphs/core/src/failpoints";
import type { Logger } from "../../subgraphs/core/src/logger";
import { startPeriodicJob } from "../../subgraphs/core/src/workers/periodic-job";
import { requestRematches } from "../../subgraphs/integrations/src/services/product-mapping";
import { queueWebhookDeliveries } from "../../subgraphs/integrations/src/services/outbound-webhooks";
import { startOutboundWebhookWorker } from "../../subgraphs/integrations/src/worker/outbound-webhook-worker";
import { startRematchWorker } from "../../subgraphs/integrations/src/worker/product-rematch";
import { startSyncScheduler } from "../../subgraphs/integrations/src/worker/sync-scheduler";
import { startWebhookWorker } from "../../subgraphs/integrations/src/worker/webhook-worker";
import { expireStaleReservations } from "../../subgraphs/orders/src/services/reservation-expiry";
import { databaseGauges } from "./observability/database-gauges";
import { pruneExpiredRows, retentionIntervalMs } from "./retention";

export interface BackgroundJobs {
  /** Lets every job finish what it holds (or return it to its queue), then resolves. */
  stop(): Promise<void>;
}

export interface BackgroundJobsDeps {
  config: Config;
  db: Database;
  bus: EventBus;
  log: Logger;
  secretBox: SecretBox;
}

/**
 * Every background job, as one gateway (OMNI_RUN_WORKERS=true) or a worker process runs
 * them: the outbox dispatcher (which queues outbound webhooks and product re-matches), the
 * store webhook worker, outbound deliveries, the stock sync scheduler, product re-matches,
 * reservation expiry, the backlog snapshot and retention (deleting finished rows past their
 * period). Queue workers share their queues by row locks; scheduled jobs run once per
 * interval across all processes; so any number of processes may run them at once.
 */
export function startBackgroundJobs({ config, db, bus, log, secretBox }: BackgroundJobsDeps): BackgroundJobs {
  const deps = { config, secretBox, log };
  const dispatcher = startDispatcher({
    db,
    bus,
    log,
    durableHandlers: [queueWebhookDeliveries, requestRematches],
    afterPublish: failpoint(config.failpoints, "outbox.after-publish"),
    afterMark: failpoint(config.failpoints, "outbox.after-mark"),
  });
  const queueWorkers = [
    startWebhookWorker({ db, deps, log }),
    startOutboundWebhookWorker({ db, deps, log }),
    startSyncScheduler({ db, deps, log, intervalMs: config.syncIntervalMs }),
    startRematchWorker({ db, deps, log }),
    startPeriodicJob({
      db,
      log,
      name: "reservation-expiry",
      // Checked ten times per TTL (at most every minute): an order expires at most 10% late.
      intervalMs: Math.min(Math.max(config.reservationTtlMs / 10, 1000), 60_000),
      run: async () => ({ expired: await expireStaleReservations(db.prisma, config.reservationTtlMs) }),
    }),
    startBacklogSnapshot(config, db, log),
    startPeriodicJob({
      db,
      log,
      name: "retention",
      intervalMs: retentionIntervalMs,
      run: async () => ({ deleted: await pruneExpiredRows(db.prisma, config.retention) }),
    }),
  ];
  return {
    async stop() {
      await Promise.all([...queueWorkers, dispatcher].map((worker) => worker.stop()));
    },
  };
}

/**
 * Logs the backlog sizes `/metrics` reports (outbox lag, store webhooks waiting, sync runs),
 * so processes nobody scrapes (workers) still leave a trace of them.
 */
function startBacklogSnapshot(config: Config, db: Database, log: Logger) {
  const registry = new Registry();
  databaseGauges(registry, db);
  return startPeriodicJob({
    db,
    log,
    name: "backlog-snapshot",
    intervalMs: config.metricsSnapshotIntervalMs,
    run: async () => {
      const metrics = await registry.getMetricsAsJSON();
      return {
        backlog: Object.fromEntries(
          metrics.map((metric) => [
            metric.name,
            metric.values.length === 1 && Object.keys(metric.values[0]!.labels).length === 0
              ? metric.values[0]!.value
              : metric.values.map((value) => ({ ...value.labels, value: value.value })),
          ]),
        ),
      };
    },
  });
}
