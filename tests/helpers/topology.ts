import type { Config } from "../../subgraphs/core/src/config";
import { subgraphNames, type SubgraphName } from "../../subgraphs/core/src/config";
import { SecretBox } from "../../subgraphs/core/src/crypto/secret-box";
import type { Database } from "../../subgraphs/core/src/db/database";
import type { Logger } from "../../subgraphs/core/src/logger";
import { buildSubgraph } from "../../subgraphs/core/src/subgraph/build-schema";
import { createSubgraphRuntime } from "../../subgraphs/core/src/subgraph/runtime";
import { serveSubgraph, type ServedSubgraph } from "../../subgraphs/core/src/subgraph/serve";
import { standaloneSubgraphCache } from "../../subgraphs/core/src/subgraph/standalone";
import { moduleDefinitions } from "../../subgraphs/modules";
import type { RuntimeSecrets } from "../../subgraphs/core/src/secrets";

/**
 * `OMNI_TEST_TOPOLOGY=distributed npm test`: every stack serves its five subgraphs over HTTP
 * (each its own server, reached with the gateway's signed context) and runs two gateways
 * over them, and the tests' clients alternate between the two. The same suite then proves
 * the federated HTTP path and the replicas, not only the in-process one.
 * (tests/e2e/distributed.test.ts runs the same topology as separate processes.)
 */
export const distributedTopology = process.env.OMNI_TEST_TOPOLOGY === "distributed";

export interface ServedSubgraphs {
  urls: Partial<Record<SubgraphName, string>>;
  stop(): Promise<void>;
}

export async function serveSubgraphs(
  config: Config,
  db: Database,
  secrets: RuntimeSecrets,
  log: Logger,
): Promise<ServedSubgraphs> {
  const secretBox = new SecretBox(secrets.encryptionKey);
  const cache = standaloneSubgraphCache(config, log);
  const served: [SubgraphName, ServedSubgraph][] = await Promise.all(
    subgraphNames.map(async (name): Promise<[SubgraphName, ServedSubgraph]> => {
      const definition = moduleDefinitions[name];
      const runtime = createSubgraphRuntime(definition, buildSubgraph(definition), {
        prisma: db.prisma,
        internalSecret: secrets.internalSecret,
        log,
        config,
        secretBox,
        cache,
      });
      return [name, await serveSubgraph(runtime, { host: "127.0.0.1", port: 0 })];
    }),
  );
  return {
    urls: Object.fromEntries(served.map(([name, subgraph]) => [name, subgraph.url])),
    stop: async () => {
      await Promise.all(served.map(([, subgraph]) => subgraph.stop()));
      await cache.close();
    },
  };
}
