import { spawn } from "node:child_process";
import { loadConfig } from "../../subgraphs/core/src/config";
import { SecretBox } from "../../subgraphs/core/src/crypto/secret-box";
import { silentLogger } from "../../subgraphs/core/src/logger";
import { startBackgroundJobs, type BackgroundJobs } from "../../gateway/src/background-jobs";
import { createLocation, createOrder, createPublishedProduct, setStock } from "../helpers/commerce";
import { serverUrl } from "../helpers/database";
import { compiledCommand, root, stopProcess } from "../helpers/process";
import { startStack, testSecrets, type TestStack } from "../helpers/stack";
import { connect, subscribe } from "../helpers/subscriptions";
import { createTenant, type Tenant } from "../helpers/tenants";
import { waitFor } from "../helpers/wait";

const redisUrl = loadConfig().redisUrl;
const withRedisAndPostgres = serverUrl && redisUrl ? describe : describe.skip;
const ttlMs = 1500;

interface Stock {
  onHand: number;
  reserved: number;
  available: number;
}

async function stockOf(tenant: Tenant, productId: string, locationId: string): Promise<Stock> {
  const { inventoryLevels } = await tenant.api.data<{ inventoryLevels: { edges: { node: Stock }[] } }>(
    "query ($f: InventoryFilter) { inventoryLevels(filter: $f) { edges { node { onHand reserved available } } } }",
    { f: { productId, locationId } },
  );
  return inventoryLevels.edges[0]!.node;
}

async function orderOf(tenant: Tenant, id: string) {
  const { order } = await tenant.api.data<{
    order: { status: string; history: { from: string | null; to: string; note: string | null }[] };
  }>("query ($id: ID!) { order(id: $id) { status history { from to note } } }", { id });
  return order;
}

describe("reservation expiry", () => {
  let stack: TestStack;
  let jobs: BackgroundJobs[];
  let tenant: Tenant;
  let productId: string;
  let locationId: string;

  beforeAll(async () => {
    stack = await startStack({ dispatcher: false, config: { reservationTtlMs: ttlMs } });
    tenant = await createTenant(stack.http);
    productId = await createPublishedProduct(tenant.api, "RESERVE-1");
    locationId = await createLocation(tenant.api, "MAIN");
    await setStock(tenant.api, productId, locationId, 5);
  });
  afterAll(async () => {
    await Promise.all(jobs.map((job) => job.stop()));
    await stack.stop();
  });

  test("a PENDING order past its TTL is cancelled by the jobs and its stock is available again", async () => {
    const pending = await createOrder(tenant.api, [{ productId, locationId, quantity: 2 }]);
    const paid = await createOrder(tenant.api, [{ productId, locationId, quantity: 1 }]);
    await tenant.api.data("mutation ($id: ID!) { processOrder(id: $id) { status } }", {
      id: paid.data!.createOrder.id,
    });
    expect(await stockOf(tenant, productId, locationId)).toEqual({ onHand: 5, reserved: 3, available: 2 });

    // Two sets of jobs on one database, as two workers: the expiry still happens once.
    const deps = {
      config: stack.config,
      db: stack.database.db,
      bus: stack.bus,
      log: silentLogger,
      secretBox: new SecretBox(testSecrets.encryptionKey),
    };
    jobs = [startBackgroundJobs(deps), startBackgroundJobs(deps)];
    const id = pending.data!.createOrder.id;
    await waitFor(async () => (await orderOf(tenant, id)).status === "CANCELLED", 15_000, "the reservation to expire");

    const order = await orderOf(tenant, id);
    expect(order.history.at(-1)).toMatchObject({ from: "PENDING", to: "CANCELLED" });
    expect(order.history.at(-1)!.note).toMatch(/Reservation expired/);
    expect(order.history.filter((change) => change.to === "CANCELLED")).toHaveLength(1);
    expect(await stockOf(tenant, productId, locationId)).toEqual({ onHand: 5, reserved: 1, available: 4 });
    expect((await orderOf(tenant, paid.data!.createOrder.id)).status).toBe("PROCESSING");
  });
});

withRedisAndPostgres("a worker process (DATABASE_URL, REDIS_URL)", () => {
  test("runs the dispatcher and the jobs for gateways that run none, and stops cleanly on SIGTERM", async () => {
    const stack = await startStack({ redisUrl, dispatcher: false, config: { runWorkers: false } });
    const { DATABASE_URL: _db, REDIS_URL: _redis, ...inherited } = process.env;
    const worker = spawn(...compiledCommand("gateway/src/worker.ts"), {
      cwd: root,
      env: {
        ...inherited,
        DATABASE_URL: stack.database.url,
        REDIS_URL: redisUrl,
        OMNI_INTERNAL_SECRET: testSecrets.internalSecret,
        OMNI_ENCRYPTION_KEY: testSecrets.encryptionKey,
        OMNI_RESERVATION_TTL: "2s",
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    worker.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
    worker.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
    try {
      await waitFor(async () => output.includes("worker started"), 30_000, "the worker to start");
      const tenant = await createTenant(stack.http);
      const productId = await createPublishedProduct(tenant.api, "WORKER-1");
      const locationId = await createLocation(tenant.api, "MAIN");
      const { client, connected } = connect(stack.gateway.url, {
        "x-api-key": tenant.platform.platformKey,
        "client-x-api-key": tenant.clientKey,
      });
      await connected;
      const subscriber = await subscribe<{ orderUpdated: { type: string; order: { status: string } } }>(
        client,
        "subscription { orderUpdated { type order { status } } }",
      );
      await setStock(tenant.api, productId, locationId, 3);
      await createOrder(tenant.api, [{ productId, locationId, quantity: 1 }]);
      // CREATED comes through the worker's dispatcher; STATUS_CHANGED from its expiry job.
      const events = await subscriber.waitFor(2, 20_000);
      expect(events.map((event) => event.orderUpdated.type)).toEqual(["CREATED", "STATUS_CHANGED"]);
      expect(events[1]!.orderUpdated.order.status).toBe("CANCELLED");
      await client.dispose();
      // The retention job is due at once on a database that never ran it.
      const retentionRun = () => stack.database.db.prisma.jobRun.findUnique({ where: { name: "retention" } });
      await waitFor(async () => (await retentionRun()) !== null, 20_000, "the retention job's first run");
      expect((await retentionRun())?.lastError).toBeNull();
    } finally {
      const code = await stopProcess(worker);
      await stack.stop();
      expect({ code, output: code === 0 ? "" : output }).toEqual({ code: 0, output: "" });
    }
  });
});

describe("the worker entry point", () => {
  test("refuses to start without PostgreSQL and Redis, saying why", async () => {
    const { DATABASE_URL: _db, REDIS_URL: _redis, ...inherited } = process.env;
    const worker = spawn(...compiledCommand("gateway/src/worker.ts"), {
      cwd: root,
      env: inherited,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stderr = "";
    worker.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => worker.once("exit", resolve));
    expect(code).toBe(1);
    expect(stderr).toContain("A worker needs DATABASE_URL and REDIS_URL");
  });
});
