import { catalogSubgraph } from "../../subgraphs/catalog/src/subgraph";
import { clientsSubgraph } from "../../subgraphs/clients/src/subgraph";
import type { SubgraphName } from "../../subgraphs/core/src/config";
import type { AnySubgraphDefinition } from "../../subgraphs/core/src/subgraph/definition";
import { integrationsSubgraph } from "../../subgraphs/integrations/src/subgraph";
import { inventorySubgraph } from "../../subgraphs/inventory/src/subgraph";
import { ordersSubgraph } from "../../subgraphs/orders/src/subgraph";

/** Every subgraph the gateway composes, in composition order. */
export const subgraphDefinitions: Record<SubgraphName, AnySubgraphDefinition> = {
  clients: clientsSubgraph,
  catalog: catalogSubgraph,
  inventory: inventorySubgraph,
  orders: ordersSubgraph,
  integrations: integrationsSubgraph,
};
