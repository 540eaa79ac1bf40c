import "reflect-metadata";
import path from "node:path";
import { seedDemo, type DemoSeed } from "../../prisma/seed";
import { loadConfig, type Config } from "../../subgraphs/core/src/config";
import { lockDataDir } from "../../subgraphs/core/src/db/data-dir-lock";
import { ensurePortFree } from "../../subgraphs/core/src/listen";
import { databaseTarget, openDatabase } from "../../subgraphs/core/src/db/database";
import { applyMigrations } from "../../subgraphs/core/src/db/migrate";
import { SecretBox } from "../../subgraphs/core/src/crypto/secret-box";
import { createMemoryBus } from "../../subgraphs/core/src/events/memory-bus";
import { createRedisBus } from "../../subgraphs/core/src/events/redis-bus";
import type { EventBus } from "../../subgraphs/core/src/events/types";
import { createLogger, type Logger } from "../../subgraphs/core/src/logger";
import { resolveSecrets, type RuntimeSecrets } from "../../subgraphs/core/src/secrets";
import { startBackgroundJobs } from "./background-jobs";
import { isGatewayWorker, reportWorkerReady, startGatewayWorkers } from "./cluster";
import { startGateway } from "./server";
import { exitOnShutdownSignal, exitOnStartFailure } from "./shutdown";

async function main(): Promise<void> {
  const config = loadConfig();
  const log = createLogger();
  await (isGatewayWorker() ? serveAsGatewayWorker(config, log) : serve(config, log));
}

/**
 * What happens once per `npm start` (data-dir lock, migrations, demo seed, background jobs),
 * then the gateway: in this process, or in OMNI_GATEWAY_PROCESSES workers sharing its port.
 */
async function serve(config: Config, log: Logger): Promise<void> {
  const startedAt = performance.now();
  // Before anything slow or lasting (secrets on disk, migrations, the demo seed): a taken
  // port is then found in milliseconds, and leaves the data dir as it was.
  await ensurePortFree(config.host, config.port);
  // Resolved before any worker is forked: generated secrets are then on disk for all of them.
  const secrets = resolveSecrets(config);
  const target = databaseTarget(config);
  const unlockDataDir = target.kind === "pglite" ? lockDataDir(config.dataDir) : undefined;
  const db = await openDatabase(target);
  const applied = await applyMigrations(db);
  if (applied.length > 0) log.info({ migrations: applied }, "migrations applied");
  const demo = config.seedDemo ? await seedDemo(db, config.dataDir) : undefined;
  const bus = openBus(config, log);
  const jobs = config.runWorkers
    ? startBackgroundJobs({ config, db, bus, log, secretBox: new SecretBox(secrets.encryptionKey) })
    : undefined;
  const gateway =
    config.gatewayProcesses > 1
      ? await startGatewayWorkers(config.gatewayProcesses, log)
      : await startGateway({ config, db, secrets, bus, log });

  const seconds = ((performance.now() - startedAt) / 1000).toFixed(1);
  const processes = config.gatewayProcesses > 1 ? `, ${config.gatewayProcesses} gateway processes` : "";
  const database = db.kind === "pglite" ? "embedded PostgreSQL (PGlite)" : "PostgreSQL";
  printReady(`OmniStack Gateway ready in ${seconds}s on ${database}${processes}`, gateway.url, config, secrets, demo);

  exitOnShutdownSignal(log, async (signal) => {
    // The HTTP and WebSocket drain and the jobs' current work run side by side.
    await Promise.all([gateway.stop(signal), jobs?.stop()]);
    await bus.close();
    await db.close();
    unlockDataDir?.();
  });
}

/** A worker forked by `serve`: HTTP and WebSocket only, on the database its primary migrated. */
async function serveAsGatewayWorker(config: Config, log: Logger): Promise<void> {
  const secrets = resolveSecrets(config);
  const db = await openDatabase(databaseTarget(config));
  const bus = openBus(config, log);
  const server = await startGateway({ config, db, secrets, bus, log });
  reportWorkerReady(server.url);
  exitOnShutdownSignal(log, async () => {
    await server.stop();
    await bus.close();
    await db.close();
  });
}

function openBus(config: Config, log: Logger): EventBus {
  return config.redisUrl
    ? createRedisBus(config.redisUrl, log)
    : createMemoryBus({ onHandlerError: (err) => log.error({ err }, "event handler failed") });
}

function printReady(
  ready: string,
  url: string,
  config: Config,
  secrets: RuntimeSecrets,
  seeded: DemoSeed | undefined,
): void {
  const consoleUrl = url.replace(/\/graphql$/, "/console/");
  const restUrl = url.replace(/\/graphql$/, "/api/v1");
  const rest = `  REST:               ${restUrl}  (reference: ${restUrl}/docs)`;
  if (!seeded) {
    process.stdout.write(`\n${ready}\n  GraphQL:            ${url}\n${rest}\n  Console:            ${consoleUrl}\n\n`);
    return;
  }
  const demo = seeded.keys;
  // The demo keys go to the terminal on purpose (never to the JSON log): they are how a
  // developer makes the first call. The people's passwords show on the start that made them.
  const loginBody = JSON.stringify({
    email: demo.staffEmail,
    password: seeded.created ? demo.staffPassword : "<staffPassword from the keys file>",
    appId: demo.staffAppId,
  });
  process.stdout.write(
    [
      "",
      ready,
      `  GraphQL:            ${url}`,
      rest,
      `  Console:            ${consoleUrl}  (sign in as the operator or the store owner below)`,
      `  x-api-key:          ${demo.platformApiKey}`,
      `  client-x-api-key:   ${demo.clientApiKey}`,
      `  x-admin-key:        ${secrets.adminKey}`,
      `  staff app id:       ${demo.staffAppId}`,
      `  staff sign-in:      ${demo.staffEmail} / ${seeded.created ? demo.staffPassword : "(password in the keys file)"}`,
      `  console sign-in:    ${demo.consoleEmail} / ${seeded.created ? demo.consolePassword : "(password in the keys file)"}  (the console's operator)`,
      `  store owner:        ${demo.ownerEmail} / ${seeded.created ? demo.ownerPassword : "(password in the keys file)"}  (the demo tenant in the console)`,
      `  publishable key:    ${demo.publishableKey}  (browser storefront at http://localhost:3000: send it alone as client-x-api-key)`,
      `  keys saved in:      ${path.join(config.dataDir, "demo-keys.json")}`,
      "",
      `  curl -s ${url} -H 'content-type: application/json' \\`,
      `    -H 'x-api-key: ${demo.platformApiKey}' -H 'client-x-api-key: ${demo.clientApiKey}' \\`,
      `    -d '{"query":"{ me { client { id name } clientApp { id name } } }"}'`,
      "",
      `  curl -s ${url.replace(/\/graphql$/, "/auth/login")} -H 'content-type: application/json' \\`,
      `    -d '${loginBody}'`,
      "",
    ].join("\n"),
  );
}

main().catch(exitOnStartFailure);
