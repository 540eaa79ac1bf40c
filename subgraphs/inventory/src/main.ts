import { runStandaloneSubgraph } from "../../core/src/subgraph/standalone";
import { inventoryModule } from "./module";

runStandaloneSubgraph(inventoryModule).catch((error: unknown) => {
  process.stderr.write(`Failed to start the inventory subgraph: ${String(error)}\n`);
  process.exit(1);
});
