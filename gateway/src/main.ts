import "reflect-metadata";
import path from "node:path";
import { seedDemo } from "../../prisma/seed";
import { ConfigError, loadConfig } from "../../subgraphs/core/src/config";
import { lockDataDir } from "../../subgraphs/core/src/db/data-dir-lock";
import { databaseTarget, openDatabase } from "../../subgraphs/core/src/db/database";
import { applyMigrations } from "../../subgraphs/core/src/db/migrate";
import { SecretBox } from "../../subgraphs/core/src/crypto/secret-box";
import { startDispatcher } from "../../subgraphs/core/src/events/dispatcher";
import { createMemoryBus } from "../../subgraphs/core/src/events/memory-bus";
import { createRedisBus } from "../../subgraphs/core/src/events/redis-bus";
import { createLogger } from "../../subgraphs/core/src/logger";
import { resolveSecrets } from "../../subgraphs/core/src/secrets";
import {
  startOutboundWebhookWorker,
  startWebhookFanout,
} from "../../subgraphs/integrations/src/worker/outbound-webhook-worker";
import { startSyncScheduler } from "../../subgraphs/integrations/src/worker/sync-scheduler";
import { startWebhookWorker } from "../../subgraphs/integrations/src/worker/webhook-worker";
import { startGateway } from "./server";

async function main(): Promise<void> {
  const startedAt = performance.now();
  const config = loadConfig();
  const log = createLogger();
  const secrets = resolveSecrets(config);
  const target = databaseTarget(config);
  const unlockDataDir = target.kind === "pglite" ? lockDataDir(config.dataDir) : undefined;
  const db = await openDatabase(target);
  const applied = await applyMigrations(db);
  if (applied.length > 0) log.info({ migrations: applied }, "migrations applied");
  const demo = await seedDemo(db, config.dataDir);
  const bus = config.redisUrl
    ? createRedisBus(config.redisUrl, log)
    : createMemoryBus({ onHandlerError: (err) => log.error({ err }, "event handler failed") });
  const integrationDeps = { config, secretBox: new SecretBox(secrets.encryptionKey), log };
  // The fan-out listens before the dispatcher publishes anything.
  const webhookFanout = config.runWorkers ? startWebhookFanout({ db, bus, log }) : undefined;
  const dispatcher = config.runWorkers ? startDispatcher({ db, bus, log }) : undefined;
  const webhookWorker = config.runWorkers ? startWebhookWorker({ db, deps: integrationDeps, log }) : undefined;
  const outboundWebhookWorker = config.runWorkers
    ? startOutboundWebhookWorker({ db, deps: integrationDeps, log })
    : undefined;
  const syncScheduler = config.runWorkers
    ? startSyncScheduler({ db, deps: integrationDeps, log, intervalMs: config.syncIntervalMs })
    : undefined;
  const server = await startGateway({ config, db, secrets, bus, log });

  const seconds = ((performance.now() - startedAt) / 1000).toFixed(1);
  // The demo keys go to the terminal on purpose (never to the JSON log): they are how a
  // developer makes the first call.
  process.stdout.write(
    [
      "",
      `OmniStack Gateway ready in ${seconds}s on ${db.kind === "pglite" ? "embedded PostgreSQL (PGlite)" : "PostgreSQL"}`,
      `  GraphQL:            ${server.url}`,
      `  x-api-key:          ${demo.platformApiKey}`,
      `  client-x-api-key:   ${demo.clientApiKey}`,
      `  x-admin-key:        ${secrets.adminKey}`,
      `  keys saved in:      ${path.join(config.dataDir, "demo-keys.json")}`,
      "",
      `  curl -s ${server.url} -H 'content-type: application/json' \\`,
      `    -H 'x-api-key: ${demo.platformApiKey}' -H 'client-x-api-key: ${demo.clientApiKey}' \\`,
      `    -d '{"query":"{ me { client { id name } clientApp { id name } } }"}'`,
      "",
    ].join("\n"),
  );

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, "shutting down");
    await server.stop();
    await webhookWorker?.stop();
    await outboundWebhookWorker?.stop();
    await syncScheduler?.stop();
    await dispatcher?.stop();
    await webhookFanout?.stop();
    await bus.close();
    await db.close();
    unlockDataDir?.();
    process.exit(0);
  };
  process.on("SIGINT", () => void stop("SIGINT"));
  process.on("SIGTERM", () => void stop("SIGTERM"));
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) {
    process.stderr.write(`${error.message}\n`);
  } else {
    process.stderr.write(
      `Failed to start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
  }
  process.exit(1);
});
