import type { SubgraphContext } from "../../core/src/subgraph/definition";
import type { ClientsLoaders } from "./loaders";

export type ClientsContext = SubgraphContext<ClientsLoaders, "clients">;
