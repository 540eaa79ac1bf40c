import { randomUUID } from "node:crypto";
import type http from "node:http";
import { execute, subscribe, type GraphQLSchema } from "graphql";
import { CloseCode } from "graphql-ws";
import { useServer } from "graphql-ws/use/ws";
import { WebSocketServer, type WebSocket } from "ws";
import { AppError } from "../../../subgraphs/core/src/errors";
import type { Logger } from "../../../subgraphs/core/src/logger";
import type { Authenticator, Identity } from "../auth/authenticate";
import type { GatewayContext } from "../context";
import { subscriptionFieldResolver } from "./entity-resolution";
import type { EventFeed } from "./event-feed";

type ConnectionExtra = {
  socket: WebSocket;
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
  feed: EventFeed;
  log: Logger;
}): SubscriptionServer {
  const { httpServer, authenticator, feed, log } = options;
  const wss = new WebSocketServer({ server: httpServer, path: "/graphql" });
  const connections = new Map<WebSocket, Identity>();

  const server = useServer<Record<string, unknown>, ConnectionExtra>(
    {
      schema: () => options.schema(),
      context: (ctx): GatewayContext => ({ auth: ctx.extra.identity!.auth, requestId: randomUUID() }),
      onConnect: async (ctx) => {
        try {
          const identity = await authenticator.authenticate(lowerCaseKeys(ctx.connectionParams ?? {}));
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
      onClose: (ctx) => {
        connections.delete(ctx.extra.socket);
      },
      execute: (args) => execute({ ...args, fieldResolver: subscriptionFieldResolver }),
      subscribe: (args) => subscribe({ ...args, fieldResolver: subscriptionFieldResolver }),
    },
    wss,
  );

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
    }
  });

  return {
    connectionCount: () => connections.size,
    async close() {
      stopListening();
      await server.dispose();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
    },
  };
}

/** connectionParams are free-form JSON: accept the header names in any case. */
function lowerCaseKeys(params: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(params).map(([key, value]) => [key.toLowerCase(), value]));
}
