import { AccessTokens, signingKeyFrom } from "../../subgraphs/core/src/auth/access-tokens";
import { csrfHeader, SessionCsrf } from "../../subgraphs/core/src/auth/console-session";
import { readFileSync } from "node:fs";
import type http from "node:http";
import type { AddressInfo } from "node:net";
import { ApolloGateway, type GraphQLDataSource } from "@apollo/gateway";
import { ApolloServer } from "@apollo/server";
import { expressMiddleware } from "@as-integrations/express5";
import express from "express";
import type { GraphQLSchema } from "graphql";
import {
  createCacheStore,
  createTenantCache,
  responseCachePrefix,
  type TenantCache,
} from "../../subgraphs/core/src/cache/tenant-cache";
import { drainDeadlineMs, type Config, type SubgraphName } from "../../subgraphs/core/src/config";
import { SecretBox } from "../../subgraphs/core/src/crypto/secret-box";
import type { Database } from "../../subgraphs/core/src/db/database";
import { expressServer } from "../../subgraphs/core/src/http/express-server";
import { AppError } from "../../subgraphs/core/src/errors";
import type { EventBus } from "../../subgraphs/core/src/events/types";
import type { Logger } from "../../subgraphs/core/src/logger";
import { listen } from "../../subgraphs/core/src/listen";
import type { RuntimeSecrets } from "../../subgraphs/core/src/secrets";
import { createSubgraphRuntime } from "../../subgraphs/core/src/subgraph/runtime";
import { moduleDatabase } from "../../subgraphs/core/src/db/module-db";
import { moduleDefinitions, modules } from "../../subgraphs/modules";
import { Authenticator, credentialResolverOf, originOf } from "./auth/authenticate";
import { PublishableOrigins, publishableOriginsReaderOf } from "./auth/publishable-origins";
import type { GatewayContext } from "./context";
import {
  DistinctEntitiesDataSource,
  InProcessDataSource,
  SignedRemoteDataSource,
  TimedDataSource,
} from "./data-sources";
import { healthRoutes } from "./health";
import { answerClientErrors, httpErrorHandler, notFoundHandler } from "./http-errors";
import { apiCorsFor, corsFor, restSurface } from "./http/cors";
import { HttpDrain } from "./http/drain";
import { clientFacingErrors } from "./http/error-masking";
import { consoleRoutes } from "./http/console";
import { referencePage } from "./rest/reference-page";
import { restApi, restBasePath } from "./rest/rest-api";
import { securityHeaders } from "./http/security-headers";
import { bodyTooLarge } from "./limits/body-limit";
import { tokenLimit } from "./limits/token-limit";
import { ClientBuckets } from "./rate-limit/client-buckets";
import type { BucketStore } from "./rate-limit/leaky-bucket";
import { MemoryBucketStore } from "./rate-limit/memory-store";
import { RedisBucketStore } from "./rate-limit/redis-store";
import { webhookRateLimits } from "./rate-limit/webhook-limit";
import { GatewayMetrics } from "./observability/metrics";
import { metricsRoute } from "./observability/metrics-route";
import { RequestLog } from "./observability/request-log";
import { gatewayPlugins } from "./plugins";
import { pendingContextKey, responseCacheLookup, responseSlotKey } from "./response-cache/http";
import { ResponseCache, type ResponseSlot } from "./response-cache/response-cache";
import { EntityResolver } from "./subscriptions/entity-resolution";
import { EventFeed } from "./subscriptions/event-feed";
import { rejectHttpSubscriptions } from "./subscriptions/http-guard";
import { buildSubscriptionSchema } from "./subscriptions/resolvers";
import { startSubscriptionServer, type SubscriptionServer } from "./subscriptions/server";
import { buildAllSubgraphs, composeSupergraph } from "./supergraph";

/** Longer than a load balancer's usual idle timeout (60 s), as it must be for the client to close first. */
const keepAliveTimeoutMs = 65_000;

export interface GatewayServer {
  url: string;
  port: number;
  subscriptions: SubscriptionServer;
  /** Stops accepting, drains HTTP requests and WebSocket subscribers (close 1001), by the deadline. */
  stop(): Promise<void>;
}

/**
 * Whether a WebSocket upgrade comes from a page of the gateway's own origin: OMNI_PUBLIC_URL's,
 * or the one the request's Host names. Browsers always send Origin on an upgrade and never let
 * a page forge it, so another site's page cannot open a socket on the console's cookie.
 */
function ownOriginCheck(config: Config): (request: http.IncomingMessage) => boolean {
  const publicOrigin = new URL(config.publicUrl).origin;
  const scheme = config.tls ? "https" : "http";
  return (request) => {
    const origin = originOf(request.headers);
    return origin !== undefined && (origin === publicOrigin || origin === `${scheme}://${request.headers.host}`);
  };
}

export interface GatewayDeps {
  config: Config;
  db: Database;
  secrets: RuntimeSecrets;
  bus: EventBus;
  log: Logger;
}

function dataSourcesFor(
  config: Config,
  db: Database,
  secrets: RuntimeSecrets,
  secretBox: SecretBox,
  log: Logger,
  metrics: GatewayMetrics,
  cache: TenantCache,
) {
  const built = buildAllSubgraphs();
  const dataSources = new Map<string, GraphQLDataSource<GatewayContext>>();
  for (const name of Object.keys(built) as SubgraphName[]) {
    const remoteUrl = config.subgraphUrls[name];
    const source = remoteUrl
      ? new SignedRemoteDataSource(remoteUrl, secrets.internalSecret)
      : new InProcessDataSource(
          createSubgraphRuntime(moduleDefinitions[name], built[name], {
            prisma: db.prisma,
            internalSecret: secrets.internalSecret,
            log,
            config,
            secretBox,
            cache,
          }),
        );
    dataSources.set(
      name,
      new DistinctEntitiesDataSource(
        new TimedDataSource(source, (seconds, failed) => metrics.observeSubgraphFetch(name, seconds, failed)),
      ),
    );
  }
  return { supergraphSdl: composeSupergraph(built), dataSources };
}

/**
 * The public server: `/graphql` for queries and mutations over every subgraph, the same
 * path for subscriptions over graphql-ws, the integrations' REST routes, plus health endpoints.
 */
/**
 * Storefront answers one process keeps copies of: a storefront's hot set (its front pages,
 * categories and products) is far smaller; at ~10 KB a page of 20 products, ~20 MB.
 */
const nearResponseCopies = 2_000;

export async function startGateway({ config, db, secrets, bus, log }: GatewayDeps): Promise<GatewayServer> {
  const secretBox = new SecretBox(secrets.encryptionKey);
  const metrics = new GatewayMetrics(db);
  metrics.trackEventBus(bus);
  const requestLog = new RequestLog(log);
  // On Redis it is the cache of every replica and standalone catalog: this feed's invalidations hold for all.
  const cache = createTenantCache({ ttlMs: config.catalogCacheTtlMs, redisUrl: config.redisUrl }, log);
  // Storefront answers, shared like the catalog cache; whatever invalidates a tenant's catalog
  // here (the committing process's own change included) drops its answers too. On Redis this
  // process also keeps near copies of the answers it served, dropped when any process invalidates.
  const responseCache = new ResponseCache(
    createCacheStore(
      { ttlMs: config.responseCacheTtlMs, redisUrl: config.redisUrl },
      responseCachePrefix,
      nearResponseCopies,
    ),
    modules.flatMap((module) => (module.storefrontResponses ? [module.storefrontResponses] : [])),
    log,
  );
  cache.onInvalidate((tenant) => responseCache.invalidate(tenant));
  const { supergraphSdl, dataSources } = dataSourcesFor(config, db, secrets, secretBox, log, metrics, cache);
  const gateway = new ApolloGateway({
    supergraphSdl,
    buildService: ({ name }) => {
      const source = dataSources.get(name);
      if (!source) throw new Error(`No data source for subgraph ${name}`);
      return source;
    },
  });

  const accessTokens = await AccessTokens.create(
    signingKeyFrom(config.jwtSigningKey, secrets.internalSecret),
    config.accessTokenTtlMs / 1000,
  );
  const sessionCsrf = new SessionCsrf(secrets.internalSecret);
  const authenticator = new Authenticator(
    db.prisma,
    credentialResolverOf(modules),
    secrets.adminKey,
    config.authCacheTtlMs,
    accessTokens,
    { csrf: sessionCsrf, idleMs: config.consoleSession.idleMs },
    config.keyMaxAge,
  );
  const publishableOrigins = new PublishableOrigins(
    db.prisma,
    publishableOriginsReaderOf(modules),
    config.authCacheTtlMs,
  );
  // On Redis, replicas share each caller's bucket; otherwise this process meters alone.
  const bucketStore: BucketStore = config.redisUrl
    ? new RedisBucketStore(config.redisUrl, log)
    : new MemoryBucketStore();
  const buckets = new ClientBuckets(bucketStore, config.rateLimit, config.publishableRateLimit);
  const feed = new EventFeed(bus);
  const liveHandlers = modules.flatMap((module) => module.liveEventHandlers ?? []);
  feed.onEvent((event) => {
    for (const handle of liveHandlers) handle(event, { cache });
    if (responseCache.invalidatedBy(event)) void responseCache.invalidate(event.clientId);
    if (event.type === "apikey.revoked") authenticator.evictKey(event.payload.keyId);
    if (event.type === "apikey.revoked" || event.type === "client.deactivated") publishableOrigins.invalidate();
    if (event.type === "client.deactivated") {
      authenticator.evictClient(event.payload.clientId);
      event.payload.keyIds.forEach((keyId) => authenticator.evictKey(keyId));
    }
    if (event.type === "clientApp.deactivated") authenticator.evictClientApp(event.payload.clientAppId);
  });

  let subscriptionSchema: GraphQLSchema | undefined;
  const app = express();
  app.disable("x-powered-by");
  // req.ip: that many proxies' X-Forwarded-For entries are believed, none by default.
  app.set("trust proxy", config.trustProxyHops);
  // With a certificate the same server speaks HTTPS and WSS, and nothing older than TLS 1.3.
  const httpServer = expressServer(
    app,
    config.tls && { cert: readFileSync(config.tls.certFile), key: readFileSync(config.tls.keyFile) },
  );
  // The client closes an idle kept-alive connection, not the server: Node's 5 s default
  // resets a request a client sends on it at that instant (a load balancer with a 60 s idle
  // timeout, or a client whose own 4 s timer fired late on a busy machine). Draining still
  // closes idle connections at shutdown.
  httpServer.keepAliveTimeout = keepAliveTimeoutMs;
  httpServer.headersTimeout = keepAliveTimeoutMs + 1_000;
  const drain = new HttpDrain(httpServer, config.shutdownIdleGraceMs);
  const formatError = clientFacingErrors({
    production: config.env === "production",
    schemaHints: config.introspection,
  });
  const server = new ApolloServer<GatewayContext>({
    gateway,
    csrfPrevention: true,
    // Our configuration decides, not the NODE_ENV Apollo would read from the process.
    nodeEnv: config.env,
    // Shutdown is ours (main.ts): it also closes the database, after the server drained.
    stopOnTerminationSignals: false,
    includeStacktraceInErrorResponses: false,
    introspection: config.introspection,
    formatError,
    plugins: gatewayPlugins({
      config,
      log,
      metrics,
      requestLog,
      buckets,
      responseCache,
      outbox: db.outbox,
      subscriptionSchema: () => subscriptionSchema,
    }),
  });
  const entities = new EntityResolver(async (query, variables, contextValue) => {
    const response = await server.executeOperation({ query, variables }, { contextValue });
    if (response.body.kind !== "single") throw new Error("Unexpected incremental response");
    return response.body.singleResult;
  });
  let apiSchema: GraphQLSchema | undefined;
  gateway.onSchemaLoadOrUpdate((loaded) => {
    apiSchema = loaded.apiSchema;
    subscriptionSchema = buildSubscriptionSchema(loaded.apiSchema, feed, entities);
  });
  await server.start();

  app.use(
    requestLog.middleware,
    drain.closeConnectionsWhileDraining,
    securityHeaders({ landingPage: config.introspection }),
  );
  /** Who a /graphql or /api/v1 request is; AppError for credentials that do not hold. */
  const contextFor = async (req: express.Request, res: express.Response): Promise<GatewayContext> => {
    try {
      const { auth, rateLimit, publishable, keysCreatedAt } = await authenticator.authenticate(
        req.headers,
        originOf(req.headers),
        {
          cookie: req.headers.cookie,
          csrfToken: req.header(csrfHeader),
          // GET runs only queries (Apollo's rule, and REST's): anything else may change something.
          changesState: req.method !== "GET",
          // Over HTTP the CSRF token is the guard: another site's page cannot read it.
          sameSite: true,
        },
      );
      return requestLog.attach(res, {
        auth,
        rateLimit,
        publishable,
        keysCreatedAt,
        callerAddress: req.ip ?? req.socket.remoteAddress,
        requestId: res.locals.requestId as string,
      });
    } catch (error) {
      requestLog.noteError(res, error instanceof AppError ? error.code : "SERVICE_UNAVAILABLE");
      if (error instanceof AppError) throw error;
      log.error({ err: error, requestId: res.locals.requestId }, "authentication failed");
      throw new AppError("SERVICE_UNAVAILABLE", "Authentication is unavailable, retry shortly");
    }
  };
  const isPublishableOrigin = (origin: string) =>
    publishableOrigins.has(origin).catch((error: unknown) => {
      // The origin gets the operator's answer meanwhile; the call itself still checks its key.
      log.warn({ err: error }, "could not read publishable key origins for CORS");
      return false;
    });
  // Express tries each route in order: mounted ahead of the health, metrics and modules'
  // routes, /graphql is matched at once instead of after every one of theirs, which was an
  // eighth of a cached storefront answer's CPU. One router: its path is matched once, not
  // once per step.
  const graphqlRoute = express.Router();
  app.use("/graphql", graphqlRoute);
  graphqlRoute.use(
    apiCorsFor(config.corsOrigins, isPublishableOrigin),
    express.json({ limit: config.limits.maxBodyBytes }),
    bodyTooLarge,
    tokenLimit(config.limits),
    rejectHttpSubscriptions,
    responseCacheLookup({
      cache: responseCache,
      contextFor,
      buckets,
      metrics,
      requestLog,
      keyMaxAge: config.keyMaxAge,
      maxInputDepth: config.limits.maxInputDepth,
    }),
    expressMiddleware(server, {
      context: async ({ req, res }) => {
        try {
          // The response cache's lookup authenticated the request already (same promise, same verdict).
          const pending = res.locals[pendingContextKey] as Promise<GatewayContext> | undefined;
          const context = await (pending ?? contextFor(req, res));
          const slot = res.locals[responseSlotKey] as ResponseSlot | undefined;
          return slot ? { ...context, responseCache: slot } : context;
        } catch (error) {
          if (error instanceof AppError) throw error.toGraphQLError();
          throw error;
        }
      },
    }),
  );
  const cors = corsFor(config.corsOrigins);
  app.use(["/health", "/ready"], cors);
  app.use(healthRoutes(db, bus, () => drain.isDraining));
  app.use(metricsRoute(metrics, config.metricsToken, log));
  const webhookLimits = webhookRateLimits(bucketStore, config.webhookRateLimit);
  for (const module of modules) {
    if (module.routes)
      app.use(
        module.routes({
          prisma: moduleDatabase(db.prisma),
          config,
          secretBox,
          log,
          webhookLimits,
          accessTokens,
          sessionCsrf,
        }),
      );
  }
  if (!apiSchema) throw new Error("The gateway's schema did not load");
  // Before the REST router: SOFA's would answer /api/v1/docs with Swagger UI from a CDN.
  app.use(referencePage());
  app.use(restBasePath, apiCorsFor(config.corsOrigins, isPublishableOrigin, restSurface));
  app.use(restApi({ server, schema: apiSchema, contextFor, maxBodyBytes: config.limits.maxBodyBytes, log }));
  app.use(consoleRoutes());
  app.use(notFoundHandler);
  app.use(httpErrorHandler(log));
  answerClientErrors(httpServer);

  // Listening before the WebSocket server attaches: ws re-emits the HTTP server's errors, and
  // graphql-ws prints them as "Internal error emitted on the WebSocket server" beside our own
  // report of a taken port. Nothing can connect between the two steps (one synchronous turn).
  await listen(httpServer, config.host, config.port);
  const subscriptions = startSubscriptionServer({
    httpServer,
    schema: () => {
      if (!subscriptionSchema) throw new Error("The schema is not loaded yet");
      return subscriptionSchema;
    },
    authenticator,
    ownOrigin: ownOriginCheck(config),
    feed,
    log,
    limits: config.limits,
    introspection: config.introspection,
    formatError,
  });
  metrics.trackWebSockets(() => subscriptions.connectionCount());
  const { port } = httpServer.address() as AddressInfo;
  return {
    url: `${config.tls ? "https" : "http"}://${config.host}:${port}/graphql`,
    port,
    subscriptions,
    async stop() {
      // Stop accepting first, so subscribers told to go away (1001) cannot reconnect here.
      const drained = drain.drain(drainDeadlineMs);
      await subscriptions.close();
      await drained;
      feed.close();
      await server.stop();
      await bucketStore.close();
      await cache.close();
      await responseCache.close();
    },
  };
}
