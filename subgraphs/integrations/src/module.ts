import type { ModuleDefinition } from "../../core/src/module/definition";
import { createIntegrationsLoaders, type IntegrationsLoaders } from "./loaders";
import { storeRoutes } from "./routes/store-routes";
import { ConnectionResolver } from "./schema/connection.resolver";
import { SyncResolver } from "./schema/sync.resolver";
import { WebhookDeliveryResolver, WebhookEndpointResolver } from "./schema/webhook-endpoint.resolver";
import { WebhookReceiptResolver } from "./schema/webhook-receipt.resolver";
import { queueWebhookDeliveries } from "./services/outbound-webhooks";
import { requestRematches } from "./services/product-mapping";
import { integrationReadings } from "./services/readings";
import { pruneSyncRuns, pruneWebhookDeliveries, pruneWebhookReceipts } from "./services/retention";
import { startOutboundWebhookWorker } from "./worker/outbound-webhook-worker";
import { startRematchWorker } from "./worker/product-rematch";
import { startSyncScheduler } from "./worker/sync-scheduler";
import { startWebhookWorker } from "./worker/webhook-worker";

/** Store connections, their webhooks in and out, stock sync and product matching. */
export const integrationsModule: ModuleDefinition<IntegrationsLoaders, "integrations"> = {
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
  routes: storeRoutes,
  jobs: ({ db, ...deps }) => [
    startWebhookWorker({ db, deps, log: deps.log }),
    startOutboundWebhookWorker({ db, deps, log: deps.log }),
    startSyncScheduler({ db, deps, log: deps.log, intervalMs: deps.config.syncIntervalMs }),
    startRematchWorker({ db, deps, log: deps.log }),
  ],
  // Deliveries and re-matches exist exactly when their events count as published.
  durableEventHandlers: [queueWebhookDeliveries, requestRematches],
  readings: integrationReadings,
  retention: [
    { name: "webhookReceipts", period: (settings) => settings.webhooksMs, prune: pruneWebhookReceipts },
    { name: "webhookDeliveries", period: (settings) => settings.webhooksMs, prune: pruneWebhookDeliveries },
    { name: "syncRuns", period: (settings) => settings.syncRunsMs, prune: pruneSyncRuns },
  ],
};
