import "reflect-metadata";
import {
  ConfigError,
  defaultSubgraphPorts,
  loadConfig,
  subgraphNames,
  type Config,
} from "../../../subgraphs/core/src/config";
import { resolveSecrets, type RuntimeSecrets } from "../../../subgraphs/core/src/secrets";
import { exitOnStartFailure } from "../shutdown";
import { dbMigrate } from "./omni/commands/db-migrate";
import { demoSeed } from "./omni/commands/demo-seed";
import { createProcessGroup, type ChildSpec, type RunningChild } from "./process-group";

/**
 * `npm run start:distributed`: the docker-compose topology without Docker, on this machine.
 * Five subgraph services, two gateways composing them over HTTP (on PORT and PORT+1) and one
 * worker running every background job, all on DATABASE_URL and REDIS_URL. Migrations (and
 * the demo tenant, unless OMNI_SEED_DEMO=false) are applied once, here, before any child
 * starts. Each subgraph listens on the port its OMNI_SUBGRAPH_URLS entry names, 4101–4105
 * otherwise. Stops every child on SIGTERM/SIGINT (exit 0) or when one of them dies (exit 1).
 */
async function main(): Promise<void> {
  const startedAt = performance.now();
  const config = loadConfig();
  const { databaseUrl, redisUrl } = config;
  if (!databaseUrl || !redisUrl) {
    throw new ConfigError(
      "Invalid configuration:\n  npm run start:distributed needs DATABASE_URL and REDIS_URL: its processes share PostgreSQL and reach each other's subscribers over Redis",
    );
  }
  if (config.port === 0 || config.port === 65535) {
    throw new ConfigError(
      "Invalid configuration:\n  PORT: npm run start:distributed serves its two gateways on PORT and PORT+1",
    );
  }
  // One set of secrets for every child: generated ones would otherwise race for secrets.json.
  const secrets = resolveSecrets(config);
  const prepared = await (config.seedDemo ? demoSeed : dbMigrate).run({}, {});

  const group = createProcessGroup({ stdout: process.stdout, stderr: process.stderr });
  let stopping = false;
  const stopAll = async (exitCode: number) => {
    if (stopping) return;
    stopping = true;
    await group.stop();
    process.exit(exitCode);
  };
  process.on("SIGINT", () => void stopAll(0));
  process.on("SIGTERM", () => void stopAll(0));
  void group.unexpectedExit.then(({ name, code, signal }) => {
    process.stderr.write(`${name} exited with ${code ?? signal}; stopping the other processes\n`);
    void stopAll(1);
  });

  const plan = distributedPlan(config, { ...process.env, ...sharedEnv(config, secrets) });
  try {
    const running: RunningChild[] = [];
    for (const batch of [plan.subgraphs, plan.gateways, [plan.worker]]) running.push(...(await group.start(batch)));
    const seconds = ((performance.now() - startedAt) / 1000).toFixed(1);
    process.stdout.write(banner(seconds, plan.gatewayUrls, running, config.seedDemo ? secrets : undefined, prepared));
  } catch (error) {
    // A signal during the start stops the children, which then fail their start: not news.
    if (stopping) return;
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}; stopping the other processes\n`);
    await stopAll(1);
  }
}

/** What every child shares: the secrets resolved above and the address stores reach the deployment at. */
function sharedEnv(config: Config, secrets: RuntimeSecrets): NodeJS.ProcessEnv {
  return {
    OMNI_ADMIN_KEY: secrets.adminKey,
    OMNI_INTERNAL_SECRET: secrets.internalSecret,
    OMNI_ENCRYPTION_KEY: secrets.encryptionKey,
    OMNI_PUBLIC_URL: config.publicUrl,
  };
}

interface DistributedPlan {
  subgraphs: ChildSpec[];
  gateways: ChildSpec[];
  worker: ChildSpec;
  gatewayUrls: string[];
}

function distributedPlan(config: Config, env: NodeJS.ProcessEnv): DistributedPlan {
  const subgraphUrls = subgraphNames.map(
    (name) =>
      [name, config.subgraphUrls[name] ?? `http://${config.host}:${defaultSubgraphPorts[name]}/graphql`] as const,
  );
  const subgraphs = subgraphUrls.map(([name, url]): ChildSpec => {
    const { port, origin } = new URL(url);
    return {
      name: `subgraph-${name}`,
      script: "gateway/src/cli/start-subgraph.ts",
      args: [name],
      env: { ...env, PORT: port || String(defaultSubgraphPorts[name]) },
      // A subgraph has no /ready: it answers /health once it listens, and opens its database pool lazily.
      ready: { url: `${origin}/health` },
    };
  });
  const gatewayOrigins = [config.port, config.port + 1].map((port) => `http://${config.host}:${port}`);
  const gateways = gatewayOrigins.map((origin, index): ChildSpec => ({
    name: `gateway-${index + 1}`,
    script: "gateway/src/main.ts",
    env: {
      ...env,
      PORT: new URL(origin).port,
      OMNI_SUBGRAPH_URLS: subgraphUrls.map(([name, url]) => `${name}=${url}`).join(","),
      OMNI_RUN_WORKERS: "false",
      // Seeded above, once: each gateway would otherwise keep its own demo tenant.
      OMNI_SEED_DEMO: "false",
    },
    ready: { url: `${origin}/ready` },
  }));
  return {
    subgraphs,
    gateways,
    worker: { name: "worker", script: "gateway/src/worker.ts", env, ready: { logLine: "worker started" } },
    gatewayUrls: gatewayOrigins.map((origin) => `${origin}/graphql`),
  };
}

function banner(
  seconds: string,
  gatewayUrls: string[],
  running: RunningChild[],
  demoSecrets: RuntimeSecrets | undefined,
  prepared: { text: string[] },
): string {
  return [
    "",
    `OmniStack Gateway (distributed) ready in ${seconds}s on PostgreSQL and Redis`,
    ...gatewayUrls.map((url, index) => `  gateway ${index + 1}:          ${url}`),
    `  processes:          ${running.map((child) => `${child.name} (${child.pid})`).join(", ")}`,
    ...prepared.text,
    ...(demoSecrets ? [`  x-admin-key:        ${demoSecrets.adminKey}`] : []),
    "",
  ].join("\n");
}

main().catch(exitOnStartFailure);
