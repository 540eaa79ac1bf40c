import { runStandaloneSubgraph } from "../../core/src/subgraph/standalone";
import { catalogModule } from "./module";

runStandaloneSubgraph(catalogModule).catch((error: unknown) => {
  process.stderr.write(`Failed to start the catalog subgraph: ${String(error)}\n`);
  process.exit(1);
});
