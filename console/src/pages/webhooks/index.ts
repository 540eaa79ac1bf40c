import type { ConsolePage } from "../console-page";
import { WebhookDeliveriesPage } from "./deliveries-page";
import { WebhookEndpointsPage } from "./endpoints-page";

const owners = ["OWNER", "ADMIN"];

export const webhookPages: ConsolePage[] = [
  {
    path: "/webhooks",
    title: "Outbound webhooks",
    levels: ["TENANT_STAFF"],
    roles: owners,
    component: WebhookEndpointsPage,
  },
  {
    path: "/webhooks/:id",
    title: "Webhook deliveries",
    levels: ["TENANT_STAFF"],
    roles: owners,
    component: WebhookDeliveriesPage,
  },
];
