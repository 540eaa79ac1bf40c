import type { GraphQLRequest } from "@apollo/server";

interface CostFigures {
  requested: number;
  actual?: number;
}

/**
 * One request's cost, priced once for every plugin that needs it: operation-limits charges
 * and reports it, the response cache keeps it with the answer. Keyed by the request, which
 * Apollo Server hands every hook of every plugin, so the order the hooks run in does not matter.
 */
const figures = new WeakMap<GraphQLRequest, CostFigures>();

/** The operation's static cost, as the limits checked and the bucket was charged it. */
export function recordRequestedCost(request: GraphQLRequest, requested: number): void {
  figures.set(request, { requested });
}

/** Undefined when the request's operation was never priced (refused before, or not metered). */
export function requestedCostOf(request: GraphQLRequest): number | undefined {
  return figures.get(request)?.requested;
}

/** The answer's cost (never above the requested one), measured by the first plugin that asks. */
export function actualCostOf(request: GraphQLRequest, measure: () => number): number | undefined {
  const priced = figures.get(request);
  if (!priced) return undefined;
  priced.actual ??= Math.min(priced.requested, measure());
  return priced.actual;
}
