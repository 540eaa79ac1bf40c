import type { ConsolePage } from "./console-page";
import { auditPages } from "./audit";
import { catalogPages } from "./catalog";
import { explorerPages } from "./explorer";
import { integrationPages } from "./integrations";
import { inventoryPages } from "./inventory";
import { operatorPages } from "./operator";
import { orderPages } from "./orders";
import { peoplePages } from "./people";
import { platformPages } from "./platform";
import { webhookPages } from "./webhooks";

/** Every page of the console, in navigation order; each area lists its own. */
export const consolePages: ConsolePage[] = [
  ...operatorPages,
  ...platformPages,
  ...orderPages,
  ...catalogPages,
  ...inventoryPages,
  ...integrationPages,
  ...webhookPages,
  ...peoplePages,
  ...auditPages,
  ...explorerPages,
];
