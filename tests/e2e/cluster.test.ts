import { randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import http from "node:http";
import { tmpdir } from "node:os";
import path from "node:path";
import { loadConfig } from "../../subgraphs/core/src/config";
import { createLocation, createPublishedProduct, setStock } from "../helpers/commerce";
import { createTestDatabase, serverUrl, type TestDatabase } from "../helpers/database";
import { GraphqlClient } from "../helpers/graphql-client";
import { startGatewayProcess, stopProcess, type StartedProcess } from "../helpers/process";
import { sample } from "../helpers/prometheus";
import { testSecrets } from "../helpers/stack";
import { connect, subscribe } from "../helpers/subscriptions";
import { createTenant, type Tenant } from "../helpers/tenants";
import { waitFor } from "../helpers/wait";

/**
 * `npm start` with OMNI_GATEWAY_PROCESSES=2: one primary (migrations, demo seed, background
 * jobs) and two workers serving the same port. Which process served a request is what its
 * request log line says (`pid`); the cluster hands each new connection to the next worker.
 */
const redisUrl = loadConfig().redisUrl;
const withRedisAndPostgres = serverUrl && redisUrl ? describe : describe.skip;

interface LogLine {
  pid: number;
  msg?: string;
  requestId?: string;
  workerPid?: number;
}

withRedisAndPostgres("npm start with OMNI_GATEWAY_PROCESSES=2 (DATABASE_URL, REDIS_URL)", () => {
  let database: TestDatabase;
  let dataDir: string;
  let gateway: StartedProcess;
  let tenant: Tenant;
  const log: LogLine[] = [];
  let sent = 0;

  beforeAll(async () => {
    // Not migrated: the primary does that before it forks.
    database = await createTestDatabase({ migrate: false });
    dataDir = mkdtempSync(path.join(tmpdir(), "omni-cluster-"));
    const { DATABASE_URL: _db, REDIS_URL: _redis, ...inherited } = process.env;
    gateway = await startGatewayProcess({
      ...inherited,
      DATABASE_URL: database.url,
      REDIS_URL: redisUrl,
      OMNI_DATA_DIR: dataDir,
      PORT: "0",
      OMNI_GATEWAY_PROCESSES: "2",
      OMNI_ADMIN_KEY: testSecrets.adminKey,
      OMNI_INTERNAL_SECRET: testSecrets.internalSecret,
      OMNI_ENCRYPTION_KEY: testSecrets.encryptionKey,
    });
    let pending = gateway.output;
    const collect = (text: string) => {
      pending += text;
      const lines = pending.split("\n");
      pending = lines.pop() ?? "";
      for (const line of lines.filter((candidate) => candidate.startsWith("{"))) log.push(JSON.parse(line) as LogLine);
    };
    collect("");
    gateway.child.stdout!.on("data", (chunk: Buffer) => collect(chunk.toString()));
    tenant = await createTenant(new GraphqlClient(gateway.url));
  });

  afterAll(async () => {
    if (gateway?.child.exitCode === null) await stopProcess(gateway.child, "SIGKILL");
    await database?.drop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  /** One HTTP request on a connection of its own, so the cluster may hand it to either worker. */
  function requestOnNewConnection(
    url: string,
    options: { method: string; headers?: Record<string, string> },
    body?: string,
  ): Promise<{ status: number; body: string }> {
    return new Promise((resolve, reject) => {
      const request = http.request(url, { ...options, agent: false }, (response) => {
        let text = "";
        response.on("data", (chunk: Buffer) => (text += chunk.toString()));
        response.on("end", () => resolve({ status: response.statusCode ?? 0, body: text }));
      });
      request.on("error", reject);
      request.end(body);
    });
  }

  /** `query`, on a connection of its own; with the pid of the process whose log line has its request id. */
  async function askOnNewConnection(
    query = "{ me { client { id } } }",
  ): Promise<{ status: number; clientId: string | undefined; pid: number }> {
    const requestId = `cluster-test-${++sent}`;
    const { status, body } = await requestOnNewConnection(
      gateway.url,
      {
        method: "POST",
        headers: {
          "content-type": "application/json",
          "x-request-id": requestId,
          "x-api-key": tenant.platform.platformKey,
          "client-x-api-key": tenant.clientKey,
        },
      },
      JSON.stringify({ query }),
    );
    await waitFor(() => log.some((line) => line.requestId === requestId), 5000, `the log line of ${requestId}`);
    const clientId = (JSON.parse(body) as { data?: { me: { client: { id: string } } } }).data?.me.client.id;
    return { status, clientId, pid: log.find((line) => line.requestId === requestId)!.pid };
  }

  async function askSeveralTimes(count: number, query?: string) {
    const answers = [];
    for (let asked = 0; asked < count; asked++) answers.push(await askOnNewConnection(query));
    return answers;
  }

  const workerPids = () =>
    new Set(log.filter((line) => line.msg === "gateway worker ready").map((line) => line.workerPid));
  const isAlive = (pid: number) => {
    try {
      process.kill(pid, 0);
      return true;
    } catch {
      return false;
    }
  };

  test("the primary migrated the fresh database, and both workers answer requests", async () => {
    const answers = await askSeveralTimes(4);
    expect(answers.map(({ status, clientId }) => ({ status, clientId }))).toEqual(
      Array(4).fill({ status: 200, clientId: tenant.clientId }),
    );
    const servingPids = new Set(answers.map((answer) => answer.pid));
    expect(servingPids.size).toBe(2);
    expect(servingPids).toEqual(workerPids());
    expect(servingPids.has(gateway.child.pid!)).toBe(false);
  });

  test("a subscriber hears the event of a mutation: the primary's dispatcher reaches the workers over Redis", async () => {
    const productId = await createPublishedProduct(tenant.api, "CLUSTER-1");
    const locationId = await createLocation(tenant.api, "CL1");
    const { client, connected } = connect(gateway.url, {
      "x-api-key": tenant.platform.platformKey,
      "client-x-api-key": tenant.clientKey,
    });
    await connected;
    const subscriber = await subscribe<{ stockChanged: { onHand: number; product: { sku: string } } }>(
      client,
      "subscription ($id: ID) { stockChanged(productId: $id) { onHand product { sku } } }",
      { id: productId },
    );
    await setStock(tenant.api, productId, locationId, 12);
    const [event] = await subscriber.waitFor(1);
    expect(event!.stockChanged).toEqual({ onHand: 12, product: { sku: "CLUSTER-1" } });
    await client.dispose();
  });

  test("every /metrics scrape counts the requests of both workers, and the database backlog once", async () => {
    const probes = 6;
    const answers = await askSeveralTimes(probes, "query ClusterMetricsProbe { me { client { id } } }");
    expect(answers.every((answer) => answer.status === 200)).toBe(true);
    expect(new Set(answers.map((answer) => answer.pid)).size).toBe(2);

    // Two store webhooks waiting for a retry in an hour: the webhook worker leaves them RECEIVED meanwhile.
    const sql = database.db.prisma;
    for (const deliveryId of ["retry-1", "retry-2"]) {
      await sql.$executeRaw`
        INSERT INTO "WebhookReceipt" ("id", "clientId", "connectionId", "platform", "deliveryId", "topic", "payload", "nextAttemptAt")
        VALUES (${randomUUID()}::uuid, ${tenant.clientId}::uuid, ${randomUUID()}::uuid, 'SHOPIFY', ${deliveryId},
                'orders/create', '{}', now() + interval '1 hour')`;
    }
    const [{ received }] = await sql.$queryRaw<[{ received: number }]>`
      SELECT count(*)::int AS received FROM "WebhookReceipt" WHERE "status" = 'RECEIVED'`;
    expect(received).toBe(2);

    const metricsUrl = gateway.url.replace(/\/graphql$/, "/metrics");
    for (let scrape = 0; scrape < 2; scrape++) {
      const { status, body } = await requestOnNewConnection(metricsUrl, { method: "GET" });
      expect(status).toBe(200);
      const probe = { operation: "ClusterMetricsProbe", type: "query", result: "success" };
      expect(sample(body, "omnistack_graphql_operations_total", probe)).toBe(probes);
      expect(
        sample(body, "omnistack_graphql_operation_duration_seconds_count", { operation: "ClusterMetricsProbe" }),
      ).toBe(probes);
      expect(sample(body, "omnistack_webhook_receipts_received")).toBe(received);
      expect(sample(body, "omnistack_database_up")).toBe(1);
    }
  });

  test("a worker that dies is replaced; the other one answers meanwhile", async () => {
    const [victim, survivor] = [...workerPids()] as [number, number];
    process.kill(victim, "SIGKILL");
    await waitFor(
      () => log.some((line) => line.msg === "gateway worker exited; starting another" && line.workerPid === victim),
      10_000,
      "the primary to notice the dead worker",
    );
    const meanwhile = await askSeveralTimes(2);
    expect(meanwhile.map(({ status, pid }) => ({ status, victim: pid === victim }))).toEqual(
      Array(2).fill({ status: 200, victim: false }),
    );

    await waitFor(() => workerPids().size === 3, 20_000, "a replacement worker to be ready");
    const replacement = [...workerPids()].find((pid) => pid !== victim && pid !== survivor);
    const answers = await askSeveralTimes(4);
    expect(answers.every((answer) => answer.status === 200)).toBe(true);
    expect(new Set(answers.map((answer) => answer.pid))).toEqual(new Set([survivor, replacement]));
  });

  test("SIGTERM drains and stops every worker, then the primary exits 0", async () => {
    const workers = [...workerPids()].filter((pid): pid is number => pid !== undefined && isAlive(pid));
    expect(workers).toHaveLength(2);
    expect(await stopProcess(gateway.child, "SIGTERM")).toBe(0);
    expect(workers.filter(isAlive)).toEqual([]);
  });
});

describe("OMNI_GATEWAY_PROCESSES above 1 without shared state", () => {
  const { DATABASE_URL: _db, REDIS_URL: _redis, ...inherited } = process.env;
  const base = { ...inherited, PORT: "0", OMNI_GATEWAY_PROCESSES: "2" };

  test("without DATABASE_URL, npm start refuses and names the setting", async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), "omni-cluster-"));
    try {
      await expect(startGatewayProcess({ ...base, OMNI_DATA_DIR: dataDir })).rejects.toThrow(
        /exited with 1 before ready:\s+Invalid configuration:\s+OMNI_GATEWAY_PROCESSES: 2 processes need DATABASE_URL and REDIS_URL/,
      );
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  test("without REDIS_URL, npm start refuses and names the setting", async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), "omni-cluster-"));
    try {
      const env = { ...base, OMNI_DATA_DIR: dataDir, DATABASE_URL: "postgresql://postgres@127.0.0.1:5432/postgres" };
      await expect(startGatewayProcess(env)).rejects.toThrow(/OMNI_GATEWAY_PROCESSES: 2 processes need REDIS_URL:/);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
