import type { AddressInfo } from "node:net";
import { ApolloServer } from "@apollo/server";
import { ApolloServerPluginDrainHttpServer } from "@apollo/server/plugin/drainHttpServer";
import { ApolloServerPluginInlineTraceDisabled } from "@apollo/server/plugin/disabled";
import { expressMiddleware } from "@as-integrations/express5";
import express from "express";
import { GraphQLError } from "graphql";
import { AppError } from "../errors";
import { expressServer } from "../http/express-server";
import { listen } from "../listen";
import type { SubgraphContext } from "./definition";
import type { SubgraphRuntime } from "./runtime";

export interface ServedSubgraph {
  url: string;
  stop(): Promise<void>;
}

/** Serves one subgraph on its own port (distributed mode): only the gateway's signed requests get in. */
export async function serveSubgraph(
  runtime: SubgraphRuntime,
  options: { host: string; port: number },
): Promise<ServedSubgraph> {
  const app = express();
  const httpServer = expressServer(app);
  // formatError gets no context: the request each error belongs to is noted here, so its
  // log line carries the gateway's request id.
  const contextOf = new WeakMap<GraphQLError, SubgraphContext>();
  const server = new ApolloServer<SubgraphContext>({
    schema: runtime.built.schema,
    csrfPrevention: true,
    introspection: true,
    // The entry point owns shutdown, so the database closes after the server drained.
    stopOnTerminationSignals: false,
    plugins: [
      ApolloServerPluginDrainHttpServer({ httpServer }),
      ApolloServerPluginInlineTraceDisabled(),
      {
        async requestDidStart() {
          return {
            async didEncounterErrors({ contextValue, errors }) {
              for (const error of errors) contextOf.set(error, contextValue);
            },
          };
        },
      },
    ],
    formatError: (formatted, error) => {
      if (!(error instanceof GraphQLError && error.originalError)) return formatted;
      const ours = runtime.formatError(error, contextOf.get(error));
      // What Apollo refused itself (a variable value the scalar rejects, say) keeps its code.
      const apolloCode = formatted.extensions?.code;
      return ours.extensions?.code === "INTERNAL_SERVER_ERROR" &&
        typeof apolloCode === "string" &&
        apolloCode !== "INTERNAL_SERVER_ERROR"
        ? formatted
        : ours;
    },
  });
  await server.start();
  app.use(
    "/graphql",
    express.json({ limit: "1mb" }),
    expressMiddleware(server, {
      context: async ({ req }) => {
        try {
          return runtime.createContext(req.headers);
        } catch (error) {
          throw error instanceof AppError ? error.toGraphQLError() : error;
        }
      },
    }),
  );
  app.get("/health", (_req, res) => {
    res.json({ status: "ok", subgraph: runtime.built.name });
  });
  await listen(httpServer, options.host, options.port);
  const { port } = httpServer.address() as AddressInfo;
  return {
    url: `http://${options.host}:${port}/graphql`,
    stop: () => server.stop(),
  };
}
