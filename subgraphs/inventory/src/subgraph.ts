import type { SubgraphDefinition } from "../../core/src/subgraph/definition";
import { createInventoryLoaders, type InventoryLoaders } from "./loaders";
import { LocationResolver } from "./schema/location.resolver";

export const inventorySubgraph: SubgraphDefinition<InventoryLoaders> = {
  name: "inventory",
  resolvers: [LocationResolver],
  createLoaders: createInventoryLoaders,
  referenceResolvers: {
    Location: (reference, ctx) => ctx.loaders.locationById.load(reference.id),
  },
};
