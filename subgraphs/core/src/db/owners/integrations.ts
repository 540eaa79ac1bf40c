// Written by prisma/module-owners.js from prisma/schema/*.prisma; do not edit.

export type { Connection, OAuthState, WebhookReceipt, SalesLog, ProductMapping, InventoryCache, SyncRun, WebhookEndpoint, WebhookDelivery, WebhookAttempt } from "../generated/client";
export { IntegrationPlatform, ConnectionStatus, WebhookReceiptStatus, SyncRunStatus, WebhookDeliveryStatus } from "../generated/client";
