import type { SubgraphDefinition } from "../../core/src/subgraph/definition";
import { createIntegrationsLoaders, type IntegrationsLoaders } from "./loaders";
import { ConnectionResolver } from "./schema/connection.resolver";
import { SyncResolver } from "./schema/sync.resolver";
import { WebhookDeliveryResolver, WebhookEndpointResolver } from "./schema/webhook-endpoint.resolver";
import { WebhookReceiptResolver } from "./schema/webhook-receipt.resolver";

export const integrationsSubgraph: SubgraphDefinition<IntegrationsLoaders> = {
  name: "integrations",
  resolvers: [
    ConnectionResolver,
    SyncResolver,
    WebhookEndpointResolver,
    WebhookDeliveryResolver,
    WebhookReceiptResolver,
  ],
  createLoaders: createIntegrationsLoaders,
  referenceResolvers: {
    Connection: (reference, ctx) => ctx.loaders.connectionById.load(reference.id),
  },
};
