import "reflect-metadata";
import path from "node:path";
import { seedDemo } from "../../prisma/seed";
import { loadConfig } from "../../subgraphs/core/src/config";
import { lockDataDir } from "../../subgraphs/core/src/db/data-dir-lock";
import { databaseTarget, openDatabase } from "../../subgraphs/core/src/db/database";
import { applyMigrations } from "../../subgraphs/core/src/db/migrate";
import { SecretBox } from "../../subgraphs/core/src/crypto/secret-box";
import { createMemoryBus } from "../../subgraphs/core/src/events/memory-bus";
import { createRedisBus } from "../../subgraphs/core/src/events/redis-bus";
import { createLogger } from "../../subgraphs/core/src/logger";
import { resolveSecrets } from "../../subgraphs/core/src/secrets";
import { startBackgroundJobs } from "./background-jobs";
import { startGateway } from "./server";
import { exitOnShutdownSignal, exitOnStartFailure } from "./shutdown";

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
  const demo = config.seedDemo ? await seedDemo(db, config.dataDir) : undefined;
  const bus = config.redisUrl
    ? createRedisBus(config.redisUrl, log)
    : createMemoryBus({ onHandlerError: (err) => log.error({ err }, "event handler failed") });
  const jobs = config.runWorkers
    ? startBackgroundJobs({ config, db, bus, log, secretBox: new SecretBox(secrets.encryptionKey) })
    : undefined;
  const server = await startGateway({ config, db, secrets, bus, log });

  const seconds = ((performance.now() - startedAt) / 1000).toFixed(1);
  const ready = `OmniStack Gateway ready in ${seconds}s on ${db.kind === "pglite" ? "embedded PostgreSQL (PGlite)" : "PostgreSQL"}`;
  if (!demo) {
    process.stdout.write(`\n${ready}\n  GraphQL:            ${server.url}\n\n`);
  } else {
    // The demo keys go to the terminal on purpose (never to the JSON log): they are how a
    // developer makes the first call.
    process.stdout.write(
      [
        "",
        ready,
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
  }

  exitOnShutdownSignal(log, async () => {
    // The HTTP and WebSocket drain and the jobs' current work run side by side.
    await Promise.all([server.stop(), jobs?.stop()]);
    await bus.close();
    await db.close();
    unlockDataDir?.();
  });
}

main().catch(exitOnStartFailure);
