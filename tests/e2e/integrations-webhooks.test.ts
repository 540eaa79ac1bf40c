import { createHmac, randomUUID } from "node:crypto";
import type { WebhookReceipt } from "../../subgraphs/core/src/db/generated/client";
import { startFakeShopify, type FakeShopify } from "../fakes/shopify";
import { startFakeWooCommerce, type FakeWooCommerce } from "../fakes/woocommerce";
import { createLocation, createPublishedProduct, setStock } from "../helpers/commerce";
import { connectShopifyShop, connectWooCommerceStore, integrationConfig, shopifyApp } from "../helpers/integrations";
import { startStack, type TestStack } from "../helpers/stack";
import { createTenant, type Tenant } from "../helpers/tenants";
import { waitFor } from "../helpers/wait";

let stack: TestStack;
let shopify: FakeShopify;
let woo: FakeWooCommerce;
let merchant: Tenant;
let shopifyConnectionId: string;
let wooConnectionId: string;

const shop = "webhook-test.myshopify.com";
const wooKeys = {
  consumerKey: "ck_1a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d7e8f9a0b",
  consumerSecret: "cs_9f8e7d6c5b4a3f2e1d0c9b8a7f6e5d4c3b2a1f0e",
};

beforeAll(async () => {
  shopify = await startFakeShopify({ shop, ...shopifyApp });
  woo = await startFakeWooCommerce(wooKeys);
  // No workers: the first test proves the shim only stores, and starts the worker itself.
  stack = await startStack({ config: await integrationConfig({ shopifyBaseUrl: shopify.url }), dispatcher: false });
  merchant = await createTenant(stack.http);
  const location = await createLocation(merchant.api, "MAIN");
  for (const sku of ["IPOD2008GREEN", "IPOD2008BLACK"]) {
    await setStock(merchant.api, await createPublishedProduct(merchant.api, sku, "199.00"), location, 10);
  }
  shopifyConnectionId = await connectShopifyShop(merchant.api, shop);
  wooConnectionId = await connectWooCommerceStore(merchant.api, { storeUrl: woo.url, ...wooKeys });
});
afterAll(async () => {
  await stack.stop();
  await shopify.stop();
  await woo.stop();
});

const prisma = () => stack.database.db.prisma;
const origin = () => stack.config.publicUrl!;
const sign = (secret: string, body: string) => createHmac("sha256", secret).update(body).digest("base64");

let nextShopifyOrderId = 5_912_450_789_000;

/** An orders/create body shaped like Shopify's documented example (abridged). */
function shopifyOrder(lines: { sku: string; quantity: number }[], id = ++nextShopifyOrderId) {
  return {
    id,
    admin_graphql_api_id: `gid://shopify/Order/${id}`,
    email: "jon@example.com",
    name: `#${id % 10_000}`,
    order_number: id % 10_000,
    created_at: "2026-11-22T02:00:00-05:00",
    currency: "USD",
    financial_status: "paid",
    fulfillment_status: null,
    total_price: "398.00",
    customer: { id: 7_305_442_181_394, email: "jon@example.com", first_name: "Jon", last_name: "Doe" },
    line_items: lines.map((line, index) => ({
      id: 15_066_550_311_000 + index,
      variant_id: 808950810 + index,
      product_id: 632910392,
      title: "IPod Nano - 8GB",
      sku: line.sku,
      quantity: line.quantity,
      price: "199.00",
      vendor: null,
    })),
  };
}

function postShopify(
  topic: string,
  payload: unknown,
  options: { webhookId?: string; secret?: string; shopDomain?: string; raw?: string } = {},
) {
  const body = options.raw ?? JSON.stringify(payload);
  return fetch(`${origin()}/webhooks/shopify`, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      "x-shopify-topic": topic,
      "x-shopify-hmac-sha256": sign(options.secret ?? shopifyApp.clientSecret, body),
      "x-shopify-shop-domain": options.shopDomain ?? shop,
      "x-shopify-webhook-id": options.webhookId ?? randomUUID(),
      "x-shopify-api-version": stack.config.shopify.apiVersion,
      "x-shopify-triggered-at": new Date().toISOString(),
    },
    body,
  });
}

function postWooCommerce(topic: string, payload: unknown, options: { secret?: string; deliveryId?: string } = {}) {
  const body = JSON.stringify(payload);
  const secret = options.secret ?? woo.webhooks[0]!.secret;
  return fetch(`${origin()}/webhooks/woocommerce/${wooConnectionId}`, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      "x-wc-webhook-source": `${woo.url}/`,
      "x-wc-webhook-topic": topic,
      "x-wc-webhook-resource": topic.split(".")[0]!,
      "x-wc-webhook-event": topic.split(".")[1]!,
      "x-wc-webhook-signature": sign(secret, body),
      "x-wc-webhook-id": String(woo.webhooks[0]!.id),
      "x-wc-webhook-delivery-id": options.deliveryId ?? String(Math.floor(Math.random() * 1e9)),
    },
    body,
  });
}

const receipts = () => prisma().webhookReceipt.findMany({ orderBy: { id: "asc" } });
const receiptFor = (deliveryId: string) => prisma().webhookReceipt.findFirstOrThrow({ where: { deliveryId } });
const ordersOf = (externalId: string) =>
  prisma().order.findMany({ where: { clientId: merchant.clientId, externalId }, include: { items: true } });

/** Waits until the worker has finished with the receipt (no timing is asserted). */
async function settled(deliveryId: string): Promise<WebhookReceipt> {
  await waitFor(
    async () => (await receiptFor(deliveryId)).status !== "RECEIVED",
    30_000,
    `receipt ${deliveryId} to be processed`,
  );
  return receiptFor(deliveryId);
}

describe("a Shopify shop sends its order webhooks", () => {
  const webhookId = randomUUID();
  const order = shopifyOrder([
    { sku: "IPOD2008GREEN", quantity: 1 },
    { sku: "IPOD2008BLACK", quantity: 2 },
  ]);

  test("the shim answers once the receipt is stored; the order is made later, by the worker", async () => {
    const response = await postShopify("orders/create", order, { webhookId });
    expect(response.status).toBe(200);
    const stored = await receiptFor(webhookId);
    expect(stored).toMatchObject({
      connectionId: shopifyConnectionId,
      clientId: merchant.clientId,
      platform: "SHOPIFY",
      topic: "orders/create",
      status: "RECEIVED",
      attempts: 0,
      orderId: null,
    });
    expect(await ordersOf(String(order.id))).toHaveLength(0);

    let wakes = 0;
    const unsubscribe = stack.database.db.outbox.onCommitted(() => wakes++);
    stack.startWebhookWorker();
    const processed = await settled(webhookId);
    expect(processed).toMatchObject({ status: "PROCESSED", attempts: 1, lastError: null, unmappedSkus: [] });
    // The new order's events need not wait for the dispatcher's poll: the worker wakes it.
    await waitFor(async () => wakes > 0, 10_000, "the webhook worker to wake the outbox dispatcher");
    unsubscribe();

    const orders = await ordersOf(String(order.id));
    expect(orders).toHaveLength(1);
    expect(orders[0]).toMatchObject({
      id: processed.orderId,
      source: "SHOPIFY",
      externalId: String(order.id),
      status: "PENDING",
      customerEmail: "jon@example.com",
    });
    expect(orders[0]!.items.map((item) => [item.sku, item.quantity]).sort()).toEqual([
      ["IPOD2008BLACK", 2],
      ["IPOD2008GREEN", 1],
    ]);
    const sales = await prisma().salesLog.findMany({ where: { connectionId: shopifyConnectionId } });
    expect(sales).toEqual([expect.objectContaining({ externalOrderId: String(order.id), orderId: processed.orderId })]);
  });

  test("the same delivery again stores nothing; the same order under a new webhook id makes nothing more", async () => {
    const before = await receipts();
    expect((await postShopify("orders/create", order, { webhookId })).status).toBe(200);
    expect(await receipts()).toEqual(before);

    const redeliveryId = randomUUID();
    expect((await postShopify("orders/create", order, { webhookId: redeliveryId })).status).toBe(200);
    const again = await settled(redeliveryId);
    expect(again.status).toBe("PROCESSED");
    expect(await ordersOf(String(order.id))).toHaveLength(1);
    expect(await prisma().salesLog.count({ where: { connectionId: shopifyConnectionId } })).toBe(1);
  });

  test("a wrong HMAC, a missing one or an unknown shop gets 401 and nothing is stored", async () => {
    const before = await prisma().webhookReceipt.count();
    const forged = await postShopify("orders/create", shopifyOrder([{ sku: "IPOD2008GREEN", quantity: 1 }]), {
      secret: "shpss_not_the_app_secret",
    });
    expect(forged.status).toBe(401);
    const unsigned = await fetch(`${origin()}/webhooks/shopify`, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "x-shopify-topic": "orders/create",
        "x-shopify-shop-domain": shop,
      },
      body: JSON.stringify(shopifyOrder([])),
    });
    expect(unsigned.status).toBe(401);
    const stranger = await postShopify("orders/create", shopifyOrder([]), { shopDomain: "someone-else.myshopify.com" });
    expect(stranger.status).toBe(401);
    expect(await prisma().webhookReceipt.count()).toBe(before);
  });

  test("a topic we do not handle is answered 200 and recorded IGNORED", async () => {
    const webhookId = randomUUID();
    const response = await postShopify(
      "customers/create",
      { id: 7_064_055_069_303, email: "bob@example.com" },
      {
        webhookId,
      },
    );
    expect(response.status).toBe(200);
    expect(await receiptFor(webhookId)).toMatchObject({ status: "IGNORED", topic: "customers/create" });
  });

  test("SKUs that match no product are reported on the receipt and kept on the order beside the lines that match", async () => {
    const partial = shopifyOrder([
      { sku: "IPOD2008GREEN", quantity: 1 },
      { sku: "NOT-IN-CATALOG", quantity: 3 },
    ]);
    const webhookId = randomUUID();
    await postShopify("orders/create", partial, { webhookId });
    const receipt = await settled(webhookId);
    expect(receipt).toMatchObject({ status: "PROCESSED", unmappedSkus: ["NOT-IN-CATALOG"] });
    const [placed] = await ordersOf(String(partial.id));
    expect(placed!.items.map((item) => item.sku)).toEqual(["IPOD2008GREEN"]);
    // The unknown line is not dropped: the order keeps it, with no stock reserved.
    const unmapped = await prisma().unmappedOrderLine.findMany({ where: { orderId: placed!.id } });
    expect(unmapped).toEqual([expect.objectContaining({ sku: "NOT-IN-CATALOG", quantity: 3 })]);

    const nothingMaps = shopifyOrder([{ sku: "GHOST", quantity: 1 }]);
    const ghostId = randomUUID();
    await postShopify("orders/create", nothingMaps, { webhookId: ghostId });
    expect(await settled(ghostId)).toMatchObject({ status: "PROCESSED", orderId: null, unmappedSkus: ["GHOST"] });
    expect(await ordersOf(String(nothingMaps.id))).toHaveLength(0);
  });

  test("orders/cancelled cancels the order the store order became", async () => {
    const webhookId = randomUUID();
    await postShopify(
      "orders/cancelled",
      { ...order, cancelled_at: "2026-11-22T03:00:00-05:00", cancel_reason: "customer" },
      {
        webhookId,
      },
    );
    expect(await settled(webhookId)).toMatchObject({ status: "PROCESSED" });
    const [cancelled] = await ordersOf(String(order.id));
    expect(cancelled!.status).toBe("CANCELLED");
  });

  test("an order we cannot fill fails at once with the reason, without retries", async () => {
    const tooMany = shopifyOrder([{ sku: "IPOD2008GREEN", quantity: 1000 }]);
    const webhookId = randomUUID();
    await postShopify("orders/create", tooMany, { webhookId });
    const receipt = await settled(webhookId);
    expect(receipt).toMatchObject({ status: "FAILED", attempts: 1, orderId: null });
    expect(receipt.lastError).toMatch(/Not enough stock/);
    expect(await prisma().salesLog.count({ where: { externalOrderId: String(tooMany.id) } })).toBe(0);
  });

  test("a signed body that is not JSON is answered 200 and kept FAILED with the error", async () => {
    const webhookId = randomUUID();
    const response = await postShopify("orders/create", null, { webhookId, raw: "{not json" });
    expect(response.status).toBe(200);
    const receipt = await receiptFor(webhookId);
    expect(receipt.status).toBe("FAILED");
    expect(receipt.lastError).toMatch(/not JSON/);
  });

  test("a signed body holding a NUL byte is answered without a 500, and the next delivery is stored as ever", async () => {
    // PostgreSQL's jsonb refuses \u0000: the receipt's prepared insert must fail for this delivery only.
    const hostile = randomUUID();
    const response = await postShopify("orders/create", null, { webhookId: hostile, raw: '{"note":"\\u0000"}' });
    expect(response.status).toBeLessThan(500);
    const next = randomUUID();
    expect((await postShopify("shop/update", { id: 1 }, { webhookId: next })).status).toBe(200);
    expect((await receiptFor(next)).deliveryId).toBe(next);
  });
});

describe("a WooCommerce store sends its order webhooks", () => {
  const wooOrder = {
    id: 727,
    parent_id: 0,
    number: "727",
    status: "processing",
    currency: "USD",
    total: "199.00",
    billing: { first_name: "John", last_name: "Doe", email: "john.doe@example.com" },
    line_items: [{ id: 315, name: "Woo Single #1", product_id: 93, quantity: 1, sku: "IPOD2008BLACK", price: 199 }],
  };

  test("WooCommerce's ping when the webhook is created is answered 200 and stores nothing", async () => {
    const before = await prisma().webhookReceipt.count();
    const response = await fetch(`${origin()}/webhooks/woocommerce/${wooConnectionId}`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: `webhook_id=${woo.webhooks[0]!.id}`,
    });
    expect(response.status).toBe(200);
    expect(await prisma().webhookReceipt.count()).toBe(before);
  });

  test("a delivery signed with the connection's secret makes a WooCommerce order", async () => {
    const deliveryId = "d4e5f6a7-woo-1";
    expect((await postWooCommerce("order.created", wooOrder, { deliveryId })).status).toBe(200);
    const receipt = await settled(deliveryId);
    expect(receipt).toMatchObject({ status: "PROCESSED", platform: "WOOCOMMERCE", connectionId: wooConnectionId });
    const [placed] = await ordersOf("727");
    expect(placed).toMatchObject({ source: "WOOCOMMERCE", customerEmail: "john.doe@example.com" });

    const cancelId = "d4e5f6a7-woo-2";
    await postWooCommerce("order.updated", { ...wooOrder, status: "cancelled" }, { deliveryId: cancelId });
    expect(await settled(cancelId)).toMatchObject({ status: "PROCESSED", orderId: placed!.id });
    expect((await ordersOf("727"))[0]!.status).toBe("CANCELLED");
  });

  test("a wrong signature or another connection's id gets 401 and nothing is stored", async () => {
    const before = await prisma().webhookReceipt.count();
    expect((await postWooCommerce("order.created", wooOrder, { secret: "not-the-secret" })).status).toBe(401);
    const elsewhere = await fetch(`${origin()}/webhooks/woocommerce/${shopifyConnectionId}`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-wc-webhook-signature": sign("x", "{}") },
      body: "{}",
    });
    expect(elsewhere.status).toBe(401);
    expect(await prisma().webhookReceipt.count()).toBe(before);
  });
});
