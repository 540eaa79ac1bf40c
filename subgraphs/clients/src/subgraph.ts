import type { SubgraphDefinition } from "../../core/src/subgraph/definition";
import { createClientsLoaders, type ClientsLoaders } from "./loaders";
import { ApiKeyResolver } from "./schema/api-key.resolver";
import { ClientAppResolver } from "./schema/client-app.resolver";
import { ClientResolver } from "./schema/client.resolver";
import { ViewerResolver } from "./schema/viewer.resolver";

export const clientsSubgraph: SubgraphDefinition<ClientsLoaders> = {
  name: "clients",
  resolvers: [ViewerResolver, ClientResolver, ClientAppResolver, ApiKeyResolver],
  createLoaders: createClientsLoaders,
  referenceResolvers: {
    Client: (reference, ctx) => ctx.loaders.clientById.load(reference.id),
  },
};
