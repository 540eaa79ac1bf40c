import { type Aggregator, Counter, Gauge, type Registry } from "prom-client";
import type { Database } from "../../../subgraphs/core/src/db/database";

/** A scrape waits this long for each query, then reports without it. */
const queryTimeoutMs = 1_000;
/** Counting stops here: a backlog this deep already pages someone, and a bounded count stays cheap. */
const countCap = 100_000;

/**
 * Gauges read from the database when `/metrics` is scraped: outbox lag, the store webhook
 * backlog and sync runs. Each is one indexed query; one that fails or is slow (database down,
 * table not there yet) leaves its series out of that scrape instead of failing the scrape,
 * and `omnistack_database_up` says whether the database answered.
 *
 * Every gateway worker reads the same rows, so where the workers' registries are aggregated
 * (cluster-metrics.ts) these take the largest reading instead of the sum; `up` takes the
 * smallest, so one worker that cannot reach the database shows.
 */
export function databaseGauges(registry: Registry, db: Database): void {
  let sampling: Promise<void> | undefined;
  // prom-client calls every metric's collect() at once for a scrape: they share one round of queries.
  const collect = () => (sampling ??= sample().finally(() => (sampling = undefined)));
  const shared = { registers: [registry], aggregator: "max" as Aggregator, collect };
  const up = new Gauge({
    name: "omnistack_database_up",
    help: "1 when the database answered this scrape's queries, 0 when it was unreachable or slower than 1 s",
    ...shared,
    aggregator: "min",
  });
  const outboxPending = new Gauge({
    name: "omnistack_outbox_pending_events",
    help: `Outbox events not yet published to the event bus (counted up to ${countCap})`,
    ...shared,
  });
  const outboxAge = new Gauge({
    name: "omnistack_outbox_oldest_pending_age_seconds",
    help: "Age of the oldest unpublished outbox event; 0 when none is pending",
    ...shared,
  });
  const receiptBacklog = new Gauge({
    name: "omnistack_webhook_receipts_received",
    help: `Store webhook receipts stored and not processed yet, status RECEIVED (counted up to ${countCap})`,
    ...shared,
  });
  const syncRuns = new Counter({
    name: "omnistack_sync_runs_total",
    help: "Store sync runs recorded, by status (RUNNING, SUCCEEDED, FAILED)",
    labelNames: ["status"] as const,
    ...shared,
  });

  const read = <Row>(query: () => Promise<Row[]>): Promise<Row[] | undefined> => {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<undefined>((resolve) => {
      timer = setTimeout(() => resolve(undefined), queryTimeoutMs);
    });
    return Promise.race([query().catch(() => undefined), timeout]).finally(() => clearTimeout(timer));
  };

  async function sample(): Promise<void> {
    const [pending, oldest, receipts, runs] = await Promise.all([
      read(
        () => db.prisma.$queryRaw<{ count: number }[]>`
          SELECT count(*)::int AS count FROM (
            SELECT 1 FROM "OutboxEvent" WHERE "publishedAt" IS NULL LIMIT ${countCap}
          ) AS pending`,
      ),
      // Outbox ids are UUIDv7, so the lowest pending id is the oldest pending event (an index scan).
      read(
        () => db.prisma.$queryRaw<{ age: number }[]>`
          SELECT EXTRACT(EPOCH FROM (now() - "createdAt"))::float8 AS age FROM "OutboxEvent"
          WHERE "publishedAt" IS NULL ORDER BY "id" LIMIT 1`,
      ),
      read(
        () => db.prisma.$queryRaw<{ count: number }[]>`
          SELECT count(*)::int AS count FROM (
            SELECT 1 FROM "WebhookReceipt" WHERE "status" = 'RECEIVED' LIMIT ${countCap}
          ) AS received`,
      ),
      read(
        () => db.prisma.$queryRaw<{ status: string; count: number }[]>`
          SELECT "status"::text AS status, count(*)::int AS count FROM "SyncRun" GROUP BY "status"`,
      ),
    ]);

    up.set(pending ? 1 : 0);
    setOrOmit(outboxPending, pending?.[0]?.count);
    setOrOmit(outboxAge, oldest && Math.max(0, oldest[0]?.age ?? 0));
    setOrOmit(receiptBacklog, receipts?.[0]?.count);
    syncRuns.reset();
    for (const run of runs ?? []) syncRuns.inc({ status: run.status }, run.count);
  }
}

/** An unknown value is left out of the scrape (reset() would report a false 0). */
function setOrOmit(gauge: Gauge, value: number | undefined): void {
  if (value === undefined) gauge.remove();
  else gauge.set(value);
}
