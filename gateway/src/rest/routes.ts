import type { RestRoute } from "./sofa";

/**
 * REST names for the GraphQL root fields, so that a client of the platforms we replace moves
 * by changing its base URL: the seeds' own paths (`GET /batches`, `POST /users`, seed 004's
 * `/sync/*` and `/connections/*`), and resource paths in the same style for the rest. A field
 * missing here still gets SOFA's default (`GET /kebab-name`, `POST /kebab-name`); the table
 * test keeps every root field named.
 *
 * Path parameters take the GraphQL argument of the same name; the other arguments come from
 * the query string (GET, DELETE) or the JSON body.
 */
export const restRoutes: Record<string, RestRoute> = {
  // Who is calling, and the tenant's settings.
  "Query.me": { method: "GET", path: "/me", tags: ["account"] },
  "Query.settings": { method: "GET", path: "/settings", tags: ["account"] },
  "Mutation.setSetting": { method: "PUT", path: "/settings/:key", tags: ["account"] },

  // Platforms (operator) and their keys.
  "Query.clientApps": { method: "GET", path: "/client-apps", tags: ["platforms"] },
  "Mutation.createClientApp": { method: "POST", path: "/client-apps", responseStatus: 201, tags: ["platforms"] },
  "Mutation.deactivateClientApp": { method: "POST", path: "/client-apps/:id/deactivate", tags: ["platforms"] },
  "Mutation.reactivateClientApp": { method: "POST", path: "/client-apps/:id/reactivate", tags: ["platforms"] },
  "Query.platformKeys": { method: "GET", path: "/platform-keys", tags: ["keys"] },
  "Mutation.rotatePlatformKey": { method: "POST", path: "/platform-keys/rotate", responseStatus: 201, tags: ["keys"] },
  "Mutation.revokePlatformKey": { method: "DELETE", path: "/platform-keys/:id", tags: ["keys"] },
  "Query.consoleAccounts": { method: "GET", path: "/console-accounts", tags: ["platforms"] },
  "Mutation.createConsoleAccount": {
    method: "POST",
    path: "/console-accounts",
    responseStatus: 201,
    tags: ["platforms"],
  },
  "Mutation.deactivateConsoleAccount": {
    method: "POST",
    path: "/console-accounts/:id/deactivate",
    tags: ["platforms"],
  },
  "Mutation.issueConsolePasswordToken": {
    method: "POST",
    path: "/console-accounts/:id/password-token",
    responseStatus: 201,
    tags: ["platforms"],
  },

  // Tenants (clients) of a platform and their keys.
  "Query.clients": { method: "GET", path: "/clients", tags: ["clients"] },
  "Query.client": { method: "GET", path: "/clients/:id", tags: ["clients"] },
  "Query.clientByExternalId": { method: "GET", path: "/clients/by-external-id/:externalId", tags: ["clients"] },
  "Mutation.registerClient": { method: "POST", path: "/clients", responseStatus: 201, tags: ["clients"] },
  "Mutation.updateClient": { method: "PATCH", path: "/clients/:id", tags: ["clients"] },
  "Mutation.deactivateClient": { method: "POST", path: "/clients/:id/deactivate", tags: ["clients"] },
  "Mutation.reactivateClient": { method: "POST", path: "/clients/:id/reactivate", tags: ["clients"] },
  "Mutation.rotateClientApiKey": {
    method: "POST",
    path: "/clients/:clientId/keys/rotate",
    responseStatus: 201,
    tags: ["keys"],
  },
  "Query.apiKeys": { method: "GET", path: "/keys", tags: ["keys"] },
  "Mutation.revokeApiKey": { method: "DELETE", path: "/keys/:id", tags: ["keys"] },
  "Query.publishableKeys": { method: "GET", path: "/publishable-keys", tags: ["keys"] },
  "Mutation.issuePublishableKey": { method: "POST", path: "/publishable-keys", responseStatus: 201, tags: ["keys"] },
  "Mutation.revokePublishableKey": { method: "DELETE", path: "/publishable-keys/:id", tags: ["keys"] },
  "Query.staffApps": { method: "GET", path: "/staff-apps", tags: ["keys"] },
  "Mutation.registerStaffApp": { method: "POST", path: "/staff-apps", responseStatus: 201, tags: ["keys"] },
  "Mutation.revokeStaffApp": { method: "DELETE", path: "/staff-apps/:id", tags: ["keys"] },
  "Query.auditLog": { method: "GET", path: "/audit-log", tags: ["clients"] },

  // A tenant's people.
  "Query.users": { method: "GET", path: "/users", tags: ["users"] },
  "Query.user": { method: "GET", path: "/users/:id", tags: ["users"] },
  "Query.userByExternalId": { method: "GET", path: "/users/by-external-id/:externalId", tags: ["users"] },
  "Mutation.createUser": { method: "POST", path: "/users", responseStatus: 201, tags: ["users"] },
  "Mutation.updateUser": { method: "PATCH", path: "/users/:id", tags: ["users"] },
  "Mutation.upsertUser": { method: "PUT", path: "/users/by-external-id/:externalId", tags: ["users"] },
  "Mutation.issuePasswordToken": {
    method: "POST",
    path: "/users/:userId/password-token",
    responseStatus: 201,
    tags: ["users"],
  },
  "Query.familyAccounts": { method: "GET", path: "/family-accounts", tags: ["users"] },
  "Query.familyAccount": { method: "GET", path: "/family-accounts/:id", tags: ["users"] },
  "Mutation.createFamilyAccount": { method: "POST", path: "/family-accounts", responseStatus: 201, tags: ["users"] },
  "Mutation.deleteFamilyAccount": { method: "DELETE", path: "/family-accounts/:id", tags: ["users"] },
  "Mutation.addFamilyMember": {
    method: "PUT",
    path: "/family-accounts/:familyAccountId/members/:userId",
    tags: ["users"],
  },
  "Mutation.removeFamilyMember": {
    method: "DELETE",
    path: "/family-accounts/:familyAccountId/members/:userId",
    tags: ["users"],
  },
  "Mutation.setFamilyBenefits": { method: "PUT", path: "/family-accounts/:familyAccountId/benefits", tags: ["users"] },

  // Catalog.
  "Query.products": { method: "GET", path: "/products", tags: ["catalog"] },
  "Query.product": { method: "GET", path: "/products/:id", tags: ["catalog"] },
  "Query.productBySku": { method: "GET", path: "/products/by-sku/:sku", tags: ["catalog"] },
  "Mutation.createProduct": { method: "POST", path: "/products", responseStatus: 201, tags: ["catalog"] },
  "Mutation.updateProduct": { method: "PATCH", path: "/products/:id", tags: ["catalog"] },
  "Mutation.publishProduct": { method: "POST", path: "/products/:id/publish", tags: ["catalog"] },
  "Mutation.unpublishProduct": { method: "POST", path: "/products/:id/unpublish", tags: ["catalog"] },
  "Mutation.archiveProduct": { method: "POST", path: "/products/:id/archive", tags: ["catalog"] },
  "Mutation.restoreProduct": { method: "POST", path: "/products/:id/restore", tags: ["catalog"] },
  // The seeds' unpaged list stays where their clients call it; the paged one has its own path
  // (`/categories/{id}` takes any single segment after `/categories`).
  "Query.categories": { method: "GET", path: "/categories", tags: ["catalog"] },
  "Query.categoriesConnection": { method: "GET", path: "/catalog/categories", tags: ["catalog"] },
  "Query.category": { method: "GET", path: "/categories/:id", tags: ["catalog"] },
  "Mutation.createCategory": { method: "POST", path: "/categories", responseStatus: 201, tags: ["catalog"] },
  "Mutation.updateCategory": { method: "PATCH", path: "/categories/:id", tags: ["catalog"] },
  "Mutation.deleteCategory": { method: "DELETE", path: "/categories/:id", tags: ["catalog"] },

  // Inventory.
  "Query.locations": { method: "GET", path: "/locations", tags: ["inventory"] },
  "Query.location": { method: "GET", path: "/locations/:id", tags: ["inventory"] },
  "Mutation.createLocation": { method: "POST", path: "/locations", responseStatus: 201, tags: ["inventory"] },
  "Query.inventoryLevels": { method: "GET", path: "/stock", tags: ["inventory"] },
  "Query.lowStock": { method: "GET", path: "/stock/low", tags: ["inventory"] },
  "Query.inventoryMovements": { method: "GET", path: "/stock/movements", tags: ["inventory"] },
  "Mutation.setInventory": { method: "PUT", path: "/stock", tags: ["inventory"] },
  "Mutation.adjustInventory": { method: "POST", path: "/stock/adjust", tags: ["inventory"] },
  "Mutation.transferInventory": { method: "POST", path: "/stock/transfer", tags: ["inventory"] },
  "Query.batches": { method: "GET", path: "/batches", tags: ["inventory"] },
  "Mutation.receiveBatch": { method: "POST", path: "/batches", responseStatus: 201, tags: ["inventory"] },

  // Orders and their status actions.
  "Query.orders": { method: "GET", path: "/orders", tags: ["orders"] },
  "Query.order": { method: "GET", path: "/orders/:id", tags: ["orders"] },
  "Mutation.createOrder": { method: "POST", path: "/orders", responseStatus: 201, tags: ["orders"] },
  "Mutation.processOrder": { method: "POST", path: "/orders/:id/process", tags: ["orders"] },
  "Mutation.completeOrder": { method: "POST", path: "/orders/:id/complete", tags: ["orders"] },
  "Mutation.cancelOrder": { method: "POST", path: "/orders/:id/cancel", tags: ["orders"] },
  "Mutation.refundOrder": { method: "POST", path: "/orders/:id/refund", tags: ["orders"] },

  // Store connections and sync: seed 004's dashboard paths.
  "Query.connections": { method: "GET", path: "/connections", tags: ["connections"] },
  "Query.connection": { method: "GET", path: "/connections/:id", tags: ["connections"] },
  "Mutation.initiateShopifyConnection": {
    method: "POST",
    path: "/connections/shopify/initiate",
    tags: ["connections"],
  },
  "Mutation.connectWooCommerce": {
    method: "POST",
    path: "/connections/woocommerce",
    responseStatus: 201,
    tags: ["connections"],
  },
  "Mutation.configureProkip": {
    method: "POST",
    path: "/connections/prokip",
    responseStatus: 201,
    tags: ["connections"],
  },
  "Mutation.disconnect": { method: "DELETE", path: "/connections/:id", tags: ["connections"] },
  "Mutation.setConnectionLocation": { method: "PUT", path: "/connections/:id/location", tags: ["connections"] },
  "Mutation.rematchProducts": { method: "POST", path: "/connections/:connectionId/rematch", tags: ["connections"] },
  "Query.webhookReceipts": { method: "GET", path: "/connections/:connectionId/receipts", tags: ["connections"] },
  "Mutation.replayWebhookReceipt": { method: "POST", path: "/receipts/:id/replay", tags: ["connections"] },
  "Query.syncRuns": { method: "GET", path: "/sync/status", tags: ["sync"] },
  "Mutation.triggerSync": { method: "POST", path: "/sync", tags: ["sync"] },
  "Mutation.pullOrders": { method: "POST", path: "/sync/pull-orders", tags: ["sync"] },
  "Mutation.pauseSync": { method: "POST", path: "/sync/pause", tags: ["sync"] },
  "Mutation.resumeSync": { method: "POST", path: "/sync/resume", tags: ["sync"] },

  // Outbound webhooks.
  "Query.webhookEndpoints": { method: "GET", path: "/webhooks", tags: ["webhooks"] },
  "Mutation.createWebhookEndpoint": { method: "POST", path: "/webhooks", responseStatus: 201, tags: ["webhooks"] },
  "Mutation.deleteWebhookEndpoint": { method: "DELETE", path: "/webhooks/:id", tags: ["webhooks"] },
  "Query.webhookDeliveries": { method: "GET", path: "/webhooks/deliveries", tags: ["webhooks"] },
  "Mutation.redeliverWebhook": {
    method: "POST",
    path: "/webhooks/deliveries/:deliveryId/redeliver",
    tags: ["webhooks"],
  },
};
