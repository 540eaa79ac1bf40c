import { createHmac, timingSafeEqual } from "node:crypto";
import { v7 as uuidv7 } from "uuid";
import { prepared } from "../../../core/src/db/prepared";
import { queryRows } from "../../../core/src/db/row-queries";
import { isUuid } from "../../../core/src/ids";
import { openSecret } from "./connections";
import type { IntegrationDeps } from "./deps";
import { parseStoreJson } from "./store-json";
import { Prisma, type Connection, type IntegrationPlatform, type RootDb } from "../db";

/** What a store delivery asks of us, whatever the platform calls it. */
export type StoreDeliveryAction = "order.created" | "order.cancelled" | "product.updated";

/** A delivery as the shim hands it over: the raw bytes (signed) and the headers it came with. */
export interface InboundDelivery {
  body: Buffer;
  header(name: string): string | undefined;
}

/**
 * The shim's answer. `rejected` is a 401: the sender is not who it claims, and nothing was
 * stored. `invalid` is a 400 for a signed delivery that lacks what we need to store it.
 * `throttled` is a 429: the verified store sent more than its bucket allows, nothing stored.
 */
export type DeliveryOutcome =
  | { kind: "stored"; receiptId: string | null; duplicate: boolean }
  | { kind: "ping" }
  | { kind: "rejected"; reason: string }
  | { kind: "invalid"; reason: string }
  | { kind: "throttled"; retryAfter: number };

/**
 * Asked once a delivery is verified, before it is stored: null admits it, else the seconds
 * the store should wait. The rate limit of a connection lives here so that only deliveries
 * proven to come from that store can spend it.
 */
export type DeliveryAdmission = (connectionId: string) => Promise<{ retryAfter: number } | null>;

const admitAll: DeliveryAdmission = async () => null;

/**
 * base64 HMAC-SHA256 of the raw body, compared in constant time. Both platforms sign this
 * way (Shopify with the app secret, WooCommerce with the webhook's own secret).
 */
export function verifyBodySignature(secret: string, body: Buffer, signature: string | undefined): boolean {
  if (!signature) return false;
  const expected = createHmac("sha256", secret).update(body).digest();
  const given = Buffer.from(signature, "base64");
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/**
 * Which action a delivery calls for, or null when we have nothing to do with it. WooCommerce
 * has no "cancelled" topic: a cancellation arrives as order.updated with status cancelled,
 * and a deleted order is treated as cancelled.
 */
export function storeDeliveryAction(
  platform: IntegrationPlatform,
  topic: string,
  payload: unknown,
): StoreDeliveryAction | null {
  if (platform === "SHOPIFY") {
    if (topic === "orders/create") return "order.created";
    if (topic === "orders/cancelled") return "order.cancelled";
    if (topic === "products/update") return "product.updated";
    return null;
  }
  if (topic === "product.updated") return "product.updated";
  if (topic === "order.created") return "order.created";
  if (topic === "order.deleted") return "order.cancelled";
  if (topic === "order.updated" && (payload as { status?: unknown } | null)?.status === "cancelled") {
    return "order.cancelled";
  }
  return null;
}

/**
 * `POST /webhooks/shopify`: signed with the app's client secret; the shop domain header
 * names the connection (the active one most recently connected, should several tenants have
 * connected the same shop).
 */
export async function receiveShopifyDelivery(
  prisma: RootDb,
  deps: IntegrationDeps,
  delivery: InboundDelivery,
  admit: DeliveryAdmission = admitAll,
): Promise<DeliveryOutcome> {
  const secret = deps.config.shopify.clientSecret;
  if (!secret || !verifyBodySignature(secret, delivery.body, delivery.header("x-shopify-hmac-sha256"))) {
    return { kind: "rejected", reason: "invalid_signature" };
  }
  const shop = delivery.header("x-shopify-shop-domain")?.trim().toLowerCase();
  const connection = shop ? await findShopifyConnection(prisma, `https://${shop}`) : null;
  if (!connection) return { kind: "rejected", reason: "unknown_shop" };
  const throttled = await admit(connection.id);
  if (throttled) return { kind: "throttled", ...throttled };
  return storeReceipt(prisma, connection, {
    deliveryId: delivery.header("x-shopify-webhook-id"),
    topic: delivery.header("x-shopify-topic"),
    body: delivery.body,
  });
}

/** What storing a delivery needs of its connection. */
type DeliveryConnection = Pick<Connection, "id" | "clientId" | "platform">;

/**
 * The connection a Shopify delivery names, read on every delivery: hand-written and prepared,
 * since Prisma's query engine cost the gateway more than the database's own work (issue 19).
 */
async function findShopifyConnection(prisma: RootDb, storeUrl: string): Promise<DeliveryConnection | null> {
  const [row] = await queryRows<DeliveryConnection>(
    prisma,
    prepared(Prisma.sql`
      select id, "clientId", platform::text as platform from "Connection"
      where platform = 'SHOPIFY' and "storeUrl" = ${storeUrl} and status in ('ACTIVE', 'PAUSED')
      order by "updatedAt" desc limit 1`),
  );
  return row ?? null;
}

/** A WooCommerce connection with the secret its deliveries are signed with. */
type SigningConnection = DeliveryConnection & Pick<Connection, "webhookSecretEnc">;

/** The connection a WooCommerce delivery's URL names, read on every delivery: as above. */
async function findWooCommerceConnection(prisma: RootDb, id: string): Promise<SigningConnection | null> {
  const [row] = await queryRows<SigningConnection>(
    prisma,
    prepared(Prisma.sql`
      select id, "clientId", platform::text as platform, "webhookSecretEnc" from "Connection"
      where id = ${id}::uuid and platform = 'WOOCOMMERCE' and status in ('ACTIVE', 'PAUSED')`),
  );
  return row ?? null;
}

// WooCommerce checks a new webhook's URL with a form post `webhook_id=<id>`, unsigned.
const wooCommercePing = /^webhook_id=\d+$/;

/** `POST /webhooks/woocommerce/:connectionId`: signed with that connection's webhook secret. */
export async function receiveWooCommerceDelivery(
  prisma: RootDb,
  deps: IntegrationDeps,
  connectionId: string,
  delivery: InboundDelivery,
  admit: DeliveryAdmission = admitAll,
): Promise<DeliveryOutcome> {
  const signature = delivery.header("x-wc-webhook-signature");
  if (!signature && wooCommercePing.test(delivery.body.toString("utf8").trim())) return { kind: "ping" };
  const connection = isUuid(connectionId) ? await findWooCommerceConnection(prisma, connectionId) : null;
  const secret = connection ? openSecret(deps.secretBox, connection, "webhookSecretEnc") : null;
  if (!connection || !secret || !verifyBodySignature(secret, delivery.body, signature)) {
    return { kind: "rejected", reason: "invalid_signature" };
  }
  const throttled = await admit(connection.id);
  if (throttled) return { kind: "throttled", ...throttled };
  return storeReceipt(prisma, connection, {
    deliveryId: delivery.header("x-wc-webhook-delivery-id"),
    topic: delivery.header("x-wc-webhook-topic"),
    body: delivery.body,
  });
}

/**
 * Stores a verified delivery for the worker, in one statement: a redelivery (same connection
 * and delivery id) inserts nothing. A delivery we can never process is stored FAILED with
 * the reason and still answered 200, since the store would only send the same bytes again:
 * a body that is not JSON, or one holding a NUL character, which PostgreSQL's text and jsonb
 * refuse (22P05: answered 500 before, so the store retried for days).
 */
async function storeReceipt(
  prisma: RootDb,
  connection: DeliveryConnection,
  delivery: { deliveryId: string | undefined; topic: string | undefined; body: Buffer },
): Promise<DeliveryOutcome> {
  const { deliveryId, topic } = delivery;
  if (!deliveryId || !topic) return { kind: "invalid", reason: "missing_delivery_headers" };
  const read = readDeliveryBody(delivery.body.toString("utf8"));
  const status = read.failure
    ? "FAILED"
    : storeDeliveryAction(connection.platform, topic, read.payload)
      ? "RECEIVED"
      : "IGNORED";
  const id = uuidv7();
  // Prepared, and through the driver: every delivery sends this same text, and Prisma's
  // raw-statement path cost the gateway more than the statement (issue 19).
  const inserted = await queryRows<{ id: string }>(
    prisma,
    prepared(Prisma.sql`
    INSERT INTO "WebhookReceipt"
      ("id", "clientId", "connectionId", "platform", "deliveryId", "topic", "status", "payload", "lastError",
       "processedAt")
    VALUES (${id}::uuid, ${connection.clientId}::uuid, ${connection.id}::uuid,
      ${connection.platform}::"IntegrationPlatform", ${deliveryId}, ${topic},
      ${status}::"WebhookReceiptStatus", ${JSON.stringify(read.payload)}::jsonb, ${read.failure}::text,
      ${status === "RECEIVED" ? null : new Date()}::timestamptz)
    ON CONFLICT ("connectionId", "deliveryId") DO NOTHING
    RETURNING "id"`),
  );
  return { kind: "stored", receiptId: inserted.length > 0 ? id : null, duplicate: inserted.length === 0 };
}

/**
 * The payload as stored: parsed with store ids exact (store-json.ts), or, when it cannot be
 * processed, the text itself (with any NUL made U+FFFD so that it can be stored) and why.
 */
function readDeliveryBody(text: string): { payload: unknown; failure: string | null } {
  let payload: unknown;
  try {
    payload = parseStoreJson(text);
  } catch (error) {
    return { payload: storableText(text), failure: `The body is not JSON: ${(error as Error).message}` };
  }
  if (holdsNul(payload)) return { payload: storableText(text), failure: nulFailure };
  return { payload, failure: null };
}

const nulFailure = "The body holds a NUL character (\\u0000), which cannot be stored or processed";

const storableText = (text: string) => text.replaceAll("\0", "\uFFFD");

/** Whether a NUL is in any string or key of a parsed JSON value. */
function holdsNul(value: unknown): boolean {
  if (typeof value === "string") return value.includes("\0");
  if (Array.isArray(value)) return value.some(holdsNul);
  if (value !== null && typeof value === "object") {
    return Object.entries(value).some(([key, item]) => key.includes("\0") || holdsNul(item));
  }
  return false;
}

/**
 * Stores orders a pull found as if their `orders/create` webhooks had arrived, for the same
 * worker: an order pulled twice, or pulled after its webhook came, becomes one order (the
 * receipt is unique per delivery id, the SalesLog per store order). Returns how many were new.
 */
export async function storePulledOrders(
  prisma: RootDb,
  connection: Connection,
  orders: readonly { deliveryId: string; topic: string; payload: unknown }[],
): Promise<number> {
  if (orders.length === 0) return 0;
  const { count } = await prisma.webhookReceipt.createMany({
    data: orders.map((order) => {
      // A pulled order holding a NUL is kept FAILED like a delivered one: one such order
      // must not fail the whole pull, run after run.
      const unstorable = holdsNul(order.payload);
      return {
        clientId: connection.clientId,
        connectionId: connection.id,
        platform: connection.platform,
        deliveryId: order.deliveryId,
        topic: order.topic,
        payload: (unstorable ? JSON.stringify(order.payload) : order.payload) as object,
        ...(unstorable && { status: "FAILED" as const, lastError: nulFailure, processedAt: new Date() }),
      };
    }),
    skipDuplicates: true,
  });
  return count;
}
