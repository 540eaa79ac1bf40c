import { type Aggregator, Counter, Gauge, type Registry } from "prom-client";
import type { Database } from "../../../subgraphs/core/src/db/database";
import { moduleDatabase } from "../../../subgraphs/core/src/db/module-db";
import { outboxReadings } from "../../../subgraphs/core/src/events/outbox-readings";
import type { DatabaseReading } from "../../../subgraphs/core/src/module/definition";
import { modules } from "../../../subgraphs/modules";

/** A scrape waits this long for each query, then reports without it. */
const queryTimeoutMs = 1_000;

type Series = Awaited<ReturnType<DatabaseReading["read"]>>;

/**
 * Metrics read from the database when `/metrics` is scraped: core's outbox lag and what each
 * module declares (`readings`: the store webhook backlog, sync runs). Each is one indexed
 * query; one that fails or is slow (database down, table not there yet) leaves its series out
 * of that scrape instead of failing the scrape, and `omnistack_database_up` says whether the
 * database answered.
 *
 * Every gateway worker reads the same rows, so where the workers' registries are aggregated
 * (cluster-metrics.ts) these take the largest reading instead of the sum; `up` takes the
 * smallest, so one worker that cannot reach the database shows.
 */
export function databaseGauges(registry: Registry, db: Database): void {
  const readings: readonly DatabaseReading[] = [
    ...outboxReadings,
    ...modules.flatMap((module): readonly DatabaseReading[] => module.readings ?? []),
  ];
  const prisma = moduleDatabase(db.prisma);
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
  const metrics = readings.map((reading) => {
    const options = { name: reading.name, help: reading.help, labelNames: reading.labelNames ?? [], ...shared };
    return reading.type === "gauge" ? new Gauge(options) : new Counter(options);
  });

  const read = (query: () => Promise<Series>): Promise<Series | undefined> => {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<undefined>((resolve) => {
      timer = setTimeout(() => resolve(undefined), queryTimeoutMs);
    });
    return Promise.race([query().catch(() => undefined), timeout]).finally(() => clearTimeout(timer));
  };

  async function sample(): Promise<void> {
    const results = await Promise.all(readings.map((reading) => read(() => reading.read(prisma))));
    up.set(results.some((series) => series !== undefined) ? 1 : 0);
    results.forEach((series, index) => report(metrics[index]!, readings[index]!, series));
  }
}

/** An unknown reading is left out of the scrape (reset() alone would report a false 0). */
function report(metric: Gauge | Counter, reading: DatabaseReading, series: Series | undefined): void {
  const labelled = (reading.labelNames ?? []).length > 0;
  if (!labelled) {
    const value = series?.[0]?.value;
    if (value === undefined) {
      metric.remove();
    } else if (metric instanceof Gauge) {
      metric.set(value);
    } else {
      metric.reset();
      metric.inc(value);
    }
    return;
  }
  metric.reset();
  for (const { labels = {}, value } of series ?? []) {
    if (metric instanceof Gauge) metric.set(labels, value);
    else metric.inc(labels, value);
  }
}
