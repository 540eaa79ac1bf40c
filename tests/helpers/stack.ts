import type { Config } from "../../subgraphs/core/src/config";
import { loadConfig } from "../../subgraphs/core/src/config";
import { SecretBox } from "../../subgraphs/core/src/crypto/secret-box";
import { startDispatcher, type Dispatcher } from "../../subgraphs/core/src/events/dispatcher";
import { createMemoryBus } from "../../subgraphs/core/src/events/memory-bus";
import { createRedisBus } from "../../subgraphs/core/src/events/redis-bus";
import type { EventBus } from "../../subgraphs/core/src/events/types";
import { silentLogger, type Logger } from "../../subgraphs/core/src/logger";
import type { RuntimeSecrets } from "../../subgraphs/core/src/secrets";
import {
  startOutboundWebhookWorker,
  type OutboundWebhookWorker,
  type OutboundWebhookWorkerOptions,
} from "../../subgraphs/integrations/src/worker/outbound-webhook-worker";
import {
  startRematchWorker,
  type RematchWorker,
  type RematchWorkerOptions,
} from "../../subgraphs/integrations/src/worker/product-rematch";
import { startSyncScheduler, type SyncScheduler } from "../../subgraphs/integrations/src/worker/sync-scheduler";
import {
  startWebhookWorker,
  type WebhookWorker,
  type WebhookWorkerOptions,
} from "../../subgraphs/integrations/src/worker/webhook-worker";
import { moduleEventHandlers } from "../../gateway/src/background-jobs";
import { startGateway, type GatewayServer } from "../../gateway/src/server";
import { createTestDatabase, type TestDatabase } from "./database";
import { GraphqlClient } from "./graphql-client";
import { distributedTopology, serveSubgraphs } from "./topology";

export interface TestStack {
  database: TestDatabase;
  bus: EventBus;
  dispatcher: Dispatcher | undefined;
  startDispatcher(): Dispatcher;
  webhookWorker: WebhookWorker | undefined;
  /** Starts the store webhook worker (once); options as startWebhookWorker's. */
  startWebhookWorker(options?: Partial<Pick<WebhookWorkerOptions, "maxAttempts" | "backoffMs">>): WebhookWorker;
  outboundWebhookWorker: OutboundWebhookWorker | undefined;
  /** Starts the outbound webhook worker (once); options as startOutboundWebhookWorker's. */
  startOutboundWebhookWorker(
    options?: Partial<Pick<OutboundWebhookWorkerOptions, "retryScheduleMs" | "pollIntervalMs" | "requestTimeoutMs">>,
  ): OutboundWebhookWorker;
  /** Starts the stock sync scheduler (never on by default: it would call stores on its own). */
  startSyncScheduler(intervalMs: number): SyncScheduler;
  /** Starts the product re-match worker (never on by default: it would call stores on its own). */
  startRematchWorker(options?: Partial<Pick<RematchWorkerOptions, "cooldownMs" | "pollIntervalMs">>): RematchWorker;
  gateway: GatewayServer;
  secrets: RuntimeSecrets;
  config: Config;
  /** A client with no keys; `.with(headers)` adds some. */
  http: GraphqlClient;
  stop(): Promise<void>;
}

export const testSecrets: RuntimeSecrets = {
  adminKey: "ak_test_admin_key_0123456789abcdef",
  internalSecret: "test-internal-secret-0123456789abcdef0123456789",
  encryptionKey: "8d3f0b6c1e2a4f5d9c7b6a5e4d3c2b1a0f9e8d7c6b5a49382716051423324150",
};

export interface StackOptions {
  config?: Partial<Config>;
  /** Another stack's database, shared instead of a new one (and left for its owner to drop). */
  database?: TestDatabase;
  /** Sees every SQL statement of the stack's own database. */
  onQuery?: (sql: string) => void;
  /** Events over Redis (as across replicas) instead of in memory. */
  redisUrl?: string;
  /**
   * false: no background workers (outbox dispatcher, which queues outbound webhooks, store
   * webhook worker, outbound webhook worker) until the test starts them
   * (`stack.startDispatcher()`, `stack.startWebhookWorker()`, `stack.startOutboundWebhookWorker()`).
   * `pollIntervalMs` sets the outbox dispatcher's pause between polls (50 ms by default).
   */
  dispatcher?: boolean | { pollIntervalMs: number };
  /** The gateway's logger (silent by default); tests that read the log pass one writing to memory. */
  log?: Logger;
}

/**
 * Settings every test stack has, also for a test that builds its whole configuration: a test
 * stops its stack once its requests are answered, so no client is about to reuse a kept-alive
 * connection, and waiting the default 5 s for one was most of every file's stop.
 */
export const quickShutdown = { OMNI_SHUTDOWN_IDLE_GRACE: "0" } as const;

/** A migrated database of its own and a gateway on a free 127.0.0.1 port. */
export async function startStack(options: StackOptions = {}): Promise<TestStack> {
  const ownsDatabase = !options.database;
  const database = options.database ?? (await createTestDatabase({ onQuery: options.onQuery }));
  // Tests deliver outbound webhooks to receivers on 127.0.0.1. They also set up data in
  // bursts no client would send: their buckets never run dry unless a test sizes them.
  const config: Config = {
    ...loadConfig({
      NODE_ENV: "test",
      PORT: "0",
      OMNI_WEBHOOKS_ALLOW_PRIVATE: "true",
      OMNI_RATE_LIMIT_CAPACITY: "1000000",
      OMNI_RATE_LIMIT_RESTORE: "1000000",
      OMNI_PUBLISHABLE_RATE_CAPACITY: "1000000",
      OMNI_PUBLISHABLE_RATE_RESTORE: "1000000",
      OMNI_WEBHOOK_RATE_CAPACITY: "1000000",
      OMNI_WEBHOOK_RATE_RESTORE: "1000000",
      ...quickShutdown,
    }),
    ...options.config,
  };
  // Workers log where the gateway does, so a test reading the log sees the whole process's.
  const workerLog = options.log ?? silentLogger;
  const bus = options.redisUrl ? createRedisBus(options.redisUrl, workerLog) : createMemoryBus();
  const workers = options.dispatcher !== false;
  const newDispatcher = () =>
    startDispatcher({
      db: database.db,
      bus,
      log: workerLog,
      durableHandlers: moduleEventHandlers(),
      ...(typeof options.dispatcher === "object" && options.dispatcher),
    });
  let dispatcher = workers ? newDispatcher() : undefined;
  // Replicas share Redis when there is one, rate-limit buckets and caches included, as in a deployment.
  if (distributedTopology) config.redisUrl ??= loadConfig().redisUrl;
  const subgraphs = distributedTopology ? await serveSubgraphs(config, database.db, testSecrets, workerLog) : undefined;
  // A test's own subgraph URLs (a dead one, say) win over the served ones.
  if (subgraphs) config.subgraphUrls = { ...subgraphs.urls, ...options.config?.subgraphUrls };
  const gateway = await startGateway({
    config,
    db: database.db,
    secrets: testSecrets,
    bus,
    log: workerLog,
  });
  // The replica shares the bus, as replicas share Redis: events reach subscribers of both.
  const replica = subgraphs
    ? await startGateway({ config: { ...config, port: 0 }, db: database.db, secrets: testSecrets, bus, log: workerLog })
    : undefined;
  const integrationDeps = { config, secretBox: new SecretBox(testSecrets.encryptionKey), log: workerLog };
  const newWebhookWorker = (extra: Partial<WebhookWorkerOptions> = {}) =>
    startWebhookWorker({ db: database.db, deps: integrationDeps, log: workerLog, ...extra });
  let webhookWorker = workers ? newWebhookWorker() : undefined;
  const newOutboundWebhookWorker = (extra: Partial<OutboundWebhookWorkerOptions> = {}) =>
    startOutboundWebhookWorker({ db: database.db, deps: integrationDeps, log: workerLog, ...extra });
  let outboundWebhookWorker = workers ? newOutboundWebhookWorker() : undefined;
  let syncScheduler: SyncScheduler | undefined;
  let rematchWorker: RematchWorker | undefined;
  return {
    database,
    bus,
    get dispatcher() {
      return dispatcher;
    },
    startDispatcher() {
      dispatcher ??= newDispatcher();
      return dispatcher;
    },
    get webhookWorker() {
      return webhookWorker;
    },
    startWebhookWorker(extra) {
      webhookWorker ??= newWebhookWorker(extra);
      return webhookWorker;
    },
    get outboundWebhookWorker() {
      return outboundWebhookWorker;
    },
    startOutboundWebhookWorker(extra) {
      outboundWebhookWorker ??= newOutboundWebhookWorker(extra);
      return outboundWebhookWorker;
    },
    startSyncScheduler(intervalMs) {
      syncScheduler ??= startSyncScheduler({ db: database.db, deps: integrationDeps, log: workerLog, intervalMs });
      return syncScheduler;
    },
    startRematchWorker(extra) {
      rematchWorker ??= startRematchWorker({ db: database.db, deps: integrationDeps, log: workerLog, ...extra });
      return rematchWorker;
    },
    gateway,
    secrets: testSecrets,
    config,
    http: new GraphqlClient(gateway.url, {}, replica ? [gateway.url, replica.url] : [gateway.url]),
    async stop() {
      await gateway.stop();
      await replica?.stop();
      await subgraphs?.stop();
      await webhookWorker?.stop();
      await outboundWebhookWorker?.stop();
      await syncScheduler?.stop();
      await rematchWorker?.stop();
      await dispatcher?.stop();
      await bus.close();
      if (ownsDatabase) await database.drop();
    },
  };
}
