import { runStandaloneSubgraph } from "../../core/src/subgraph/standalone";
import { integrationsSubgraph } from "./subgraph";

runStandaloneSubgraph(integrationsSubgraph).catch((error: unknown) => {
  process.stderr.write(`Failed to start the integrations subgraph: ${String(error)}\n`);
  process.exit(1);
});
