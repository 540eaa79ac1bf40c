import { composeServices } from "@apollo/composition";
import { parse } from "graphql";
import { defaultSubgraphPorts, subgraphNames, type SubgraphName } from "../../subgraphs/core/src/config";
import { buildSubgraph, type BuiltSubgraph } from "../../subgraphs/core/src/subgraph/build-schema";
import { moduleDefinitions } from "../../subgraphs/modules";

export class CompositionError extends Error {
  override name = "CompositionError";
}

export function buildAllSubgraphs(): Record<SubgraphName, BuiltSubgraph> {
  return Object.fromEntries(subgraphNames.map((name) => [name, buildSubgraph(moduleDefinitions[name])])) as Record<
    SubgraphName,
    BuiltSubgraph
  >;
}

/**
 * Composition is a pure function of the subgraphs' SDL and costs ~0.6 s (seconds on a busy
 * machine): a process that starts several gateways (a replica, the tests' stacks) composes once.
 */
const composedBySdl = new Map<string, string>();

/**
 * Composes the supergraph from the code (no rover: it downloads a binary). The URLs are
 * the standalone defaults; the gateway routes each subgraph in-process or to its
 * configured URL whatever the supergraph says.
 */
export function composeSupergraph(built: Record<SubgraphName, BuiltSubgraph> = buildAllSubgraphs()): string {
  const key = subgraphNames.map((name) => built[name].sdl).join("\n\0");
  const composed = composedBySdl.get(key);
  if (composed) return composed;
  const result = composeServices(
    subgraphNames.map((name) => ({
      name,
      url: `http://127.0.0.1:${defaultSubgraphPorts[name]}/graphql`,
      typeDefs: parse(built[name].sdl),
    })),
  );
  if (result.errors) {
    throw new CompositionError(`Supergraph composition failed:\n${result.errors.map((e) => e.message).join("\n")}`);
  }
  composedBySdl.set(key, result.supergraphSdl);
  return result.supergraphSdl;
}
