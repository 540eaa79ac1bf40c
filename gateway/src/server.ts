import { randomUUID } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { ApolloGateway, type GraphQLDataSource } from "@apollo/gateway";
import { ApolloServer } from "@apollo/server";
import { ApolloServerPluginDrainHttpServer } from "@apollo/server/plugin/drainHttpServer";
import { expressMiddleware } from "@as-integrations/express5";
import express from "express";
import type { Config, SubgraphName } from "../../subgraphs/core/src/config";
import type { Database } from "../../subgraphs/core/src/db/database";
import { AppError } from "../../subgraphs/core/src/errors";
import type { Logger } from "../../subgraphs/core/src/logger";
import type { RuntimeSecrets } from "../../subgraphs/core/src/secrets";
import { createSubgraphRuntime } from "../../subgraphs/core/src/subgraph/runtime";
import { authenticateRequest } from "./auth/authenticate";
import type { GatewayContext } from "./context";
import { InProcessDataSource, SignedRemoteDataSource } from "./data-sources";
import { healthRoutes } from "./health";
import { httpErrorHandler } from "./http-errors";
import { authErrorStatusPlugin } from "./plugins/auth-error-status";
import { requireCredentialsPlugin } from "./plugins/require-credentials";
import { subgraphDefinitions } from "./subgraphs";
import { buildAllSubgraphs, composeSupergraph } from "./supergraph";

export interface GatewayServer {
  url: string;
  port: number;
  stop(): Promise<void>;
}

export interface GatewayDeps {
  config: Config;
  db: Database;
  secrets: RuntimeSecrets;
  log: Logger;
}

const requestIdPattern = /^[A-Za-z0-9._-]{1,64}$/;

/** The public server: `/graphql` over every subgraph, plus health endpoints. */
export async function startGateway({ config, db, secrets, log }: GatewayDeps): Promise<GatewayServer> {
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
            }),
            secrets.internalSecret,
          ),
    );
  }
  const gateway = new ApolloGateway({
    supergraphSdl: composeSupergraph(built),
    buildService: ({ name }) => {
      const source = dataSources.get(name);
      if (!source) throw new Error(`No data source for subgraph ${name}`);
      return source;
    },
  });

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
    plugins: [ApolloServerPluginDrainHttpServer({ httpServer }), requireCredentialsPlugin, authErrorStatusPlugin],
  });
  await server.start();

  app.use(healthRoutes(db));
  app.use(
    "/graphql",
    (req, res, next) => {
      const given = req.header("x-request-id");
      res.locals.requestId = given && requestIdPattern.test(given) ? given : randomUUID();
      res.setHeader("x-request-id", res.locals.requestId as string);
      next();
    },
    express.json({ limit: "1mb" }),
    expressMiddleware(server, {
      context: async ({ req, res }) => {
        try {
          const auth = await authenticateRequest(db.prisma, secrets.adminKey, req.headers);
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

  await new Promise<void>((resolve, reject) => {
    httpServer.once("error", reject);
    httpServer.listen(config.port, config.host, resolve);
  });
  const { port } = httpServer.address() as AddressInfo;
  return {
    url: `http://${config.host}:${port}/graphql`,
    port,
    stop: () => server.stop(),
  };
}
