import { runStandaloneSubgraph } from "../../core/src/subgraph/standalone";
import { clientsModule } from "./module";

runStandaloneSubgraph(clientsModule).catch((error: unknown) => {
  process.stderr.write(`Failed to start the clients subgraph: ${String(error)}\n`);
  process.exit(1);
});
