import { Registry } from "prom-client";
import type { Config } from "../../subgraphs/core/src/config";
import type { SecretBox } from "../../subgraphs/core/src/crypto/secret-box";
import type { Database } from "../../subgraphs/core/src/db/database";
import { startDispatcher, type DurableEventHandler } from "../../subgraphs/core/src/events/dispatcher";
import type { EventBus } from "../../subgraphs/core/src/events/types";
import { failpoint } from "../../subgraphs/core/src/failpoints";
import type { Logger } from "../../subgraphs/core/src/logger";
import { startPeriodicJob } from "../../subgraphs/core/src/workers/periodic-job";
import { pruneExpiredRows, retentionIntervalMs } from "../../subgraphs/core/src/module/retention";
import { modules } from "../../subgraphs/modules";
import { asModuleTransaction, moduleDatabase } from "../../subgraphs/core/src/db/module-db";
import { databaseGauges } from "./observability/database-gauges";

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

/** Every module's durable event handlers, each given the dispatcher's transaction as its own. */
export function moduleEventHandlers(): DurableEventHandler[] {
  return modules.flatMap((module) =>
    (module.durableEventHandlers ?? []).map(
      (handle): DurableEventHandler =>
        (tx, events) =>
          handle(asModuleTransaction(tx), events),
    ),
  );
}

/**
 * Every background job, as one gateway (OMNI_RUN_WORKERS=true) or a worker process runs
 * them: the outbox dispatcher (running the modules' durable event handlers as it marks events
 * published), each module's queue consumers and periodic jobs, the backlog snapshot and
 * retention (each module deleting its finished rows past their period). Queue workers share
 * their queues by row locks; scheduled jobs run once per interval across all processes; so
 * any number of processes may run them at once.
 */
export function startBackgroundJobs({ config, db, bus, log, secretBox }: BackgroundJobsDeps): BackgroundJobs {
  const dispatcher = startDispatcher({
    db,
    bus,
    log,
    durableHandlers: moduleEventHandlers(),
    afterPublish: failpoint(config.failpoints, "outbox.after-publish"),
    afterMark: failpoint(config.failpoints, "outbox.after-mark"),
  });
  const jobs = [
    ...modules.flatMap(
      (module) => module.jobs?.({ config, db, prisma: moduleDatabase(db.prisma), log, secretBox }) ?? [],
    ),
    startBacklogSnapshot(config, db, log),
    startPeriodicJob({
      db,
      log,
      name: "retention",
      intervalMs: retentionIntervalMs,
      run: async () => ({ deleted: await pruneExpiredRows(db.prisma, modules, config.retention) }),
    }),
  ];
  return {
    async stop() {
      await Promise.all([...jobs, dispatcher].map((job) => job.stop()));
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
