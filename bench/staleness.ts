import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import autocannon from "autocannon";
import { createDataset, type BenchTenant } from "./dataset";
import { startNodeServer, stopServer } from "./lib/processes";
import { benchGatewayEnv } from "./lib/server-env";

// How stale the response cache lets a storefront be (issue 19): the gateway runs as
// `npm start` does (workers on: the outbox dispatcher delivers the events) on the bench data
// set; autocannon keeps the storefront's cached listing busy, and readers of our own poll the
// same listing with the storefront key while N changes are made through the API, one after
// the other, to one product the listing shows: alternately its name (updateProduct: the
// committing process invalidates, then product.updated everywhere) and its stock at one
// location (setInventory: stock.changed through the outbox). Staleness of a change: from its
// mutation's answer (the commit is acknowledged) to the first reader's answer that shows it.
// A stale read: an answer to a request sent after a change was first seen that shows an older
// state. Prints p50/p99 per kind and overall, and the stale reads (the goal: p99 < 200 ms, 0).
// Usage: DATABASE_URL=postgresql://… REDIS_URL=redis://… npm run bench:staleness -- [changes=1000] [readers=4] [load connections=10]
const [changes = 1000, readerCount = 4, loadConnections = 10] = process.argv.slice(2).map(Number);
const serverUrl = process.env.DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";

const listing =
  "query StorefrontListing { products(first: 20, filter: { status: PUBLISHED }) { edges { node { id name price { amount currency } category { name } available } } } }";

interface ListingData {
  products: { edges: { node: { id: string; name: string; available: number } }[] };
}

interface Change {
  version: number;
  kind: "name" | "stock";
  committedAt: number;
  firstSeenAt?: number;
}

const headersOf = (tenant: BenchTenant, clientKey: string) => ({
  "content-type": "application/json",
  "x-api-key": tenant.platformKey,
  "client-x-api-key": clientKey,
});

async function call<T>(url: string, headers: Record<string, string>, query: string, variables?: object): Promise<T> {
  const response = await fetch(url, { method: "POST", headers, body: JSON.stringify({ query, variables }) });
  const body = (await response.json()) as { data?: T; errors?: unknown[] };
  if (response.status !== 200 || body.errors || !body.data) {
    throw new Error(`HTTP ${response.status}: ${JSON.stringify(body.errors ?? body).slice(0, 300)}`);
  }
  return body.data;
}

const percentile = (sorted: number[], p: number) =>
  sorted.length === 0 ? NaN : sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;

function summary(label: string, latencies: number[]): string {
  const sorted = [...latencies].sort((a, b) => a - b);
  return `${label}: n=${sorted.length}, p50 ${percentile(sorted, 50).toFixed(1)} ms, p99 ${percentile(sorted, 99).toFixed(1)} ms, max ${(sorted.at(-1) ?? NaN).toFixed(1)} ms`;
}

async function main(): Promise<void> {
  const dataset = await createDataset(serverUrl);
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "omni-bench-"));
  const tenant = dataset.tenants[0]!;
  let server: Awaited<ReturnType<typeof startNodeServer>> | undefined;
  try {
    server = await startNodeServer(
      "gateway",
      "gateway/src/main.ts",
      { ...benchGatewayEnv(dataset.url), PORT: "0", OMNI_DATA_DIR: dataDir, OMNI_RUN_WORKERS: "true" },
      /GraphQL:\s+(http:\/\/\S+)/,
    );
    const url = server.url;
    const admin = headersOf(tenant, tenant.clientKey);
    const storefront = headersOf(tenant, tenant.storefrontKey);

    // The product every change touches, and how its `available` maps back to a version.
    const first = await call<ListingData>(url, storefront, listing);
    const product = first.products.edges[0]!.node;
    const { inventoryLevels } = await call<{
      inventoryLevels: { edges: { node: { onHand: number; location: { id: string } } }[] };
    }>(
      url,
      admin,
      "query ($productId: ID!) { inventoryLevels(first: 1, filter: { productId: $productId }) { edges { node { onHand location { id } } } } }",
      { productId: product.id },
    );
    const level = inventoryLevels.edges[0]!.node;
    // `available` is the sum over locations; setting this location's onHand to base + v shows v.
    const stockBase = 100_000;
    const availableOffset = product.available - level.onHand;
    const nameOf = (version: number) => `Staleness ${version}`;

    const log: Change[] = [];
    let staleReads = 0;
    let reads = 0;
    let readErrors = 0;
    let running = true;

    /** The latest version each kind shows in an answer (0: not yet changed by this bench). */
    function versionsIn(data: ListingData): { name: number; stock: number } | null {
      const node = data.products.edges.find((edge) => edge.node.id === product.id)?.node;
      if (!node) return null;
      const named = /^Staleness (\d+)$/.exec(node.name);
      const stocked = node.available - availableOffset - stockBase;
      return { name: named ? Number(named[1]) : 0, stock: stocked >= 0 ? stocked : 0 };
    }

    async function reader(): Promise<void> {
      while (running) {
        const sentAt = performance.now();
        let data: ListingData;
        try {
          data = await call<ListingData>(url, storefront, listing);
        } catch {
          readErrors++;
          continue;
        }
        const answeredAt = performance.now();
        reads++;
        const shown = versionsIn(data);
        if (!shown) {
          readErrors++;
          continue;
        }
        for (const change of log) {
          const seen = change.kind === "name" ? shown.name >= change.version : shown.stock >= change.version;
          if (seen && change.firstSeenAt === undefined) change.firstSeenAt = answeredAt;
          // Sent after this change was first seen, yet showing what was before it.
          if (!seen && change.firstSeenAt !== undefined && change.firstSeenAt < sentAt) staleReads++;
        }
      }
    }

    let loadFinished: (rps: number) => void = () => undefined;
    const loadRps = new Promise<number>((resolve) => (loadFinished = resolve));
    const load = autocannon(
      {
        url,
        method: "POST",
        headers: storefront,
        body: JSON.stringify({ query: listing }),
        connections: loadConnections,
        duration: 3600,
      },
      (_error, result) => loadFinished(result.requests.average),
    );
    const readers = Array.from({ length: readerCount }, () => reader());
    const startedAt = performance.now();
    for (let version = 1; version <= changes; version++) {
      const kind = version % 2 === 1 ? "name" : "stock";
      if (kind === "name") {
        await call(
          url,
          admin,
          "mutation ($id: ID!, $name: String!) { updateProduct(id: $id, input: { name: $name }) { id } }",
          {
            id: product.id,
            name: nameOf(version),
          },
        );
      } else {
        await call(url, admin, "mutation ($input: SetInventoryInput!) { setInventory(input: $input) { onHand } }", {
          input: {
            productId: product.id,
            locationId: level.location.id,
            onHand: stockBase + version,
            reason: "staleness bench",
          },
        });
      }
      const change: Change = { version, kind, committedAt: performance.now() };
      log.push(change);
      const deadline = change.committedAt + 10_000;
      while (change.firstSeenAt === undefined && performance.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 1));
      }
      // A read older than these recent changes is older than the latest of its kind too.
      if (log.length > 4) log.splice(0, log.length - 4);
      latencies.push({ kind, ms: Math.max(0, (change.firstSeenAt ?? Infinity) - change.committedAt) });
      if (version % 100 === 0) console.log(`${version}/${changes} changes`);
    }
    const seconds = (performance.now() - startedAt) / 1000;
    running = false;
    await Promise.all(readers);
    load.stop();
    const rps = await loadRps;
    const all = latencies.map((latency) => latency.ms);
    const unseen = all.filter((ms) => !Number.isFinite(ms)).length;
    console.log(
      summary(
        "staleness, name changes (updateProduct)",
        latencies.filter((l) => l.kind === "name").map((l) => l.ms),
      ),
    );
    console.log(
      summary(
        "staleness, stock changes (setInventory)",
        latencies.filter((l) => l.kind === "stock").map((l) => l.ms),
      ),
    );
    const sorted = [...all].sort((a, b) => a - b);
    console.log(
      `staleness: ${changes} changes in ${seconds.toFixed(1)} s under ${rps.toFixed(0)} rps of cached storefront reads ` +
        `(${loadConnections} connections) + ${readerCount} readers (${reads} reads, ${readErrors} failed): ` +
        `p50 ${percentile(sorted, 50).toFixed(1)} ms, p99 ${percentile(sorted, 99).toFixed(1)} ms, ` +
        `${unseen} never seen within 10 s, ${staleReads} stale reads after the first fresh one` +
        `${process.env.REDIS_URL ? " (Redis)" : " (no Redis)"}`,
    );
  } finally {
    if (server) await stopServer(server);
    rmSync(dataDir, { recursive: true, force: true });
    await dataset.drop();
  }
}

const latencies: { kind: "name" | "stock"; ms: number }[] = [];

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
