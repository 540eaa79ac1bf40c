import { createHmac, randomBytes, randomUUID } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { startFakeShopify } from "../tests/fakes/shopify";
import { GraphqlClient } from "../tests/helpers/graphql-client";
import { connectShopifyShop } from "../tests/helpers/integrations";
import { freePort } from "../tests/helpers/ports";
import { startGatewayProcess, stopProcess } from "../tests/helpers/process";
import { closedLoop, medianOfRuns } from "./lib/closed-loop";
import { cpuMeter, formatCpu } from "./lib/cpu-meter";
import { KeptAliveClient } from "./lib/http-post";
import { benchDatabase } from "./lib/database";

// Store webhook ingest rate: signed Shopify orders/create deliveries, each with its own
// webhook id, against a gateway in its own process (as `npm start` runs it) with the
// webhook worker off, so what is measured is the shim alone: verify the HMAC on the raw
// body, find the connection, store the receipt, answer 200. C senders in a closed loop.
// Real PostgreSQL when DATABASE_URL is set (a fresh database, dropped after), else PGlite.
// Prints deliveries/s, p50 and p99 per run and the median of the runs.
// Usage: [DATABASE_URL=postgresql://…] npm run bench:webhooks -- [concurrency=20] [seconds=10] [runs=3]
const [concurrency = 20, seconds = 10, runs = 3] = process.argv.slice(2).map(Number);
const serverUrl = process.env.DATABASE_URL;
const shop = "bench-shop.myshopify.com";
const app = { clientId: "bench-client-id", clientSecret: `shpss_${randomBytes(16).toString("hex")}` };

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
  const database = await benchDatabase(serverUrl);
  const shopify = await startFakeShopify({ shop, ...app });
  const port = await freePort();
  const publicUrl = `http://127.0.0.1:${port}`;
  // BENCH_NODE_ARGS="--cpu-prof --cpu-prof-dir=…" profiles the gateway (NODE_OPTIONS refuses --cpu-prof).
  const nodeArgs = (process.env.BENCH_NODE_ARGS ?? "").split(" ").filter(Boolean);
  const { child, url } = await startGatewayProcess(
    {
      ...process.env,
      ...(database && { DATABASE_URL: database.url }),
      NODE_ENV: "production",
      OMNI_RUN_WORKERS: "false",
      OMNI_DATA_DIR: dataDir,
      PORT: String(port),
      OMNI_PUBLIC_URL: publicUrl,
      SHOPIFY_CLIENT_ID: app.clientId,
      SHOPIFY_CLIENT_SECRET: app.clientSecret,
      SHOPIFY_ADMIN_BASE_URL: shopify.url,
      // One shop sends everything here: its per-connection limit (40, 2/s) would be what is measured.
      OMNI_WEBHOOK_RATE_CAPACITY: "1000000",
      OMNI_WEBHOOK_RATE_RESTORE: "1000000",
    },
    nodeArgs,
  );
  const client = new KeptAliveClient(concurrency);
  try {
    const keys = JSON.parse(readFileSync(path.join(dataDir, "demo-keys.json"), "utf8")) as Record<string, string>;
    const api = new GraphqlClient(url, {
      "x-api-key": keys.platformApiKey ?? "",
      "client-x-api-key": keys.clientApiKey ?? "",
    });
    await connectShopifyShop(api, shop);

    let nextOrderId = 5_912_450_789_000;
    const webhookUrl = new URL(`${publicUrl}/webhooks/shopify`);
    const deliver = async () => {
      const body = orderBody(++nextOrderId);
      const response = await client.post(
        webhookUrl,
        {
          "content-type": "application/json",
          "x-shopify-topic": "orders/create",
          "x-shopify-hmac-sha256": createHmac("sha256", app.clientSecret).update(body).digest("base64"),
          "x-shopify-shop-domain": shop,
          "x-shopify-webhook-id": randomUUID(),
        },
        body,
      );
      if (response.status !== 200) throw new Error(`HTTP ${response.status}`);
    };

    // With PGlite the database runs inside the gateway, so its CPU is the server's.
    const meter = cpuMeter(child.pid!, database ? new URL(database.url).pathname.slice(1) : null);
    const median = await medianOfRuns(runs, seconds, "deliveries", (durationMs) =>
      closedLoop(concurrency, durationMs, deliver, meter),
    );
    console.log(
      `Shopify webhook ingest (verified + stored + 200, ${concurrency} concurrent, ${serverUrl ? "real PostgreSQL" : "PGlite"}): median ${median.rate.toFixed(0)} deliveries/s, p50 ${median.p50.toFixed(1)} ms, p99 ${median.p99.toFixed(1)} ms; ${formatCpu(median.cpu!)}`,
    );
  } finally {
    client.close();
    await stopProcess(child);
    await shopify.stop();
    rmSync(dataDir, { recursive: true, force: true });
    await database?.drop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
