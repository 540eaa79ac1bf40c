import type { SubgraphContext } from "../../core/src/subgraph/definition";
import type { InventoryLoaders } from "./loaders";

export type InventoryContext = SubgraphContext<InventoryLoaders, "inventory">;
