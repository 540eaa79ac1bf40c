import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { Client } from "pg";

// createOrder throughput on real PostgreSQL: the gateway runs as `npm start` does, in its
// own process on a fresh database; this process is the load (C workers in a closed loop,
// each ordering 2 items of the same two products, so every order contends on the same
// stock rows). Prints orders/s, p50 and p99 per run and the median of the runs.
// Usage: DATABASE_URL=postgresql://… npm run bench:orders -- [concurrency=20] [seconds=10] [runs=3]
const [concurrency = 20, seconds = 10, runs = 3] = process.argv.slice(2).map(Number);
const serverUrl = process.env.DATABASE_URL;
const root = path.resolve(__dirname, "..");

async function admin(sql: string): Promise<void> {
  const client = new Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

function startGateway(databaseUrl: string, dataDir: string): Promise<{ child: ChildProcess; url: string }> {
  // BENCH_NODE_ARGS="--cpu-prof --cpu-prof-dir=…" profiles the gateway (NODE_OPTIONS refuses --cpu-prof).
  const nodeArgs = (process.env.BENCH_NODE_ARGS ?? "").split(" ").filter(Boolean);
  const child = spawn(process.execPath, [...nodeArgs, "-r", "@swc-node/register", "gateway/src/main.ts"], {
    cwd: root,
    env: { ...process.env, DATABASE_URL: databaseUrl, OMNI_DATA_DIR: dataDir, PORT: "0", NODE_ENV: "production" },
    stdio: ["ignore", "pipe", "inherit"],
  });
  return new Promise((resolve, reject) => {
    let output = "";
    child.stdout!.on("data", (chunk: Buffer) => {
      output += chunk.toString();
      const match = /GraphQL:\s+(http:\/\/\S+)/.exec(output);
      if (match?.[1]) resolve({ child, url: match[1] });
    });
    child.once("exit", (code) => reject(new Error(`gateway exited with ${code}`)));
  });
}

async function main(): Promise<void> {
  if (!serverUrl) throw new Error("Set DATABASE_URL to a PostgreSQL server: this bench measures real PostgreSQL");
  const name = `omni_bench_${randomBytes(4).toString("hex")}`;
  await admin(`create database ${name}`);
  const databaseUrl = Object.assign(new URL(serverUrl), { pathname: `/${name}` }).toString();
  const dataDir = mkdtempSync(path.join(tmpdir(), "omni-bench-"));
  const { child, url } = await startGateway(databaseUrl, dataDir);
  try {
    const keys = JSON.parse(readFileSync(path.join(dataDir, "demo-keys.json"), "utf8")) as Record<string, string>;
    const headers = {
      "content-type": "application/json",
      "x-api-key": keys.platformApiKey ?? "",
      "client-x-api-key": keys.clientApiKey ?? "",
    };
    const call = async (query: string, variables: Record<string, unknown> = {}) => {
      const response = await fetch(url, { method: "POST", headers, body: JSON.stringify({ query, variables }) });
      const body = (await response.json()) as { data?: Record<string, { id: string }>; errors?: unknown[] };
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

    const measure = async (durationMs: number) => {
      const latencies: number[] = [];
      let failures = 0;
      const endAt = performance.now() + durationMs;
      await Promise.all(
        Array.from({ length: concurrency }, async () => {
          while (performance.now() < endAt) {
            const startedAt = performance.now();
            try {
              await call(order, { input });
              latencies.push(performance.now() - startedAt);
            } catch {
              failures++;
            }
          }
        }),
      );
      latencies.sort((a, b) => a - b);
      const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? NaN;
      return { rate: latencies.length / (durationMs / 1000), p50: at(0.5), p99: at(0.99), failures };
    };

    await measure(3000);
    const results = [];
    for (let run = 1; run <= runs; run++) {
      const result = await measure(seconds * 1000);
      results.push(result);
      console.log(
        `run ${run}: ${result.rate.toFixed(0)} orders/s, p50 ${result.p50.toFixed(1)} ms, p99 ${result.p99.toFixed(1)} ms, failures ${result.failures}`,
      );
    }
    const median = [...results].sort((a, b) => a.rate - b.rate)[Math.floor(results.length / 2)]!;
    console.log(
      `createOrder (2 items, ${concurrency} concurrent, real PostgreSQL): median ${median.rate.toFixed(0)} orders/s, p50 ${median.p50.toFixed(1)} ms, p99 ${median.p99.toFixed(1)} ms`,
    );
  } finally {
    child.kill("SIGTERM");
    await new Promise((resolve) => child.once("exit", resolve));
    rmSync(dataDir, { recursive: true, force: true });
    await admin(`drop database if exists ${name} with (force)`);
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
