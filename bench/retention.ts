import "reflect-metadata";
import { pruneExpiredRows } from "../subgraphs/core/src/module/retention";
import { modules } from "../subgraphs/modules";
import { startGateway } from "../gateway/src/server";
import { loadConfig } from "../subgraphs/core/src/config";
import { openDatabase } from "../subgraphs/core/src/db/database";
import { applyMigrations } from "../subgraphs/core/src/db/migrate";
import { createMemoryBus } from "../subgraphs/core/src/events/memory-bus";
import { silentLogger } from "../subgraphs/core/src/logger";
import { createPublishedProduct } from "../tests/helpers/commerce";
import { GraphqlClient } from "../tests/helpers/graphql-client";
import { expiredRowCounts, insertExpiredRows } from "../tests/helpers/retention-rows";
import { testSecrets } from "../tests/helpers/stack";
import { createTenant } from "../tests/helpers/tenants";
import { benchDatabase } from "./lib/database";

// What the retention job costs the requests running beside it, on real PostgreSQL: the
// gateway and the job share one process and one pool, as in a gateway with OMNI_RUN_WORKERS
// on. C callers read the catalog (cache off, so every read reaches the database) back to
// back, first alone for as long as the pruning will take, then while the job deletes
// N × 100,000 expired rows. Prints p50/p99 of both; figures, not a verdict.
// Usage: DATABASE_URL=postgresql://… npm run bench:retention -- [hundredThousands=5] [concurrency=8]
const [hundredThousands = 5, concurrency = 8] = process.argv.slice(2).map(Number);
const serverUrl = process.env.DATABASE_URL;
const query = "{ products(first: 20) { totalCount edges { node { id sku name } } } }";

interface Latencies {
  count: number;
  failures: number;
  p50: number;
  p99: number;
}

/** Callers read back to back until `until` settles; latencies of the answered reads. */
async function readWhile(api: GraphqlClient, until: Promise<unknown>): Promise<Latencies> {
  let running = true;
  void until.finally(() => (running = false));
  const latencies: number[] = [];
  let failures = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (running) {
        const startedAt = performance.now();
        const response = await api.request(query).catch(() => undefined);
        if (response?.status === 200 && !response.errors) latencies.push(performance.now() - startedAt);
        else failures++;
      }
    }),
  );
  latencies.sort((a, b) => a - b);
  const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? NaN;
  return { count: latencies.length, failures, p50: at(0.5), p99: at(0.99) };
}

const line = (label: string, result: Latencies, seconds: number) =>
  `${label.padEnd(16)} ${String(result.count).padStart(7)} reads (${(result.count / seconds).toFixed(0)}/s), ` +
  `p50 ${result.p50.toFixed(1)} ms, p99 ${result.p99.toFixed(1)} ms, failures ${result.failures}`;

async function main(): Promise<void> {
  const database = await benchDatabase(serverUrl);
  if (!database) throw new Error("Set DATABASE_URL to a PostgreSQL server: this bench measures real PostgreSQL");
  const db = await openDatabase({ kind: "postgres", url: database.url });
  const bus = createMemoryBus();
  try {
    await applyMigrations(db);
    const config = {
      ...loadConfig({
        NODE_ENV: "production",
        PORT: "0",
        OMNI_CATALOG_CACHE_TTL: "0",
        OMNI_RATE_LIMIT_CAPACITY: "1000000000",
        OMNI_RATE_LIMIT_RESTORE: "1000000000",
      }),
      databaseUrl: database.url,
    };
    const gateway = await startGateway({ config, db, secrets: testSecrets, bus, log: silentLogger });
    try {
      const tenant = await createTenant(new GraphqlClient(gateway.url));
      for (let i = 1; i <= 20; i++) await createPublishedProduct(tenant.api, `RET-${i}`);

      const rows = hundredThousands * Object.values(expiredRowCounts).reduce((sum, count) => sum + count, 0);
      process.stdout.write(`inserting ${rows.toLocaleString("en")} expired rows… `);
      for (let round = 0; round < hundredThousands; round++) await insertExpiredRows(db, tenant.clientId);
      await db.withSession((session) => session.exec("VACUUM ANALYZE"));
      console.log("done");
      await readWhile(tenant.api, new Promise((resolve) => setTimeout(resolve, 3000)));

      // Pruning first, timed, so the baseline can run as long.
      const pruneStartedAt = performance.now();
      const pruning = pruneExpiredRows(db.prisma, modules, config.retention);
      const during = await readWhile(tenant.api, pruning);
      const deleted = await pruning;
      const pruneSeconds = (performance.now() - pruneStartedAt) / 1000;
      const baseline = await readWhile(tenant.api, new Promise((resolve) => setTimeout(resolve, pruneSeconds * 1000)));

      const deletedRows = Object.values(deleted).reduce((sum, count) => sum + count, 0);
      console.log(
        `\nretention: ${deletedRows.toLocaleString("en")} rows deleted (attempts not counted) in ${pruneSeconds.toFixed(1)} s ` +
          `(${(deletedRows / pruneSeconds).toFixed(0)} rows/s), ${JSON.stringify(deleted)}`,
      );
      console.log(`${concurrency} concurrent readers of \`${query}\`, catalog cache off, real PostgreSQL:`);
      console.log(line("without pruning", baseline, pruneSeconds));
      console.log(line("while pruning", during, pruneSeconds));
    } finally {
      await gateway.stop();
    }
  } finally {
    await bus.close();
    await db.close();
    await database.drop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
