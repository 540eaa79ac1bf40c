import type { SubgraphContext } from "../../core/src/subgraph/definition";
import type { CatalogLoaders } from "./loaders";

export type CatalogContext = SubgraphContext<CatalogLoaders, "catalog">;
