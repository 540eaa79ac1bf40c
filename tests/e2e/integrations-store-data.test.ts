import { createHmac, randomUUID } from "node:crypto";
import type { WebhookReceipt } from "../../subgraphs/core/src/db/generated/client";
import { startFakeShopify, type FakeShopify } from "../fakes/shopify";
import { startFakeWooCommerce, type FakeWooCommerce } from "../fakes/woocommerce";
import { createLocation, createPublishedProduct, setStock } from "../helpers/commerce";
import {
  connectShopifyShop,
  connectWooCommerceStore,
  integrationConfig,
  postWooCommerceWebhook,
  shopifyApp,
} from "../helpers/integrations";
import { startStack, type TestStack } from "../helpers/stack";
import { createTenant, type Tenant } from "../helpers/tenants";
import { waitFor } from "../helpers/wait";

/**
 * Store data is kept as the store sent it: Shopify's 64-bit ids digit for digit, an imported
 * order's prices, currency, total and every line, and a delivery we can never process ends
 * FAILED with the reason at once, answered 200.
 */
let stack: TestStack;
let shopify: FakeShopify;
let woo: FakeWooCommerce;
let wooConnectionId: string;
const wooKeys = {
  consumerKey: "ck_3c2b1a0f9e8d7c6b5a4f3e2d1c0b9a8f7e6d5c4b",
  consumerSecret: "cs_4b5c6d7e8f9a0b1c2d3e4f5a6b7c8d9e0f1a2b3c",
};
let merchant: Tenant;
let connectionId: string;
let location: string;
const shop = "store-data.myshopify.com";

// Above 2^53 (9007199254740992): a double holds none of these exactly.
const bigProductId = 7_513_594_028_110_000_001n;
const bigVariantId = 42_000_000_000_000_001n;
const bigInventoryItemId = 44_000_000_000_000_003n;

beforeAll(async () => {
  shopify = await startFakeShopify({ shop, ...shopifyApp });
  woo = await startFakeWooCommerce(wooKeys);
  shopify.addProduct("Sample", ["SAMPLE-64"], {
    product: bigProductId,
    variants: [bigVariantId],
    inventoryItems: [bigInventoryItemId],
  });
  stack = await startStack({
    config: await integrationConfig({ shopifyBaseUrl: shopify.url }),
    dispatcher: false,
  });
  merchant = await createTenant(stack.http);
  location = await createLocation(merchant.api, "MAIN");
  await setStock(merchant.api, await createPublishedProduct(merchant.api, "SAMPLE-64", "24.00"), location, 50);
  connectionId = await connectShopifyShop(merchant.api, shop);
  wooConnectionId = await connectWooCommerceStore(merchant.api, { storeUrl: woo.url, ...wooKeys });
  stack.startWebhookWorker();
});
afterAll(async () => {
  await stack.stop();
  await shopify.stop();
  await woo.stop();
});

const prisma = () => stack.database.db.prisma;

/** Posts the body exactly as written (JSON.stringify cannot write these ids), signed like Shopify. */
async function deliver(topic: string, body: string): Promise<{ status: number; webhookId: string }> {
  const webhookId = randomUUID();
  const response = await fetch(`${stack.config.publicUrl}/webhooks/shopify`, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      "x-shopify-topic": topic,
      "x-shopify-hmac-sha256": createHmac("sha256", shopifyApp.clientSecret).update(body).digest("base64"),
      "x-shopify-shop-domain": shop,
      "x-shopify-webhook-id": webhookId,
    },
    body,
  });
  return { status: response.status, webhookId };
}

const receiptFor = (deliveryId: string) => prisma().webhookReceipt.findFirstOrThrow({ where: { deliveryId } });

/** Waits for the worker's first try, whatever it came to (a retry would leave it RECEIVED). */
async function firstTry(deliveryId: string): Promise<WebhookReceipt> {
  await waitFor(
    async () => (await receiptFor(deliveryId)).attempts > 0 || (await receiptFor(deliveryId)).status !== "RECEIVED",
    20_000,
    `the worker to try receipt ${deliveryId}`,
  );
  return receiptFor(deliveryId);
}

/** Shopify's sample orders/create body (abridged), with ids written as the JSON numbers Shopify sends. */
function sampleOrder(orderId: string, line: { id: string; quantity: string; sku?: string }): string {
  return `{
    "id": ${orderId},
    "admin_graphql_api_id": "gid://shopify/Order/${orderId}",
    "email": "jon@example.com",
    "name": "#9999",
    "currency": "USD",
    "total_price": "24.00",
    "line_items": [{
      "id": ${line.id},
      "admin_graphql_api_id": "gid://shopify/LineItem/${line.id}",
      "product_id": ${bigProductId},
      "variant_id": ${bigVariantId},
      "title": "Sample",
      "sku": "${line.sku ?? "SAMPLE-64"}",
      "quantity": ${line.quantity},
      "price": "24.00"
    }]
  }`;
}

describe("Shopify's 64-bit ids", () => {
  test("the sample order 820982911946154508 becomes an order linked back to exactly that id", async () => {
    const { status, webhookId } = await deliver(
      "orders/create",
      sampleOrder("820982911946154508", { id: "866550311766439020", quantity: "1" }),
    );
    expect(status).toBe(200);
    const receipt = await firstTry(webhookId);
    expect(receipt).toMatchObject({ status: "PROCESSED", lastError: null });
    // The stored payload keeps the ids exact (as strings: JSONB numbers are doubles to most readers).
    const payload = receipt.payload as { id: unknown; line_items: { id: unknown; variant_id: unknown }[] };
    expect(payload.id).toBe("820982911946154508");
    expect(payload.line_items[0]).toMatchObject({ id: "866550311766439020", variant_id: String(bigVariantId) });

    const order = await prisma().order.findUniqueOrThrow({ where: { id: receipt.orderId! } });
    expect(order).toMatchObject({ source: "SHOPIFY", externalId: "820982911946154508" });
    const sale = await prisma().salesLog.findFirstOrThrow({ where: { connectionId, orderId: order.id } });
    expect(sale.externalOrderId).toBe("820982911946154508");
  });

  test("an order whose id differs only beyond 2^53 is another order, not a duplicate", async () => {
    const { webhookId } = await deliver(
      "orders/create",
      sampleOrder("820982911946154509", { id: "866550311766439021", quantity: "1" }),
    );
    const receipt = await firstTry(webhookId);
    expect(receipt).toMatchObject({ status: "PROCESSED" });
    expect(receipt.orderId).not.toBeNull();
    const sales = await prisma().salesLog.findMany({ where: { connectionId }, orderBy: { createdAt: "asc" } });
    expect(sales.map((sale) => sale.externalOrderId)).toEqual(["820982911946154508", "820982911946154509"]);
  });

  test("products read from the Admin API keep their variant and inventory item ids, and a sync sets stock on exactly that item", async () => {
    const [mapping] = await prisma().productMapping.findMany({ where: { connectionId, sku: "SAMPLE-64" } });
    expect(mapping).toMatchObject({
      externalProductId: String(bigProductId),
      externalVariantId: String(bigVariantId),
      inventoryItemId: String(bigInventoryItemId),
    });
    const { triggerSync } = await merchant.api.data<{ triggerSync: { status: string; pushed: number }[] }>(
      "mutation ($id: ID) { triggerSync(connectionId: $id) { status pushed failed error } }",
      { id: connectionId },
    );
    expect(triggerSync).toEqual([expect.objectContaining({ status: "SUCCEEDED", pushed: 1, failed: 0 })]);
    expect(shopify.inventoryLevels.get(bigInventoryItemId)).toBe(48);
  });

  test("an order pulled from the Admin API keeps its id exact", async () => {
    shopify.orders.push({
      id: 820_982_911_946_154_777n,
      name: "#1003",
      created_at: new Date().toISOString(),
      currency: "USD",
      total_price: "24.00",
      line_items: [{ id: 866_550_311_766_439_777n, sku: "SAMPLE-64", quantity: 1, price: "24.00" }],
    });
    const { pullOrders } = await merchant.api.data<{ pullOrders: { count: number } }>(
      "mutation ($id: ID) { pullOrders(connectionId: $id) { count } }",
      { id: connectionId },
    );
    expect(pullOrders.count).toBeGreaterThanOrEqual(1);
    await waitFor(
      async () => (await prisma().salesLog.count({ where: { externalOrderId: "820982911946154777" } })) === 1,
      20_000,
      "the pulled order to be imported",
    );
    const order = await prisma().order.findFirstOrThrow({
      where: { externalId: "820982911946154777" },
      include: { items: true },
    });
    expect(order.items.map((item) => item.storeLineId)).toEqual(["866550311766439777"]);
  });
});

describe("a delivery no retry can fix fails at once with the reason, answered 200", () => {
  test.each([
    ["2147483648", "2147483648"],
    ["1e20", "100000000000000000000"],
  ])("a line quantity of %s", async (quantity, shown) => {
    const { status, webhookId } = await deliver(
      "orders/create",
      sampleOrder(`82098291194615${Math.floor(Math.random() * 9000 + 1000)}`, { id: "1", quantity }),
    );
    expect(status).toBe(200);
    const receipt = await firstTry(webhookId);
    expect(receipt).toMatchObject({ status: "FAILED", attempts: 1, orderId: null });
    expect(receipt.lastError).toContain(`quantity ${shown}`);
  });

  test("a correctly signed body holding \\u0000 is stored FAILED, never answered 500", async () => {
    const { status, webhookId } = await deliver(
      "orders/create",
      sampleOrder("820982911946159999", { id: "2", quantity: "1", sku: "SAMPLE-64\\u0000" }),
    );
    expect(status).toBe(200);
    const receipt = await receiptFor(webhookId);
    expect(receipt).toMatchObject({ status: "FAILED", orderId: null });
    expect(receipt.lastError).toMatch(/NUL character/);
    expect(receipt.processedAt).not.toBeNull();

    // A raw NUL byte is not JSON at all: the same answer, and the text is kept as far as it can be.
    const raw = await deliver("orders/create", '{"id": 1, "note": "a\u0000b"}');
    expect(raw.status).toBe(200);
    const kept = await receiptFor(raw.webhookId);
    expect(kept).toMatchObject({ status: "FAILED", payload: '{"id": 1, "note": "a\uFFFDb"}' });
    expect(kept.lastError).toMatch(/not JSON/);
  });
});

interface ImportedOrder {
  externalId: string;
  total: { amount: string; currency: string };
  items: {
    sku: string;
    quantity: number;
    storeLineId: string | null;
    unitPrice: { amount: string; currency: string };
    lineTotal: { amount: string };
  }[];
  unmappedLines: {
    storeLineId: string | null;
    sku: string | null;
    title: string | null;
    quantity: number;
    unitPrice: { amount: string; currency: string } | null;
    lineTotal: { amount: string } | null;
  }[];
}

/** The order as the tenant reads it through the API. */
async function importedOrder(orderId: string): Promise<ImportedOrder> {
  const { order } = await merchant.api.data<{ order: ImportedOrder }>(
    `query ($id: ID!) { order(id: $id) {
      externalId total { amount currency }
      items { sku quantity storeLineId unitPrice { amount currency } lineTotal { amount } }
      unmappedLines { storeLineId sku title quantity unitPrice { amount currency } lineTotal { amount } }
    } }`,
    { id: orderId },
  );
  return order;
}

describe("an imported order keeps the store's prices, currency, total and every line", () => {
  test("a 9.99 EUR Shopify order stays 9.99 EUR, and a line of a SKU we do not have stays on it", async () => {
    // Our catalog sells SAMPLE-64 at 24.00 USD; the shop sold it at 9.99 EUR, plus gift wrap
    // we do not stock, plus 1.00 shipping.
    const { webhookId } = await deliver(
      "orders/create",
      `{
        "id": 820982911946154600,
        "name": "#1002",
        "email": "jon@example.com",
        "currency": "EUR",
        "total_price": "13.49",
        "line_items": [
          { "id": 866550311766439100, "variant_id": ${bigVariantId}, "title": "Sample", "sku": "SAMPLE-64",
            "quantity": 1, "price": "9.99" },
          { "id": 866550311766439101, "variant_id": null, "title": "Gift wrap", "sku": "WRAP-RED",
            "quantity": 2, "price": "1.25" }
        ]
      }`,
    );
    const receipt = await firstTry(webhookId);
    expect(receipt).toMatchObject({ status: "PROCESSED", unmappedSkus: ["WRAP-RED"] });
    expect(await importedOrder(receipt.orderId!)).toEqual({
      externalId: "820982911946154600",
      total: { amount: "13.49", currency: "EUR" },
      items: [
        {
          sku: "SAMPLE-64",
          quantity: 1,
          storeLineId: "866550311766439100",
          unitPrice: { amount: "9.99", currency: "EUR" },
          lineTotal: { amount: "9.99" },
        },
      ],
      unmappedLines: [
        {
          storeLineId: "866550311766439101",
          sku: "WRAP-RED",
          title: "Gift wrap",
          quantity: 2,
          unitPrice: { amount: "1.25", currency: "EUR" },
          lineTotal: { amount: "2.50" },
        },
      ],
    });
  });

  test("a WooCommerce order keeps its GBP prices and total, and its line without a SKU", async () => {
    const body = JSON.stringify({
      id: 727,
      number: "727",
      status: "processing",
      currency: "GBP",
      total: "15.00",
      billing: { email: "john.doe@example.com" },
      line_items: [
        { id: 315, name: "Sample", product_id: 93, quantity: 1, sku: "SAMPLE-64", price: 12.5 },
        { id: 316, name: "Engraving", product_id: 94, quantity: 1, sku: "", price: 2.5 },
      ],
    });
    const deliveryId = randomUUID();
    const response = await postWooCommerceWebhook(
      stack.config.publicUrl,
      wooConnectionId,
      woo.webhooks[0]!.secret,
      body,
      { deliveryId },
    );
    expect(response.status).toBe(200);
    const receipt = await firstTry(deliveryId);
    expect(receipt).toMatchObject({ status: "PROCESSED", unmappedSkus: ["(no sku)"] });
    const order = await importedOrder(receipt.orderId!);
    expect(order.total).toEqual({ amount: "15.00", currency: "GBP" });
    expect(order.items).toEqual([
      expect.objectContaining({
        sku: "SAMPLE-64",
        storeLineId: "315",
        unitPrice: { amount: "12.50", currency: "GBP" },
      }),
    ]);
    expect(order.unmappedLines).toEqual([
      expect.objectContaining({ storeLineId: "316", sku: null, title: "Engraving", quantity: 1 }),
    ]);
  });

  test("an order in a currency we do not price in fails with the reason instead of being repriced", async () => {
    const { webhookId } = await deliver(
      "orders/create",
      `{ "id": 820982911946154700, "currency": "JPY", "total_price": "1500",
         "line_items": [{ "id": 1, "sku": "SAMPLE-64", "quantity": 1, "price": "1500" }] }`,
    );
    const receipt = await firstTry(webhookId);
    expect(receipt).toMatchObject({ status: "FAILED", attempts: 1, orderId: null });
    expect(receipt.lastError).toMatch(/in JPY/);
  });
});
