// Peer (d): Hive Gateway (JS) over the same HTTP subgraphs and supergraph as peer (c). It
// lives in its own package (this folder) because its dependency tree is large and apart
// from ours; it is JavaScript so `tsc` never needs that tree. Its only addition is the same
// minimal header hook as (c): `propagateHeaders.fromClientToSubgraphs` sets the signed
// context computed from the request's keys (../identities.ts).
const http = require("node:http");
const { readFileSync } = require("node:fs");
const path = require("node:path");
const { createGatewayRuntime } = require("@graphql-hive/gateway");
const { contextHeader } = require("../../../subgraphs/core/src/auth/signed-context");
const { contextSigner, peerEnv, supergraphFor } = require("../identities");

const { port, secret, identities, subgraphUrls } = peerEnv();
const sign = contextSigner(secret, identities);
// One signature per client request, shared by that request's subgraph fetches.
const signed = new WeakMap();
const supergraph = readFileSync(path.resolve(__dirname, "../../../schema/supergraph.graphql"), "utf8");

const gateway = createGatewayRuntime({
  supergraph: supergraphFor(supergraph, subgraphUrls),
  logging: "error",
  graphqlEndpoint: "/graphql",
  propagateHeaders: {
    fromClientToSubgraphs: ({ request }) => {
      if (!signed.has(request)) signed.set(request, sign(request.headers));
      return { [contextHeader]: signed.get(request) };
    },
  },
});

const server = http.createServer(gateway);
server.listen(port, "127.0.0.1", () => {
  process.stdout.write(`ready http://127.0.0.1:${port}/graphql\n`);
});
const stop = () => server.close(() => void gateway.dispose().then(() => process.exit(0)));
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
