import { runStandaloneSubgraph } from "../../core/src/subgraph/standalone";
import { ordersModule } from "./module";

runStandaloneSubgraph(ordersModule).catch((error: unknown) => {
  process.stderr.write(`Failed to start the orders subgraph: ${String(error)}\n`);
  process.exit(1);
});
