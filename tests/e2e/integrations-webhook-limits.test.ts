import { createHmac, randomInt, randomUUID } from "node:crypto";
import http from "node:http";
import { loadConfig } from "../../subgraphs/core/src/config";
import { startFakeShopify, type FakeShopify } from "../fakes/shopify";
import { startFakeWooCommerce, type FakeWooCommerce } from "../fakes/woocommerce";
import { connectShopifyShop, connectWooCommerceStore, integrationConfig, shopifyApp } from "../helpers/integrations";
import { startStack, type TestStack } from "../helpers/stack";
import { createTenant } from "../helpers/tenants";

/**
 * A store connection's webhook bucket is spent only by deliveries its signature proves came
 * from that store: someone who merely claims a shop's name cannot get the shop's real
 * deliveries refused. Forged deliveries are limited by the address they come from.
 */
let stack: TestStack;
let shopify: FakeShopify;
let woo: FakeWooCommerce;
let wooConnectionId: string;
const shop = `limits-${randomInt(1e9)}.myshopify.com`;
const wooKeys = {
  consumerKey: "ck_5a4b3c2d1e0f9a8b7c6d5e4f3a2b1c0d9e8f7a6b",
  consumerSecret: "cs_0b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f7a8b9c",
};

beforeAll(async () => {
  shopify = await startFakeShopify({ shop, ...shopifyApp });
  woo = await startFakeWooCommerce(wooKeys);
  // The production bucket (40 deliveries), barely refilling: a slow machine must not let a
  // refilled point through and hide a refusal.
  const production = loadConfig({}).webhookRateLimit;
  stack = await startStack({
    dispatcher: false,
    config: {
      ...(await integrationConfig({ shopifyBaseUrl: shopify.url })),
      webhookRateLimit: { ...production, restoreRate: 0.001 },
    },
  });
  const merchant = await createTenant(stack.http);
  await connectShopifyShop(merchant.api, shop);
  wooConnectionId = await connectWooCommerceStore(merchant.api, { storeUrl: woo.url, ...wooKeys });
});
afterAll(async () => {
  await stack.stop();
  await shopify.stop();
  await woo.stop();
});

/**
 * A random loopback address for each caller: all of 127.0.0.0/8 reaches the gateway, and
 * buckets kept in Redis outlive a run, so fixed addresses would find them empty next time.
 */
const loopbackAddress = () => `127.${randomInt(1, 255)}.${randomInt(1, 255)}.${randomInt(1, 255)}`;

/** A POST from the given local address (fetch cannot choose it). */
function postFrom(
  localAddress: string,
  path: string,
  headers: Record<string, string>,
  body: string,
): Promise<{ status: number; headers: http.IncomingHttpHeaders }> {
  const target = new URL(path, stack.config.publicUrl);
  return new Promise((resolve, reject) => {
    const request = http.request(
      target,
      { method: "POST", localAddress, headers: { "content-type": "application/json", ...headers } },
      (response) => {
        response.resume();
        response.on("end", () => resolve({ status: response.statusCode ?? 0, headers: response.headers }));
      },
    );
    request.on("error", reject);
    request.end(body);
  });
}

const sign = (secret: string, body: string) => createHmac("sha256", secret).update(body).digest("base64");

function shopifyDelivery(from: string, body: string, signature: string, webhookId = randomUUID()) {
  return postFrom(
    from,
    "/webhooks/shopify",
    {
      "x-shopify-topic": "customers/create",
      "x-shopify-hmac-sha256": signature,
      "x-shopify-shop-domain": shop,
      "x-shopify-webhook-id": webhookId,
    },
    body,
  );
}

function wooDelivery(from: string, body: string, signature: string, deliveryId = randomUUID()) {
  return postFrom(
    from,
    `/webhooks/woocommerce/${wooConnectionId}`,
    {
      "x-wc-webhook-topic": "customer.created",
      "x-wc-webhook-signature": signature,
      "x-wc-webhook-delivery-id": deliveryId,
    },
    body,
  );
}

const receiptCount = (deliveryId: string) => stack.database.db.prisma.webhookReceipt.count({ where: { deliveryId } });

test("45 unsigned posts naming a shop do not get the shop's genuine delivery refused", async () => {
  const attacker = loopbackAddress();
  const statuses: number[] = [];
  for (let post = 0; post < 45; post++) statuses.push((await shopifyDelivery(attacker, "{}", "forged")).status);
  // The attacker's own address runs dry: 40 refusals of the signature, then 429s.
  expect(statuses.slice(0, 40).every((status) => status === 401)).toBe(true);
  expect(statuses.slice(40)).toEqual([429, 429, 429, 429, 429]);

  const body = JSON.stringify({ id: 7_064_055_069_303, email: "bob@biller.com" });
  const webhookId = randomUUID();
  const genuine = await shopifyDelivery(loopbackAddress(), body, sign(shopifyApp.clientSecret, body), webhookId);
  expect(genuine.status).toBe(200);
  expect(await receiptCount(webhookId)).toBe(1);
});

test("the same for a WooCommerce connection: forged posts to its URL leave its own deliveries alone", async () => {
  const attacker = loopbackAddress();
  const statuses: number[] = [];
  for (let post = 0; post < 45; post++) statuses.push((await wooDelivery(attacker, "{}", "forged")).status);
  expect(statuses.slice(0, 40).every((status) => status === 401)).toBe(true);
  expect(statuses.slice(40)).toEqual([429, 429, 429, 429, 429]);

  const body = JSON.stringify({ id: 25, email: "john.doe@example.com" });
  const deliveryId = randomUUID();
  const genuine = await wooDelivery(loopbackAddress(), body, sign(woo.webhooks[0]!.secret, body), deliveryId);
  expect(genuine.status).toBe(200);
  expect(await receiptCount(deliveryId)).toBe(1);
});

test("a verified store that sends more than its bucket holds gets 429 with Retry-After, and that delivery is not stored", async () => {
  // The shop's bucket: one delivery went in above, 39 more fit, whichever address they come from.
  const body = JSON.stringify({ id: 7_064_055_069_304, email: "bob@biller.com" });
  const signature = sign(shopifyApp.clientSecret, body);
  for (let delivery = 0; delivery < 39; delivery++) {
    expect((await shopifyDelivery(loopbackAddress(), body, signature)).status).toBe(200);
  }
  const webhookId = randomUUID();
  const refused = await shopifyDelivery(loopbackAddress(), body, signature, webhookId);
  expect(refused.status).toBe(429);
  expect(Number(refused.headers["retry-after"])).toBeGreaterThanOrEqual(1);
  expect(await receiptCount(webhookId)).toBe(0);
});
