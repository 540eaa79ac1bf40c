import type { SubgraphContext } from "../../core/src/subgraph/definition";
import type { OrdersLoaders } from "./loaders";

export type OrdersContext = SubgraphContext<OrdersLoaders, "orders">;
