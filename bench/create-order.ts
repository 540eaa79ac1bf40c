import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { startGatewayProcess, stopProcess } from "../tests/helpers/process";
import { closedLoop, medianOfRuns } from "./lib/closed-loop";
import { cpuMeter, formatCpu } from "./lib/cpu-meter";
import { KeptAliveClient } from "./lib/http-post";
import { benchDatabase } from "./lib/database";

// createOrder throughput on real PostgreSQL: the gateway runs as `npm start` does, in its
// own process on a fresh database; this process is the load (C workers in a closed loop,
// each ordering 2 items of the same two products, so every order contends on the same
// stock rows). Prints orders/s, p50 and p99 per run and the median of the runs.
// Usage: DATABASE_URL=postgresql://… npm run bench:orders -- [concurrency=20] [seconds=10] [runs=3]
const [concurrency = 20, seconds = 10, runs = 3] = process.argv.slice(2).map(Number);
const serverUrl = process.env.DATABASE_URL;

async function main(): Promise<void> {
  const database = await benchDatabase(serverUrl);
  if (!database) throw new Error("Set DATABASE_URL to a PostgreSQL server: this bench measures real PostgreSQL");
  const dataDir = mkdtempSync(path.join(tmpdir(), "omni-bench-"));
  // BENCH_NODE_ARGS="--cpu-prof --cpu-prof-dir=…" profiles the gateway (NODE_OPTIONS refuses --cpu-prof).
  const nodeArgs = (process.env.BENCH_NODE_ARGS ?? "").split(" ").filter(Boolean);
  const { child, url } = await startGatewayProcess(
    {
      ...process.env,
      DATABASE_URL: database.url,
      OMNI_DATA_DIR: dataDir,
      PORT: "0",
      NODE_ENV: "production",
      // One tenant places every order: its request budget would be what is measured.
      OMNI_RATE_LIMIT_CAPACITY: "1000000000",
      OMNI_RATE_LIMIT_RESTORE: "1000000000",
    },
    nodeArgs,
  );
  const client = new KeptAliveClient(concurrency);
  try {
    const keys = JSON.parse(readFileSync(path.join(dataDir, "demo-keys.json"), "utf8")) as Record<string, string>;
    const headers = {
      "content-type": "application/json",
      "x-api-key": keys.platformApiKey ?? "",
      "client-x-api-key": keys.clientApiKey ?? "",
    };
    const endpoint = new URL(url);
    const call = async (query: string, variables: Record<string, unknown> = {}) => {
      const response = await client.post(endpoint, headers, JSON.stringify({ query, variables }));
      const body = JSON.parse(response.body) as { data?: Record<string, { id: string }>; errors?: unknown[] };
      if (body.errors) throw new Error(JSON.stringify(body.errors));
      return body.data!;
    };
    const location = await call('mutation { createLocation(input: { name: "Bench", code: "BENCH" }) { id } }');
    const products: string[] = [];
    for (const sku of ["BENCH-A", "BENCH-B"]) {
      const created = await call(
        'mutation ($sku: String!) { createProduct(input: { sku: $sku, name: $sku, price: "9.99" }) { id } }',
        { sku },
      );
      const productId = created.createProduct!.id;
      await call("mutation ($id: ID!) { publishProduct(id: $id) { id } }", { id: productId });
      await call("mutation ($i: SetInventoryInput!) { setInventory(input: $i) { id } }", {
        i: { productId, locationId: location.createLocation!.id, onHand: 1_000_000 },
      });
      products.push(productId);
    }
    const input = {
      items: products.map((productId) => ({ productId, locationId: location.createLocation!.id, quantity: 1 })),
    };
    const order = "mutation ($input: CreateOrderInput!) { createOrder(input: $input) { id number } }";

    const meter = cpuMeter(child.pid!, new URL(database.url).pathname.slice(1));
    const median = await medianOfRuns(runs, seconds, "orders", (durationMs) =>
      closedLoop(concurrency, durationMs, () => call(order, { input }), meter),
    );
    console.log(
      `createOrder (2 items, ${concurrency} concurrent, real PostgreSQL): median ${median.rate.toFixed(0)} orders/s, p50 ${median.p50.toFixed(1)} ms, p99 ${median.p99.toFixed(1)} ms; ${formatCpu(median.cpu!)}`,
    );
  } finally {
    client.close();
    await stopProcess(child);
    rmSync(dataDir, { recursive: true, force: true });
    await database.drop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
