import "reflect-metadata";
import { ConfigError, loadConfig } from "../../subgraphs/core/src/config";
import { SecretBox } from "../../subgraphs/core/src/crypto/secret-box";
import { databaseTarget, openDatabase } from "../../subgraphs/core/src/db/database";
import { createRedisBus } from "../../subgraphs/core/src/events/redis-bus";
import { createLogger } from "../../subgraphs/core/src/logger";
import { resolveSecrets } from "../../subgraphs/core/src/secrets";
import { startBackgroundJobs } from "./background-jobs";
import { exitOnShutdownSignal, exitOnStartFailure } from "./shutdown";

/**
 * `npm run start:worker`: the background jobs without an HTTP server, for deployments that
 * scale them apart from the gateways (which then run with OMNI_RUN_WORKERS=false). It shares
 * PostgreSQL with the gateways and publishes events over Redis, so both are required; the
 * gateways apply migrations.
 */
async function main(): Promise<void> {
  const config = loadConfig();
  if (!config.databaseUrl || !config.redisUrl) {
    throw new ConfigError(
      "Invalid configuration:\n  A worker needs DATABASE_URL and REDIS_URL: it shares PostgreSQL with the gateways and reaches their subscribers over Redis",
    );
  }
  const log = createLogger({ name: "omnistack-worker" });
  const secrets = resolveSecrets(config);
  const db = await openDatabase(databaseTarget(config));
  const bus = createRedisBus(config.redisUrl, log);
  const jobs = startBackgroundJobs({ config, db, bus, log, secretBox: new SecretBox(secrets.encryptionKey) });
  log.info({ pid: process.pid }, "worker started");
  exitOnShutdownSignal(log, async () => {
    await jobs.stop();
    await bus.close();
    await db.close();
  });
}

main().catch(exitOnStartFailure);
