import "reflect-metadata";
import { subgraphNames, type SubgraphName } from "../../../subgraphs/core/src/config";
import { runStandaloneSubgraph } from "../../../subgraphs/core/src/subgraph/standalone";
import { moduleDefinitions } from "../../../subgraphs/modules";

// `npm run start:subgraph -- <name>`: one subgraph as its own service, on the port
// config.ts gives it (defaultSubgraphPorts) unless PORT says otherwise.
const usage = `Usage: npm run start:subgraph -- <name>\n  <name>: one of ${subgraphNames.join(", ")}\n`;

function main(args: string[]): void {
  const name = args[0];
  if (args.length !== 1 || name === undefined || !subgraphNames.includes(name as SubgraphName)) {
    const problem = name === undefined ? "No subgraph named." : `Unknown subgraph "${args.join(" ")}".`;
    process.stderr.write(`${problem}\n${usage}`);
    process.exit(2);
  }
  runStandaloneSubgraph(moduleDefinitions[name as SubgraphName]).catch((error: unknown) => {
    process.stderr.write(`Failed to start the ${name} subgraph: ${error instanceof Error ? error.message : error}\n`);
    process.exit(1);
  });
}

main(process.argv.slice(2));
