import { createHmac, randomUUID } from "node:crypto";
import { startFakeShopify, type FakeShopify } from "../fakes/shopify";
import { startFakeWooCommerce, type FakeWooCommerce } from "../fakes/woocommerce";
import { connectShopifyShop, connectWooCommerceStore, integrationConfig, shopifyApp } from "../helpers/integrations";
import { startStack, type TestStack } from "../helpers/stack";
import { createTenant } from "../helpers/tenants";

/**
 * The seeds' store webhook paths (`/connections/webhook/shopify`, `/connections/webhook/woocommerce/:id`),
 * also under `/api/v1`, are aliases of ours: the same handler verifies, limits and dedupes.
 * What we register with the stores stays our own path.
 */

let stack: TestStack;
let shopify: FakeShopify;
let woo: FakeWooCommerce;
let shopifyConnectionId: string;
let wooConnectionId: string;

const shop = "alias-test.myshopify.com";
const wooKeys = {
  consumerKey: "ck_0a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6e7f8a9b",
  consumerSecret: "cs_a9f8e7d6c5b4a3f2e1d0c9b8a7f6e5d4c3b2a1f0",
};

beforeAll(async () => {
  shopify = await startFakeShopify({ shop, ...shopifyApp });
  woo = await startFakeWooCommerce(wooKeys);
  // No workers: these tests are about receiving, and receipts stay RECEIVED.
  stack = await startStack({ config: await integrationConfig({ shopifyBaseUrl: shopify.url }), dispatcher: false });
  const merchant = await createTenant(stack.http);
  shopifyConnectionId = await connectShopifyShop(merchant.api, shop);
  wooConnectionId = await connectWooCommerceStore(merchant.api, { storeUrl: woo.url, ...wooKeys });
});
afterAll(async () => {
  await stack?.stop();
  await shopify?.stop();
  await woo?.stop();
});

const origin = () => stack.config.publicUrl!;
const prisma = () => stack.database.db.prisma;
const sign = (secret: string, body: string) => createHmac("sha256", secret).update(body).digest("base64");
const receiptsFor = (deliveryId: string) => prisma().webhookReceipt.findMany({ where: { deliveryId } });

const shopifyPaths = ["/connections/webhook/shopify", "/api/v1/connections/webhook/shopify"];
const wooPrefixes = ["/connections/webhook/woocommerce", "/api/v1/connections/webhook/woocommerce"];

function postShopify(path: string, webhookId: string, options: { secret?: string } = {}) {
  const body = JSON.stringify({ id: 4_001, line_items: [] });
  return fetch(`${origin()}${path}`, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      "x-shopify-topic": "orders/create",
      "x-shopify-hmac-sha256": sign(options.secret ?? shopifyApp.clientSecret, body),
      "x-shopify-shop-domain": shop,
      "x-shopify-webhook-id": webhookId,
    },
    body,
  });
}

function postWooCommerce(prefix: string, deliveryId: string, options: { secret?: string } = {}) {
  const body = JSON.stringify({ id: 5_001, line_items: [] });
  return fetch(`${origin()}${prefix}/${wooConnectionId}`, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      "x-wc-webhook-topic": "order.created",
      "x-wc-webhook-signature": sign(options.secret ?? woo.webhooks[0]!.secret, body),
      "x-wc-webhook-delivery-id": deliveryId,
    },
    body,
  });
}

/** Status and body, to compare an alias's answer with the old path's. */
async function answerOf(response: Promise<Response>): Promise<{ status: number; body: unknown }> {
  const settled = await response;
  return { status: settled.status, body: (await settled.json()) as unknown };
}

describe("Shopify deliveries on the seeds' paths", () => {
  test("what we register with the shop is still /webhooks/shopify", () => {
    expect(shopify.webhooks.length).toBeGreaterThan(0);
    for (const webhook of shopify.webhooks) expect(webhook.address).toBe(`${origin()}/webhooks/shopify`);
  });

  test.each(shopifyPaths)("a signed delivery to %s is accepted and recorded once", async (path) => {
    const webhookId = randomUUID();
    expect(await answerOf(postShopify(path, webhookId))).toEqual({ status: 200, body: { ok: true } });
    expect(await answerOf(postShopify(path, webhookId))).toEqual({ status: 200, body: { ok: true } });
    const receipts = await receiptsFor(webhookId);
    expect(receipts).toHaveLength(1);
    expect(receipts[0]).toMatchObject({
      platform: "SHOPIFY",
      connectionId: shopifyConnectionId,
      topic: "orders/create",
    });
  });

  test("a delivery to /webhooks/shopify and again to each alias is one receipt", async () => {
    const webhookId = randomUUID();
    expect((await postShopify("/webhooks/shopify", webhookId)).status).toBe(200);
    for (const path of shopifyPaths) expect((await postShopify(path, webhookId)).status).toBe(200);
    expect(await receiptsFor(webhookId)).toHaveLength(1);
  });

  test("a bad signature gets the old path's refusal on each alias, and nothing is stored", async () => {
    const oldPath = await answerOf(postShopify("/webhooks/shopify", randomUUID(), { secret: "shpss_wrong" }));
    expect(oldPath.status).toBe(401);
    for (const path of shopifyPaths) {
      const webhookId = randomUUID();
      expect(await answerOf(postShopify(path, webhookId, { secret: "shpss_wrong" }))).toEqual(oldPath);
      expect(await receiptsFor(webhookId)).toHaveLength(0);
    }
  });

  test("a body over the shim's 1 MB limit is refused with 413 on every path, as on the old one", async () => {
    const body = Buffer.alloc(1_100_000, "x");
    const answered: string[] = [];
    for (const path of ["/webhooks/shopify", ...shopifyPaths]) {
      const response = await fetch(`${origin()}${path}`, {
        method: "POST",
        headers: { "content-type": "application/json", "x-shopify-shop-domain": shop },
        body,
      }).catch((error: unknown) => error as Error);
      // The answer comes before the body is read; a client still sending may see the socket close first.
      if (!(response instanceof Response)) continue;
      expect({ path, status: response.status }).toEqual({ path, status: 413 });
      answered.push(path);
    }
    expect(answered.length).toBeGreaterThan(0);
  });

  test("an unsigned post under /api/v1 is the shim's 401, not the REST API's missing-key refusal", async () => {
    const response = await fetch(`${origin()}/api/v1/connections/webhook/shopify`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-shopify-shop-domain": shop },
      body: "{}",
    });
    const unsigned = await fetch(`${origin()}/webhooks/shopify`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-shopify-shop-domain": shop },
      body: "{}",
    });
    expect({ status: response.status, body: await response.json() }).toEqual({
      status: unsigned.status,
      body: await unsigned.json(),
    });
  });
});

describe("WooCommerce deliveries on the seeds' paths", () => {
  test("what we register with the store is still /webhooks/woocommerce/:connectionId", () => {
    expect(woo.webhooks.length).toBeGreaterThan(0);
    for (const webhook of woo.webhooks) {
      expect(webhook.delivery_url).toBe(`${origin()}/webhooks/woocommerce/${wooConnectionId}`);
    }
  });

  test.each(wooPrefixes)("a signed delivery to %s/:connectionId is accepted and recorded once", async (prefix) => {
    const deliveryId = String(Math.floor(Math.random() * 1e9));
    expect(await answerOf(postWooCommerce(prefix, deliveryId))).toEqual({ status: 200, body: { ok: true } });
    expect(await answerOf(postWooCommerce(prefix, deliveryId))).toEqual({ status: 200, body: { ok: true } });
    const receipts = await receiptsFor(deliveryId);
    expect(receipts).toHaveLength(1);
    expect(receipts[0]).toMatchObject({
      platform: "WOOCOMMERCE",
      connectionId: wooConnectionId,
      topic: "order.created",
    });
  });

  test("a delivery to /webhooks/woocommerce/:id and again to each alias is one receipt", async () => {
    const deliveryId = String(Math.floor(Math.random() * 1e9));
    expect((await postWooCommerce("/webhooks/woocommerce", deliveryId)).status).toBe(200);
    for (const prefix of wooPrefixes) expect((await postWooCommerce(prefix, deliveryId)).status).toBe(200);
    expect(await receiptsFor(deliveryId)).toHaveLength(1);
  });

  test("a bad signature gets the old path's refusal on each alias, and nothing is stored", async () => {
    const oldPath = await answerOf(postWooCommerce("/webhooks/woocommerce", "1", { secret: "not-the-secret" }));
    expect(oldPath.status).toBe(401);
    for (const prefix of wooPrefixes) {
      const deliveryId = String(Math.floor(Math.random() * 1e9));
      expect(await answerOf(postWooCommerce(prefix, deliveryId, { secret: "not-the-secret" }))).toEqual(oldPath);
      expect(await receiptsFor(deliveryId)).toHaveLength(0);
    }
  });
});
