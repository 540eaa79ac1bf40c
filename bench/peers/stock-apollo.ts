import { readFileSync } from "node:fs";
import path from "node:path";
import { ApolloGateway, RemoteGraphQLDataSource, type GraphQLDataSourceProcessOptions } from "@apollo/gateway";
import { ApolloServer } from "@apollo/server";
import { startStandaloneServer } from "@apollo/server/standalone";
import { contextHeader } from "../../subgraphs/core/src/auth/signed-context";
import { contextSigner, peerEnv, supergraphFor } from "./identities";

// Peer (c): stock @apollo/gateway + @apollo/server standalone, default RemoteGraphQLDataSource
// over the HTTP subgraphs, no caching of ours. The only addition is `willSendRequest` setting
// the signed context header (see identities.ts).
interface Context {
  signedContext: string;
}

async function main(): Promise<void> {
  const { port, secret, identities, subgraphUrls } = peerEnv();
  const sign = contextSigner(secret, identities);
  const supergraph = readFileSync(path.resolve(__dirname, "../../schema/supergraph.graphql"), "utf8");
  const gateway = new ApolloGateway({
    supergraphSdl: supergraphFor(supergraph, subgraphUrls),
    buildService: ({ url }) =>
      new (class extends RemoteGraphQLDataSource<Context> {
        override willSendRequest({ request, context }: GraphQLDataSourceProcessOptions<Context>): void {
          if (context.signedContext) request.http?.headers.set(contextHeader, context.signedContext);
        }
      })({ url }),
  });
  const server = new ApolloServer<Context>({ gateway });
  const { url } = await startStandaloneServer(server, {
    listen: { port, host: "127.0.0.1" },
    context: async ({ req }) => ({ signedContext: sign(req.headers) }),
  });
  process.stdout.write(`ready ${url}\n`);
  const stop = () => void server.stop().then(() => process.exit(0));
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
