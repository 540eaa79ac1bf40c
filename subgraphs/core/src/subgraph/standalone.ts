import "reflect-metadata";
import { SecretBox } from "../crypto/secret-box";
import { ConfigError, defaultSubgraphPorts, loadConfig, type Config } from "../config";
import { databaseTarget, openDatabase } from "../db/database";
import { createLogger, type Logger } from "../logger";
import { createCacheStore, createTenantCache, responseCachePrefix, type TenantCache } from "../cache/tenant-cache";
import { ensurePortFree } from "../listen";
import { resolveSecrets } from "../secrets";
import { buildSubgraph } from "./build-schema";
import type { AnySubgraphDefinition } from "./definition";
import { createSubgraphRuntime } from "./runtime";
import { serveSubgraph } from "./serve";

/**
 * Replicas of a standalone subgraph only share a cache on Redis, where the gateways' event
 * feeds invalidate it too; in each one's memory, one replica's change could not reach the others.
 * A change committed here also drops the gateways' cached answers of its tenant on Redis at
 * once: a category's has no outbox event that would do it later.
 */
export function standaloneSubgraphCache(config: Config, log: Logger): TenantCache {
  const cache = createTenantCache(
    { ttlMs: config.redisUrl ? config.catalogCacheTtlMs : 0, redisUrl: config.redisUrl },
    log,
  );
  const responses = config.redisUrl
    ? createCacheStore({ ttlMs: config.responseCacheTtlMs, redisUrl: config.redisUrl }, responseCachePrefix)
    : null;
  if (responses) {
    cache.onInvalidate(
      (tenant) =>
        responses.invalidate(tenant).catch((error: unknown) => {
          log.warn({ err: error, clientId: tenant }, "response cache invalidation failed; answers expire by their TTL");
        }),
      () => responses.close(),
    );
  }
  return cache;
}

/**
 * Entry point of a subgraph run as its own service (distributed mode). Migrations are not
 * applied here: the gateway or `npm run db:migrate` owns them, so replicas never race.
 */
export async function runStandaloneSubgraph(definition: AnySubgraphDefinition): Promise<void> {
  const config = loadConfig(process.env, { port: defaultSubgraphPorts[definition.name] });
  if (!config.databaseUrl) {
    // PGlite is a database inside one process: a second process opening its files would corrupt them.
    throw new ConfigError(
      "A standalone subgraph needs DATABASE_URL: the embedded database belongs to the gateway process",
    );
  }
  await ensurePortFree(config.host, config.port);
  const log = createLogger({ name: `subgraph-${definition.name}` });
  const secrets = resolveSecrets(config);
  const db = await openDatabase(databaseTarget(config));
  const runtime = createSubgraphRuntime(definition, buildSubgraph(definition), {
    prisma: db.prisma,
    internalSecret: secrets.internalSecret,
    log,
    config,
    secretBox: new SecretBox(secrets.encryptionKey),
    cache: standaloneSubgraphCache(config, log),
  });
  const served = await serveSubgraph(runtime, { host: config.host, port: config.port });
  log.info({ url: served.url }, "subgraph listening");
  const stop = async () => {
    await served.stop();
    await db.close();
    process.exit(0);
  };
  process.on("SIGINT", () => void stop());
  process.on("SIGTERM", () => void stop());
}
