import type { Config } from "../../subgraphs/core/src/config";
import { loadConfig } from "../../subgraphs/core/src/config";
import { SecretBox } from "../../subgraphs/core/src/crypto/secret-box";
import { startDispatcher, type Dispatcher } from "../../subgraphs/core/src/events/dispatcher";
import { createMemoryBus } from "../../subgraphs/core/src/events/memory-bus";
import { createRedisBus } from "../../subgraphs/core/src/events/redis-bus";
import type { EventBus } from "../../subgraphs/core/src/events/types";
import { silentLogger } from "../../subgraphs/core/src/logger";
import type { RuntimeSecrets } from "../../subgraphs/core/src/secrets";
import {
  startWebhookWorker,
  type WebhookWorker,
  type WebhookWorkerOptions,
} from "../../subgraphs/integrations/src/worker/webhook-worker";
import { startGateway, type GatewayServer } from "../../gateway/src/server";
import { createTestDatabase, type TestDatabase } from "./database";
import { GraphqlClient } from "./graphql-client";

export interface TestStack {
  database: TestDatabase;
  bus: EventBus;
  dispatcher: Dispatcher | undefined;
  startDispatcher(): Dispatcher;
  webhookWorker: WebhookWorker | undefined;
  /** Starts the store webhook worker (once); options as startWebhookWorker's. */
  startWebhookWorker(options?: Partial<Pick<WebhookWorkerOptions, "maxAttempts" | "backoffMs">>): WebhookWorker;
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
   * false: no background workers (outbox dispatcher, store webhook worker) until the test
   * starts them (`stack.startDispatcher()`, `stack.startWebhookWorker()`).
   */
  dispatcher?: boolean;
}

/** A migrated database of its own and a gateway on a free 127.0.0.1 port. */
export async function startStack(options: StackOptions = {}): Promise<TestStack> {
  const ownsDatabase = !options.database;
  const database = options.database ?? (await createTestDatabase({ onQuery: options.onQuery }));
  const config: Config = { ...loadConfig({ NODE_ENV: "test", PORT: "0" }), ...options.config };
  const bus = options.redisUrl ? createRedisBus(options.redisUrl, silentLogger) : createMemoryBus();
  let dispatcher =
    options.dispatcher === false ? undefined : startDispatcher({ db: database.db, bus, log: silentLogger });
  const gateway = await startGateway({ config, db: database.db, secrets: testSecrets, bus, log: silentLogger });
  const integrationDeps = { config, secretBox: new SecretBox(testSecrets.encryptionKey), log: silentLogger };
  const newWebhookWorker = (extra: Partial<WebhookWorkerOptions> = {}) =>
    startWebhookWorker({ db: database.db, deps: integrationDeps, log: silentLogger, ...extra });
  let webhookWorker = options.dispatcher === false ? undefined : newWebhookWorker();
  return {
    database,
    bus,
    get dispatcher() {
      return dispatcher;
    },
    startDispatcher() {
      dispatcher ??= startDispatcher({ db: database.db, bus, log: silentLogger });
      return dispatcher;
    },
    get webhookWorker() {
      return webhookWorker;
    },
    startWebhookWorker(extra) {
      webhookWorker ??= newWebhookWorker(extra);
      return webhookWorker;
    },
    gateway,
    secrets: testSecrets,
    config,
    http: new GraphqlClient(gateway.url),
    async stop() {
      await gateway.stop();
      await webhookWorker?.stop();
      await dispatcher?.stop();
      await bus.close();
      if (ownsDatabase) await database.drop();
    },
  };
}
