import { createHmac, randomBytes } from "node:crypto";
import { v7 as uuidv7 } from "uuid";
import type { TenantAuth } from "../../../core/src/auth/context";
import type { SecretBox } from "../../../core/src/crypto/secret-box";
import { badInput, notFound } from "../../../core/src/errors";
import type { DomainEvent, EventType } from "../../../core/src/events/types";
import { keysetPage, type Connection, type PageArgs } from "../../../core/src/graphql/pagination";
import { isUuid } from "../../../core/src/ids";
import { recordAudit } from "../../../clients/src/public";
import type { IntegrationDeps } from "./deps";
import { assertPublicHost } from "./public-host";
import type { Db, RootDb, WebhookDelivery, WebhookEndpoint, Tx } from "../db";

/** The events a tenant's endpoints can subscribe to (platform events such as apikey.revoked are not theirs). */
export const webhookEventTypes: readonly EventType[] = [
  "stock.changed",
  "order.created",
  "order.status_changed",
  "product.published",
  "product.updated",
  "product.archived",
];

export const isWebhookEventType = (type: string): type is EventType =>
  (webhookEventTypes as readonly string[]).includes(type);

/**
 * Queues one PENDING delivery per active endpoint of each event's tenant subscribed to its
 * type. The dispatcher runs this in the transaction that marks the events published, so the
 * deliveries exist exactly when the events count as published, whatever crashes when. It can
 * run twice for an event (a dispatcher that died before marking): (endpointId, eventId) is
 * unique, and the second insert does nothing.
 */
export async function queueWebhookDeliveries(tx: Tx, events: readonly DomainEvent[]): Promise<void> {
  const tenantEvents = events.filter((event) => event.clientId !== null && isWebhookEventType(event.type));
  if (tenantEvents.length === 0) return;
  const endpoints = await tx.webhookEndpoint.findMany({
    where: {
      clientId: { in: [...new Set(tenantEvents.map((event) => event.clientId!))] },
      isActive: true,
      events: { hasSome: [...new Set(tenantEvents.map((event) => event.type))] },
    },
    select: { id: true, clientId: true, events: true },
  });
  const rows = tenantEvents.flatMap((event) =>
    endpoints
      .filter((endpoint) => endpoint.clientId === event.clientId && endpoint.events.includes(event.type))
      .map((endpoint) => ({ endpoint, event })),
  );
  if (rows.length === 0) return;
  await tx.$executeRaw`
    INSERT INTO "WebhookDelivery" ("id", "clientId", "endpointId", "eventId", "eventType", "payload")
    SELECT * FROM unnest(
      ${rows.map(() => uuidv7())}::uuid[], ${rows.map((row) => row.event.clientId)}::uuid[],
      ${rows.map((row) => row.endpoint.id)}::uuid[], ${rows.map((row) => row.event.id)}::uuid[],
      ${rows.map((row) => row.event.type)}::text[], ${rows.map((row) => JSON.stringify(row.event.payload))}::jsonb[])
    ON CONFLICT ("endpointId", "eventId") DO NOTHING`;
}

const secretPrefix = "whsec_";

/** A Standard Webhooks signing secret: `whsec_` + base64 of 24 random bytes. */
export function generateWebhookSecret(): string {
  return secretPrefix + randomBytes(24).toString("base64");
}

const secretContext = (clientId: string) => `WebhookEndpoint.secretEnc:${clientId}`;

export function sealWebhookSecret(box: SecretBox, clientId: string, secret: string): string {
  return box.seal(secret, secretContext(clientId));
}

export function openWebhookSecret(box: SecretBox, endpoint: WebhookEndpoint): string {
  return box.open(endpoint.secretEnc, secretContext(endpoint.clientId));
}

/**
 * `v1,<base64 HMAC-SHA256 of "<id>.<timestamp>.<body>">`, keyed with the base64-decoded part
 * of the secret after `whsec_` (the Standard Webhooks rule).
 */
export function signWebhook(secret: string, id: string, timestamp: number, body: string): string {
  const key = Buffer.from(secret.startsWith(secretPrefix) ? secret.slice(secretPrefix.length) : secret, "base64");
  return `v1,${createHmac("sha256", key).update(`${id}.${timestamp}.${body}`).digest("base64")}`;
}

/**
 * Parses a webhook URL and, unless private targets are allowed, refuses one whose host is or
 * resolves to a private, loopback or link-local address. Checked when an endpoint is saved
 * and again before every delivery (DNS may have changed since).
 */
export async function checkWebhookUrl(input: string, allowPrivate: boolean): Promise<string> {
  let url: URL;
  try {
    url = new URL(input.trim());
  } catch {
    throw badInput("url must be an http(s) URL", { field: "url" });
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") {
    throw badInput("url must be an http(s) URL", { field: "url" });
  }
  if (url.username || url.password) throw badInput("url must not contain credentials", { field: "url" });
  if (!allowPrivate) await assertPublicHost(url, "url");
  return url.toString();
}

/** An endpoint as the audit log records it: everything but the sealed secret. */
function auditView(endpoint: WebhookEndpoint): Partial<WebhookEndpoint> {
  const { secretEnc: _secret, ...view } = endpoint;
  return view;
}

export interface CreateWebhookEndpointArgs {
  url: string;
  events: string[];
}

/** Saves an endpoint and returns its signing secret, which is never shown again. */
export async function createWebhookEndpoint(
  prisma: RootDb,
  deps: IntegrationDeps,
  auth: TenantAuth,
  input: CreateWebhookEndpointArgs,
): Promise<{ endpoint: WebhookEndpoint; secret: string }> {
  const events = [...new Set(input.events.map((event) => event.trim()))];
  if (events.length === 0) throw badInput("events must name at least one event type", { field: "events" });
  const unknown = events.filter((event) => !isWebhookEventType(event));
  if (unknown.length > 0) {
    throw badInput(`Unknown event types: ${unknown.join(", ")}`, { field: "events", known: [...webhookEventTypes] });
  }
  const url = await checkWebhookUrl(input.url, deps.config.webhooksAllowPrivate);
  const secret = generateWebhookSecret();
  const endpoint = await prisma.$transaction(async (tx) => {
    const created = await tx.webhookEndpoint.create({
      data: {
        clientId: auth.clientId,
        url,
        events,
        secretEnc: sealWebhookSecret(deps.secretBox, auth.clientId, secret),
      },
    });
    await recordAudit(tx, auth, {
      action: "webhook_endpoint.created",
      entityType: "WebhookEndpoint",
      entityId: created.id,
      after: auditView(created),
    });
    return created;
  });
  return { endpoint, secret };
}

export function listWebhookEndpoints(db: Db, auth: TenantAuth): Promise<WebhookEndpoint[]> {
  return db.webhookEndpoint.findMany({ where: { clientId: auth.clientId }, orderBy: { id: "asc" } });
}

async function findOwnEndpoint(db: Db, auth: TenantAuth, id: string): Promise<WebhookEndpoint> {
  const endpoint = isUuid(id) ? await db.webhookEndpoint.findFirst({ where: { id, clientId: auth.clientId } }) : null;
  if (!endpoint) throw notFound("WebhookEndpoint", id);
  return endpoint;
}

/** Deletes the endpoint with its deliveries and their attempts. */
export async function deleteWebhookEndpoint(tx: Tx, auth: TenantAuth, id: string): Promise<boolean> {
  const endpoint = await findOwnEndpoint(tx, auth, id);
  const deliveries = await tx.webhookDelivery.findMany({ where: { endpointId: endpoint.id }, select: { id: true } });
  await tx.webhookAttempt.deleteMany({ where: { deliveryId: { in: deliveries.map((delivery) => delivery.id) } } });
  await tx.webhookDelivery.deleteMany({ where: { endpointId: endpoint.id } });
  await tx.webhookEndpoint.delete({ where: { id: endpoint.id } });
  await recordAudit(tx, auth, {
    action: "webhook_endpoint.deleted",
    entityType: "WebhookEndpoint",
    entityId: endpoint.id,
    before: auditView(endpoint),
  });
  return true;
}

/** The tenant's deliveries, newest first, optionally of one endpoint. */
export function listWebhookDeliveries(
  db: Db,
  auth: TenantAuth,
  endpointId: string | null | undefined,
  page: PageArgs,
): Promise<Connection<WebhookDelivery>> {
  if (endpointId && !isUuid(endpointId)) throw notFound("WebhookEndpoint", endpointId);
  const filter = { clientId: auth.clientId, ...(endpointId ? { endpointId } : {}) };
  return keysetPage(
    page,
    (query) => db.webhookDelivery.findMany({ ...query, where: { ...filter, ...query.where } }),
    () => db.webhookDelivery.count({ where: filter }),
    "desc",
  );
}

/** Queues a delivery again, due now, whatever became of it. */
export async function redeliverWebhook(tx: Tx, auth: TenantAuth, deliveryId: string): Promise<WebhookDelivery> {
  const before = isUuid(deliveryId)
    ? await tx.webhookDelivery.findFirst({ where: { id: deliveryId, clientId: auth.clientId } })
    : null;
  if (!before) throw notFound("WebhookDelivery", deliveryId);
  const endpoint = await findOwnEndpoint(tx, auth, before.endpointId);
  if (!endpoint.isActive) {
    throw badInput("The endpoint is disabled", { field: "deliveryId", reason: endpoint.disabledReason });
  }
  const delivery = await tx.webhookDelivery.update({
    where: { id: before.id },
    data: { status: "PENDING", nextAttemptAt: new Date(), deliveredAt: null },
  });
  await recordAudit(tx, auth, {
    action: "webhook_delivery.redelivered",
    entityType: "WebhookDelivery",
    entityId: delivery.id,
    before: { status: before.status, attempts: before.attempts },
    after: { status: delivery.status, attempts: delivery.attempts },
  });
  return delivery;
}
