import { randomUUID } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { ApolloGateway, type GraphQLDataSource } from "@apollo/gateway";
import { ApolloServer } from "@apollo/server";
import { ApolloServerPluginDrainHttpServer } from "@apollo/server/plugin/drainHttpServer";
import { expressMiddleware } from "@as-integrations/express5";
import express from "express";
import type { GraphQLSchema } from "graphql";
import type { Config, SubgraphName } from "../../subgraphs/core/src/config";
import { SecretBox } from "../../subgraphs/core/src/crypto/secret-box";
import type { Database } from "../../subgraphs/core/src/db/database";
import { AppError } from "../../subgraphs/core/src/errors";
import type { EventBus } from "../../subgraphs/core/src/events/types";
import type { Logger } from "../../subgraphs/core/src/logger";
import type { RuntimeSecrets } from "../../subgraphs/core/src/secrets";
import { createSubgraphRuntime } from "../../subgraphs/core/src/subgraph/runtime";
import { Authenticator } from "./auth/authenticate";
import type { GatewayContext } from "./context";
import { InProcessDataSource, SignedRemoteDataSource } from "./data-sources";
import { healthRoutes } from "./health";
import { httpErrorHandler } from "./http-errors";
import { integrationRoutes } from "./integrations";
import { authErrorStatusPlugin } from "./plugins/auth-error-status";
import { requireCredentialsPlugin } from "./plugins/require-credentials";
import { EntityResolver } from "./subscriptions/entity-resolution";
import { EventFeed } from "./subscriptions/event-feed";
import { rejectHttpSubscriptions } from "./subscriptions/http-guard";
import { introspectionWithSubscriptions } from "./subscriptions/introspection";
import { buildSubscriptionSchema } from "./subscriptions/resolvers";
import { startSubscriptionServer, type SubscriptionServer } from "./subscriptions/server";
import { subgraphDefinitions } from "./subgraphs";
import { buildAllSubgraphs, composeSupergraph } from "./supergraph";

export interface GatewayServer {
  url: string;
  port: number;
  subscriptions: SubscriptionServer;
  stop(): Promise<void>;
}

export interface GatewayDeps {
  config: Config;
  db: Database;
  secrets: RuntimeSecrets;
  bus: EventBus;
  log: Logger;
}

const requestIdPattern = /^[A-Za-z0-9._-]{1,64}$/;

function dataSourcesFor(config: Config, db: Database, secrets: RuntimeSecrets, secretBox: SecretBox, log: Logger) {
  const built = buildAllSubgraphs();
  const dataSources = new Map<string, GraphQLDataSource<GatewayContext>>();
  for (const name of Object.keys(built) as SubgraphName[]) {
    const remoteUrl = config.subgraphUrls[name];
    dataSources.set(
      name,
      remoteUrl
        ? new SignedRemoteDataSource(remoteUrl, secrets.internalSecret)
        : new InProcessDataSource(
            createSubgraphRuntime(subgraphDefinitions[name], built[name], {
              prisma: db.prisma,
              internalSecret: secrets.internalSecret,
              log,
              config,
              secretBox,
            }),
            secrets.internalSecret,
          ),
    );
  }
  return { supergraphSdl: composeSupergraph(built), dataSources };
}

/**
 * The public server: `/graphql` for queries and mutations over every subgraph, the same
 * path for subscriptions over graphql-ws, the integrations' REST routes, plus health endpoints.
 */
export async function startGateway({ config, db, secrets, bus, log }: GatewayDeps): Promise<GatewayServer> {
  const secretBox = new SecretBox(secrets.encryptionKey);
  const { supergraphSdl, dataSources } = dataSourcesFor(config, db, secrets, secretBox, log);
  const gateway = new ApolloGateway({
    supergraphSdl,
    buildService: ({ name }) => {
      const source = dataSources.get(name);
      if (!source) throw new Error(`No data source for subgraph ${name}`);
      return source;
    },
  });

  const authenticator = new Authenticator(db.prisma, secrets.adminKey, config.authCacheTtlMs);
  const feed = new EventFeed(bus);
  feed.onEvent((event) => {
    if (event.type === "apikey.revoked") authenticator.evictKey(event.payload.keyId);
    if (event.type === "client.deactivated") {
      authenticator.evictClient(event.payload.clientId);
      event.payload.keyIds.forEach((keyId) => authenticator.evictKey(keyId));
    }
  });

  let subscriptionSchema: GraphQLSchema | undefined;
  const app = express();
  app.disable("x-powered-by");
  const httpServer = http.createServer(app);
  const server = new ApolloServer<GatewayContext>({
    gateway,
    csrfPrevention: true,
    // Shutdown is ours (main.ts): it also closes the database, after the server drained.
    stopOnTerminationSignals: false,
    includeStacktraceInErrorResponses: false,
    introspection: config.env !== "production",
    plugins: [
      ApolloServerPluginDrainHttpServer({ httpServer }),
      requireCredentialsPlugin,
      authErrorStatusPlugin,
      introspectionWithSubscriptions(() => subscriptionSchema),
    ],
  });
  const entities = new EntityResolver(async (query, variables, contextValue) => {
    const response = await server.executeOperation({ query, variables }, { contextValue });
    if (response.body.kind !== "single") throw new Error("Unexpected incremental response");
    return response.body.singleResult;
  });
  gateway.onSchemaLoadOrUpdate(({ apiSchema }) => {
    subscriptionSchema = buildSubscriptionSchema(apiSchema, feed, entities);
  });
  await server.start();

  app.use(healthRoutes(db, bus));
  app.use(integrationRoutes(db.prisma, { config, secretBox, log }));
  app.use(
    "/graphql",
    (req, res, next) => {
      const given = req.header("x-request-id");
      res.locals.requestId = given && requestIdPattern.test(given) ? given : randomUUID();
      res.setHeader("x-request-id", res.locals.requestId as string);
      next();
    },
    express.json({ limit: "1mb" }),
    rejectHttpSubscriptions,
    expressMiddleware(server, {
      context: async ({ req, res }) => {
        try {
          const { auth } = await authenticator.authenticate(req.headers);
          return { auth, requestId: res.locals.requestId as string };
        } catch (error) {
          if (error instanceof AppError) throw error.toGraphQLError();
          log.error({ err: error, requestId: res.locals.requestId }, "authentication failed");
          throw new AppError("SERVICE_UNAVAILABLE", "Authentication is unavailable, retry shortly").toGraphQLError();
        }
      },
    }),
  );
  app.use(httpErrorHandler(log));

  const subscriptions = startSubscriptionServer({
    httpServer,
    schema: () => {
      if (!subscriptionSchema) throw new Error("The schema is not loaded yet");
      return subscriptionSchema;
    },
    authenticator,
    feed,
    log,
  });

  await new Promise<void>((resolve, reject) => {
    httpServer.once("error", reject);
    httpServer.listen(config.port, config.host, resolve);
  });
  const { port } = httpServer.address() as AddressInfo;
  return {
    url: `http://${config.host}:${port}/graphql`,
    port,
    subscriptions,
    async stop() {
      await subscriptions.close();
      feed.close();
      await server.stop();
    },
  };
}
