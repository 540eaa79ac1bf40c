import { runStandaloneSubgraph } from "../../core/src/subgraph/standalone";
import { clientsSubgraph } from "./subgraph";

runStandaloneSubgraph(clientsSubgraph).catch((error: unknown) => {
  process.stderr.write(`Failed to start the clients subgraph: ${String(error)}\n`);
  process.exit(1);
});
