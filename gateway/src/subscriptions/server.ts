import { randomUUID } from "node:crypto";
import type http from "node:http";
import { execute, subscribe, type ExecutionResult, type GraphQLFormattedError, type GraphQLSchema } from "graphql";
import { CloseCode, MessageType, stringifyMessage } from "graphql-ws";
import { useServer } from "graphql-ws/use/ws";
import { WebSocketServer, type WebSocket } from "ws";
import type { OperationLimits } from "../../../subgraphs/core/src/config";
import { csrfHeader } from "../../../subgraphs/core/src/auth/console-session";
import { AppError } from "../../../subgraphs/core/src/errors";
import { toClientError } from "../../../subgraphs/core/src/graphql/client-errors";
import type { Logger } from "../../../subgraphs/core/src/logger";
import { originOf, type Authenticator, type Identity } from "../auth/authenticate";
import type { GatewayContext } from "../context";
import { checkSubscription } from "../limits/subscribe";
import { subscriptionFieldResolver } from "./entity-resolution";
import type { EventFeed } from "./event-feed";
import { SubscriptionFanOut, type Subscriber } from "./fan-out";

/**
 * The HTTP body limit, for frames: ws would otherwise buffer and parse up to 100 MiB. A larger
 * frame closes the connection with 1009 (message too big).
 */
const maxFrameBytes = 1024 * 1024;

/**
 * How often a connection signed in with the console cookie has its session checked again:
 * a session revoked or expired on any replica closes its sockets within this (plus a query).
 */
const sessionRecheckMs = 500;

/**
 * Unsent bytes a subscriber's socket may hold (a thousand stock events or more) before it is
 * closed as too slow to read, so that it costs neither the other subscribers nor the memory.
 */
const maxBufferedBytes = 1024 * 1024;

/**
 * graphql-ws has no "subscribed" message, so a client cannot tell when events start to reach
 * it: one that changes stock right after subscribing may miss the event. Once the
 * subscription listens, the server sends `{ type: "pong", payload: { subscribed: <id> } }`.
 * The protocol lets either side send a pong at any time and clients ignore the ones they do
 * not wait for, so it costs nothing to those that do not read it.
 */
export function subscribedAck(id: string): string {
  return stringifyMessage({ type: MessageType.Pong, payload: { subscribed: id } });
}

type ConnectionExtra = {
  socket: WebSocket;
  /** The upgrade request: its Origin header is what binds a publishable key, as over HTTP. */
  request: http.IncomingMessage;
  identity?: Identity;
};

export interface SubscriptionServer {
  connectionCount(): number;
  close(): Promise<void>;
}

/**
 * graphql-ws on the gateway's own HTTP server and path. Keys come in `connectionParams`
 * like the HTTP headers; a connection whose key is revoked, or whose client is
 * deactivated, is closed as soon as the event reaches this replica.
 */
export function startSubscriptionServer(options: {
  httpServer: http.Server;
  schema: () => GraphQLSchema;
  authenticator: Authenticator;
  /** Whether an upgrade's Origin is the gateway's own (the console cookie is honoured from there only). */
  ownOrigin: (request: http.IncomingMessage) => boolean;
  feed: EventFeed;
  log: Logger;
  limits: OperationLimits;
  /** Whether introspection is answered, as over HTTP. */
  introspection: boolean;
  /** Apollo Server's `formatError` of the HTTP side, so that both transports show the same of an error. */
  formatError: (error: GraphQLFormattedError) => GraphQLFormattedError;
}): SubscriptionServer {
  const { httpServer, authenticator, feed, log } = options;
  const wss = new WebSocketServer({ server: httpServer, path: "/graphql", maxPayload: maxFrameBytes });
  const connections = new Map<WebSocket, Identity>();
  // Each subscription's context knows its socket and id, for the fan-out to write to.
  const subscribers = new WeakMap<GatewayContext, Subscriber>();
  // Errors reach subscribers as they reach HTTP clients: typed codes, internals masked.
  const formatResult = (result: ExecutionResult) =>
    result.errors
      ? {
          ...result,
          errors: result.errors.map((error) =>
            options.formatError(withCode(toClientError(error, log, randomUUID()), "BAD_USER_INPUT")),
          ),
        }
      : result;
  const fanOut = new SubscriptionFanOut({
    subscribe: (args) => subscribe({ ...args, fieldResolver: subscriptionFieldResolver }),
    format: formatResult,
    maxBufferedBytes,
    log,
  });

  const server = useServer<Record<string, unknown>, ConnectionExtra>(
    {
      schema: () => options.schema(),
      context: (ctx, id): GatewayContext => {
        const context = { auth: ctx.extra.identity!.auth, requestId: randomUUID() };
        subscribers.set(context, { socket: ctx.extra.socket, stream: ctx.extra.request.socket, id });
        return context;
      },
      onConnect: async (ctx) => {
        try {
          const params = lowerCaseKeys(ctx.connectionParams ?? {});
          const csrfToken = params[csrfHeader];
          const identity = await authenticator.authenticate(params, originOf(ctx.extra.request.headers), {
            cookie: ctx.extra.request.headers.cookie,
            csrfToken: typeof csrfToken === "string" ? csrfToken : undefined,
            // A socket carries mutations too, and the upgrade itself cannot carry our header.
            changesState: true,
            sameSite: options.ownOrigin(ctx.extra.request),
          });
          if (identity.auth.clientAppId === null) throw new AppError("UNAUTHENTICATED", "Missing or invalid API key");
          ctx.extra.identity = identity;
          connections.set(ctx.extra.socket, identity);
          return true;
        } catch (error) {
          const forbidden = error instanceof AppError && error.code === "FORBIDDEN";
          if (!(error instanceof AppError)) log.error({ err: error }, "subscription authentication failed");
          ctx.extra.socket.close(
            forbidden ? CloseCode.Forbidden : CloseCode.Unauthorized,
            forbidden ? "Forbidden" : "Unauthorized",
          );
          return false;
        }
      },
      onSubscribe: (_ctx, _id, payload) =>
        checkSubscription(options.schema(), payload, options.limits, { introspection: options.introspection }),
      // Called once `subscribe` returned the stream: its feed listener is registered, so every
      // event published from now on is queued for this subscriber.
      onOperation: (ctx, id, _payload, _args, result) => {
        if (Symbol.asyncIterator in result && ctx.extra.socket.readyState === ctx.extra.socket.OPEN) {
          ctx.extra.socket.send(subscribedAck(id));
        }
      },
      onClose: (ctx) => {
        connections.delete(ctx.extra.socket);
      },
      // graphql-js's own errors carry no code: a refused document is a parse or validation
      // failure, an execution error without a cause is a variable that did not coerce.
      onError: (_ctx, _id, _payload, errors) =>
        errors.map((error) =>
          options.formatError(
            withCode(
              error.toJSON(),
              error.message.startsWith("Syntax Error") ? "GRAPHQL_PARSE_FAILED" : "GRAPHQL_VALIDATION_FAILED",
            ),
          ),
        ),
      // Queries and mutations sent over the socket; subscriptions' results go through the fan-out.
      onNext: (_ctx, _id, _payload, _args, result) => (result.errors ? formatResult(result) : undefined),
      execute: (args) => execute({ ...args, fieldResolver: subscriptionFieldResolver }),
      subscribe: (args) => {
        const context = args.contextValue as GatewayContext;
        return fanOut.subscribe(args, subscribers.get(context)!, context.auth);
      },
    },
    wss,
  );

  // Registered after useServer's own listener: graphql-ws takes any socket error for a bug of
  // ours (console.error, close 4500), but a frame over the limit or a broken frame is the
  // client's, and ws already closes those with the right code (1009, 1002).
  wss.on("connection", (socket) => {
    socket.removeAllListeners("error");
    socket.on("error", (error) => log.debug({ err: error }, "WebSocket client sent a frame the server refuses"));
  });

  const closeWhere = (matches: (identity: Identity) => boolean, reason: string) => {
    for (const [socket, identity] of connections) {
      if (matches(identity)) {
        connections.delete(socket);
        socket.close(CloseCode.Forbidden, reason);
      }
    }
  };
  const stopListening = feed.onEvent((event) => {
    if (event.type === "apikey.revoked") {
      closeWhere((identity) => identity.keyIds.includes(event.payload.keyId), "API key revoked");
    } else if (event.type === "client.deactivated") {
      closeWhere((identity) => identity.auth.clientId === event.payload.clientId, "Client deactivated");
    } else if (event.type === "clientApp.deactivated") {
      closeWhere((identity) => identity.auth.clientAppId === event.payload.clientAppId, "Client app deactivated");
    }
  });

  // Sessions end without an event (expiry, a revocation on another replica): each cookie
  // connection's session is looked up again, without counting as the person's activity.
  let rechecking = false;
  const recheck = setInterval(() => {
    if (rechecking) return;
    rechecking = true;
    const checks = [...connections].flatMap(([socket, identity]) =>
      identity.consoleSession === undefined
        ? []
        : [
            authenticator.checkSession(identity.consoleSession, false).catch((error: unknown) => {
              if (!(error instanceof AppError)) return log.warn({ err: error }, "could not check a console session");
              connections.delete(socket);
              socket.close(CloseCode.Unauthorized, "Console session ended");
            }),
          ],
    );
    void Promise.all(checks).finally(() => (rechecking = false));
  }, sessionRecheckMs);
  recheck.unref();

  return {
    connectionCount: () => connections.size,
    async close() {
      clearInterval(recheck);
      stopListening();
      await server.dispose();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
    },
  };
}

function withCode(error: GraphQLFormattedError, fallback: string): GraphQLFormattedError {
  return typeof error.extensions?.code === "string"
    ? error
    : { ...error, extensions: { ...error.extensions, code: fallback } };
}

/** connectionParams are free-form JSON: accept the header names in any case. */
function lowerCaseKeys(params: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(params).map(([key, value]) => [key.toLowerCase(), value]));
}
