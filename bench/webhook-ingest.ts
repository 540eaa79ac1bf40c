import { spawn, type ChildProcess } from "node:child_process";
import { createHmac, randomBytes, randomUUID } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { Client } from "pg";
import { startFakeShopify } from "../tests/fakes/shopify";
import { GraphqlClient } from "../tests/helpers/graphql-client";
import { connectShopifyShop } from "../tests/helpers/integrations";
import { freePort } from "../tests/helpers/ports";

// Store webhook ingest rate: signed Shopify orders/create deliveries, each with its own
// webhook id, against a gateway in its own process (as `npm start` runs it) with the
// webhook worker off, so what is measured is the shim alone: verify the HMAC on the raw
// body, find the connection, store the receipt, answer 200. C senders in a closed loop.
// Real PostgreSQL when DATABASE_URL is set (a fresh database, dropped after), else PGlite.
// Prints deliveries/s, p50 and p99 per run and the median of the runs.
// Usage: [DATABASE_URL=postgresql://…] npm run bench:webhooks -- [concurrency=20] [seconds=10] [runs=3]
const [concurrency = 20, seconds = 10, runs = 3] = process.argv.slice(2).map(Number);
const serverUrl = process.env.DATABASE_URL;
const root = path.resolve(__dirname, "..");
const shop = "bench-shop.myshopify.com";
const app = { clientId: "bench-client-id", clientSecret: `shpss_${randomBytes(16).toString("hex")}` };

async function admin(sql: string): Promise<void> {
  const client = new Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

function startGateway(env: Record<string, string>): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, ["-r", "@swc-node/register", "gateway/src/main.ts"], {
    cwd: root,
    env: { ...process.env, ...env, NODE_ENV: "production", OMNI_RUN_WORKERS: "false" },
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

/** An orders/create body shaped like Shopify's documented example (abridged). */
function orderBody(id: number): string {
  return JSON.stringify({
    id,
    email: "jon@example.com",
    name: `#${id % 10_000}`,
    currency: "USD",
    financial_status: "paid",
    total_price: "398.00",
    line_items: [
      { id: id * 10 + 1, sku: "IPOD2008GREEN", quantity: 1, price: "199.00", title: "IPod Nano - 8GB" },
      { id: id * 10 + 2, sku: "IPOD2008BLACK", quantity: 1, price: "199.00", title: "IPod Nano - 8GB" },
    ],
  });
}

async function main(): Promise<void> {
  const dataDir = mkdtempSync(path.join(tmpdir(), "omni-bench-"));
  const name = `omni_bench_${randomBytes(4).toString("hex")}`;
  let databaseUrl: string | undefined;
  if (serverUrl) {
    await admin(`create database ${name}`);
    databaseUrl = Object.assign(new URL(serverUrl), { pathname: `/${name}` }).toString();
  }
  const shopify = await startFakeShopify({ shop, ...app });
  const port = await freePort();
  const publicUrl = `http://127.0.0.1:${port}`;
  const { child, url } = await startGateway({
    ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
    OMNI_DATA_DIR: dataDir,
    PORT: String(port),
    OMNI_PUBLIC_URL: publicUrl,
    SHOPIFY_CLIENT_ID: app.clientId,
    SHOPIFY_CLIENT_SECRET: app.clientSecret,
    SHOPIFY_ADMIN_BASE_URL: shopify.url,
  });
  try {
    const keys = JSON.parse(readFileSync(path.join(dataDir, "demo-keys.json"), "utf8")) as Record<string, string>;
    const api = new GraphqlClient(url, {
      "x-api-key": keys.platformApiKey ?? "",
      "client-x-api-key": keys.clientApiKey ?? "",
    });
    await connectShopifyShop(api, shop);

    let nextOrderId = 5_912_450_789_000;
    const deliver = async () => {
      const body = orderBody(++nextOrderId);
      const response = await fetch(`${publicUrl}/webhooks/shopify`, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          "x-shopify-topic": "orders/create",
          "x-shopify-hmac-sha256": createHmac("sha256", app.clientSecret).update(body).digest("base64"),
          "x-shopify-shop-domain": shop,
          "x-shopify-webhook-id": randomUUID(),
        },
        body,
      });
      await response.arrayBuffer();
      if (response.status !== 200) throw new Error(`HTTP ${response.status}`);
    };

    const measure = async (durationMs: number) => {
      const latencies: number[] = [];
      let failures = 0;
      const endAt = performance.now() + durationMs;
      await Promise.all(
        Array.from({ length: concurrency }, async () => {
          while (performance.now() < endAt) {
            const startedAt = performance.now();
            try {
              await deliver();
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
        `run ${run}: ${result.rate.toFixed(0)} deliveries/s, p50 ${result.p50.toFixed(1)} ms, p99 ${result.p99.toFixed(1)} ms, failures ${result.failures}`,
      );
    }
    const median = [...results].sort((a, b) => a.rate - b.rate)[Math.floor(results.length / 2)]!;
    console.log(
      `Shopify webhook ingest (verified + stored + 200, ${concurrency} concurrent, ${serverUrl ? "real PostgreSQL" : "PGlite"}): median ${median.rate.toFixed(0)} deliveries/s, p50 ${median.p50.toFixed(1)} ms, p99 ${median.p99.toFixed(1)} ms`,
    );
  } finally {
    child.kill("SIGTERM");
    await new Promise((resolve) => child.once("exit", resolve));
    await shopify.stop();
    rmSync(dataDir, { recursive: true, force: true });
    if (databaseUrl) await admin(`drop database if exists ${name} with (force)`);
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
