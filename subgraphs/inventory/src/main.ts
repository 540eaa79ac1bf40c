import { runStandaloneSubgraph } from "../../core/src/subgraph/standalone";
import { inventorySubgraph } from "./subgraph";

runStandaloneSubgraph(inventorySubgraph).catch((error: unknown) => {
  process.stderr.write(`Failed to start the inventory subgraph: ${String(error)}\n`);
  process.exit(1);
});
