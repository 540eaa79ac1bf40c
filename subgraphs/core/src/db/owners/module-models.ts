// Written by prisma/module-owners.js from prisma/schema/*.prisma; do not edit.

/** The Prisma delegates (`prisma.<name>`) of each module's own models. */
export interface ModuleModels {
  core: "outboxEvent" | "jobRun";
  catalog: "category" | "product";
  clients: "clientApp" | "client" | "apiKey" | "user" | "familyAccount" | "clientSetting" | "auditLogEntry" | "staffApp" | "refreshToken" | "passwordToken" | "consoleAccount" | "consoleSession" | "loginThrottle";
  integrations: "connection" | "oAuthState" | "webhookReceipt" | "salesLog" | "productMapping" | "inventoryCache" | "syncRun" | "webhookEndpoint" | "webhookDelivery" | "webhookAttempt";
  inventory: "location" | "inventoryLevel" | "inventoryMovement" | "batch";
  orders: "order" | "orderItem" | "unmappedOrderLine" | "orderStatusChange" | "orderCounter";
}
