import { createHmac, randomUUID } from "node:crypto";
import type { WebhookReceipt } from "../../subgraphs/core/src/db/generated/client";
import { startFakeShopify, type FakeShopify } from "../fakes/shopify";
import { createLocation, createPublishedProduct, setStock } from "../helpers/commerce";
import { connectShopifyShop, integrationConfig, shopifyApp } from "../helpers/integrations";
import { startStack, type TestStack } from "../helpers/stack";
import { createTenant, type Tenant } from "../helpers/tenants";
import { waitFor } from "../helpers/wait";

/**
 * Store data is kept as the store sent it: Shopify's 64-bit ids digit for digit, and a
 * delivery we can never process ends FAILED with the reason at once, answered 200.
 */
let stack: TestStack;
let shopify: FakeShopify;
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
  stack.startWebhookWorker();
});
afterAll(async () => {
  await stack.stop();
  await shopify.stop();
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
