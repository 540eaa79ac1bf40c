import type { SubgraphContext } from "../../core/src/subgraph/definition";
import type { IntegrationsLoaders } from "./loaders";

export type IntegrationsContext = SubgraphContext<IntegrationsLoaders>;
