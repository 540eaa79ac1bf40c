import { createHmac, randomUUID } from "node:crypto";
import { startFakeShopify, type FakeShopify } from "../fakes/shopify";
import { createLocation, createPublishedProduct, setStock } from "../helpers/commerce";
import { connectShopifyShop, integrationConfig, postShopifyWebhook, shopifyApp } from "../helpers/integrations";
import { startStack, type TestStack } from "../helpers/stack";
import { createTenant, type Tenant } from "../helpers/tenants";
import { waitFor } from "../helpers/wait";

let stack: TestStack;
let shopify: FakeShopify;
let merchant: Tenant;
let location: string;
let connectionId: string;

const shop = "inbox-test.myshopify.com";

beforeAll(async () => {
  shopify = await startFakeShopify({ shop, ...shopifyApp });
  stack = await startStack({ config: await integrationConfig({ shopifyBaseUrl: shopify.url }) });
  merchant = await createTenant(stack.http);
  location = await createLocation(merchant.api, "MAIN");
  connectionId = await connectShopifyShop(merchant.api, shop);
});
afterAll(async () => {
  await stack.stop();
  await shopify.stop();
});

let nextStoreOrderId = 6_102_331_400_000;

/** An orders/create body shaped like Shopify's documented example (abridged). */
function storeOrder(lines: { sku: string; quantity: number }[]) {
  const id = ++nextStoreOrderId;
  return {
    id,
    admin_graphql_api_id: `gid://shopify/Order/${id}`,
    email: "ada@example.com",
    name: `#${id % 10_000}`,
    currency: "USD",
    line_items: lines.map((line, index) => ({ id: 16_000_000_000 + index, sku: line.sku, quantity: line.quantity })),
  };
}

interface Receipt {
  id: string;
  topic: string;
  storeOrderId: string | null;
  status: string;
  attempts: number;
  errorCode: string | null;
  lastError: string | null;
  unmappedSkus: string[];
  order: { id: string; externalId: string | null; status: string } | null;
  createdAt: string;
  processedAt: string | null;
}
const receiptFields =
  "id topic storeOrderId status attempts errorCode lastError unmappedSkus order { id externalId status } createdAt processedAt";

interface Page {
  totalCount: number;
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  edges: { cursor: string; node: Receipt }[];
}

const inboxQuery = `query ($connectionId: ID!, $status: WebhookReceiptStatus, $first: Int, $after: String) {
  webhookReceipts(connectionId: $connectionId, status: $status, first: $first, after: $after) {
    totalCount pageInfo { hasNextPage endCursor } edges { cursor node { ${receiptFields} } }
  }
}`;

async function inbox(variables: { status?: string; first?: number; after?: string } = {}): Promise<Page> {
  const { webhookReceipts } = await merchant.api.data<{ webhookReceipts: Page }>(inboxQuery, {
    connectionId,
    ...variables,
  });
  return webhookReceipts;
}

/** The tenant's view of the receipt of a store order, once the worker has finished with it. */
async function settledReceipt(storeOrderId: number): Promise<Receipt> {
  let found: Receipt | undefined;
  await waitFor(
    async () => {
      found = (await inbox({ first: 100 })).edges
        .map((edge) => edge.node)
        .find((receipt) => receipt.storeOrderId === String(storeOrderId));
      return found !== undefined && found.status !== "RECEIVED";
    },
    30_000,
    `the receipt of store order ${storeOrderId} to be processed`,
  );
  return found!;
}

async function send(order: ReturnType<typeof storeOrder>): Promise<void> {
  const response = await postShopifyWebhook(stack.config.publicUrl!, shop, "orders/create", order);
  expect(response.status).toBe(200);
}

const replayMutation = `mutation ($id: ID!) { replayWebhookReceipt(id: $id) { ${receiptFields} } }`;

function replay(id: string, tenant = merchant) {
  return tenant.api.request<{ replayWebhookReceipt: Receipt }>(replayMutation, { id });
}

const ordersWithExternalId = (externalId: string) =>
  stack.database.db.prisma.order.count({ where: { clientId: merchant.clientId, externalId } });

describe("the integration inbox", () => {
  test("a store order we could not fill shows with its reason; once stock arrives, replaying it makes the order once", async () => {
    const kettle = await createPublishedProduct(merchant.api, "KETTLE", "30.00");
    await setStock(merchant.api, kettle, location, 1);
    const order = storeOrder([{ sku: "KETTLE", quantity: 3 }]);
    await send(order);

    const failed = await settledReceipt(order.id);
    expect(failed).toMatchObject({
      topic: "orders/create",
      storeOrderId: String(order.id),
      status: "FAILED",
      attempts: 1,
      errorCode: "INSUFFICIENT_STOCK",
      unmappedSkus: [],
      order: null,
    });
    expect(failed.lastError).toMatch(/Not enough stock/);
    expect(failed.processedAt).not.toBeNull();
    expect((await inbox({ status: "FAILED" })).edges.map((edge) => edge.node.id)).toContain(failed.id);

    await setStock(merchant.api, kettle, location, 10);
    const replayed = await replay(failed.id);
    expect(replayed.errors).toBeUndefined();
    expect(replayed.data!.replayWebhookReceipt).toMatchObject({
      id: failed.id,
      status: "RECEIVED",
      attempts: 0,
      errorCode: null,
      lastError: null,
      processedAt: null,
    });

    const processed = await settledReceipt(order.id);
    expect(processed).toMatchObject({
      status: "PROCESSED",
      attempts: 1,
      errorCode: null,
      lastError: null,
      order: { externalId: String(order.id), status: "PENDING" },
    });
    expect(await ordersWithExternalId(String(order.id))).toBe(1);

    // A processed order is not replayed: the refusal says why, and nothing is made twice.
    const again = await replay(failed.id);
    expect(again.errors?.[0]?.extensions?.code).toBe("INVALID_STATE_TRANSITION");
    expect(await ordersWithExternalId(String(order.id))).toBe(1);

    const { auditLog } = await merchant.api.data<{
      auditLog: { edges: { node: { action: string; entityId: string; before: { status: string } } }[] };
    }>("{ auditLog(first: 100) { edges { node { action entityId before } } } }");
    expect(
      auditLog.edges.filter(
        (edge) => edge.node.action === "webhook_receipt.replayed" && edge.node.entityId === failed.id,
      ),
    ).toEqual([
      expect.objectContaining({
        node: expect.objectContaining({ before: expect.objectContaining({ status: "FAILED" }) }),
      }),
    ]);
  });

  test("a store order whose SKU we do not sell, then sell unpublished, shows each cause; once published, replaying makes the order", async () => {
    const order = storeOrder([{ sku: "LAMP-OAK", quantity: 1 }]);
    await send(order);
    const unmapped = await settledReceipt(order.id);
    expect(unmapped).toMatchObject({
      status: "PROCESSED",
      errorCode: "UNMAPPED_SKU",
      unmappedSkus: ["LAMP-OAK"],
      order: null,
    });
    expect(unmapped.lastError).toMatch(/LAMP-OAK/);

    const { createProduct } = await merchant.api.data<{ createProduct: { id: string } }>(
      'mutation { createProduct(input: { sku: "LAMP-OAK", name: "Oak lamp", price: "80.00" }) { id } }',
    );
    await setStock(merchant.api, createProduct.id, location, 5);
    expect((await replay(unmapped.id)).errors).toBeUndefined();
    const unpublished = await settledReceipt(order.id);
    expect(unpublished).toMatchObject({ status: "FAILED", errorCode: "BAD_USER_INPUT", unmappedSkus: [], order: null });
    expect(unpublished.lastError).toMatch(/published/);

    await merchant.api.data("mutation ($id: ID!) { publishProduct(id: $id) { id } }", { id: createProduct.id });
    expect((await replay(unpublished.id)).errors).toBeUndefined();
    expect(await settledReceipt(order.id)).toMatchObject({
      status: "PROCESSED",
      errorCode: null,
      order: { externalId: String(order.id) },
    });
    expect(await ordersWithExternalId(String(order.id))).toBe(1);
  });

  test("what replaying cannot fix is refused with the reason, and the receipt stays as it was", async () => {
    // Some lines matched: the order was made without the others, and a replay cannot add them.
    const partial = storeOrder([
      { sku: "KETTLE", quantity: 1 },
      { sku: "KETTLE-LID", quantity: 1 },
    ]);
    await send(partial);
    const partly = await settledReceipt(partial.id);
    expect(partly).toMatchObject({ status: "PROCESSED", errorCode: "UNMAPPED_SKU", unmappedSkus: ["KETTLE-LID"] });
    expect(partly.order).not.toBeNull();
    const refused = await replay(partly.id);
    expect(refused.errors?.[0]).toMatchObject({
      message: expect.stringMatching(/cannot add them/),
      extensions: { code: "INVALID_STATE_TRANSITION" },
    });

    // A signed body that is not JSON: kept FAILED, coded, and not replayable.
    const body = "{not json";
    const response = await fetch(`${stack.config.publicUrl!}/webhooks/shopify`, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "x-shopify-topic": "orders/create",
        "x-shopify-hmac-sha256": createHmac("sha256", shopifyApp.clientSecret).update(body).digest("base64"),
        "x-shopify-shop-domain": shop,
        "x-shopify-webhook-id": randomUUID(),
      },
      body,
    });
    expect(response.status).toBe(200);
    const [garbled] = (await inbox({ first: 1 })).edges.map((edge) => edge.node);
    expect(garbled).toMatchObject({ status: "FAILED", errorCode: "INVALID_PAYLOAD", storeOrderId: null, order: null });
    expect((await replay(garbled!.id)).errors?.[0]?.extensions?.code).toBe("INVALID_STATE_TRANSITION");
    expect((await inbox({ first: 1 })).edges[0]!.node).toEqual(garbled);
  });

  test("the inbox pages newest first and filters by status", async () => {
    const all = await inbox({ first: 100 });
    expect(all.totalCount).toBeGreaterThanOrEqual(2);
    const createdAt = all.edges.map((edge) => edge.node.createdAt);
    expect(createdAt).toEqual([...createdAt].sort().reverse());

    const first = await inbox({ first: 1 });
    expect(first).toMatchObject({ totalCount: all.totalCount, pageInfo: { hasNextPage: true } });
    const second = await inbox({ first: 1, after: first.pageInfo.endCursor! });
    expect(second.edges.map((edge) => edge.node.id)).toEqual([all.edges[1]!.node.id]);

    const processed = await inbox({ status: "PROCESSED", first: 100 });
    expect(processed.edges.every((edge) => edge.node.status === "PROCESSED")).toBe(true);
    expect(processed.totalCount).toBe(all.edges.filter((edge) => edge.node.status === "PROCESSED").length);
  });

  test("another tenant cannot read the inbox or replay its receipts", async () => {
    const order = storeOrder([{ sku: "NOBODY-SELLS-THIS", quantity: 1 }]);
    await send(order);
    const receipt = await settledReceipt(order.id);

    const stranger = await createTenant(stack.http);
    const read = await stranger.api.request(inboxQuery, { connectionId });
    expect(read.errors?.[0]?.extensions?.code).toBe("NOT_FOUND");
    expect(read.data?.webhookReceipts ?? null).toBeNull();
    const replayed = await replay(receipt.id, stranger);
    expect(replayed.errors?.[0]?.extensions?.code).toBe("NOT_FOUND");
    expect((await settledReceipt(order.id)).attempts).toBe(receipt.attempts);

    const unknown = await merchant.api.request(inboxQuery, { connectionId: randomUUID() });
    expect(unknown.errors?.[0]?.extensions?.code).toBe("NOT_FOUND");
  });

  test("hostile arguments get client errors, never an internal one", async () => {
    const codeOf = async (query: string, variables: Record<string, unknown>) =>
      (await merchant.api.request(query, variables)).errors?.[0]?.extensions?.code;
    expect(await codeOf(inboxQuery, { connectionId: "not-a-uuid" })).toBe("NOT_FOUND");
    expect(await codeOf(inboxQuery, { connectionId: `x${"\u0000".repeat(3)}` })).toBe("BAD_USER_INPUT");
    expect(await codeOf(inboxQuery, { connectionId, first: 100_000 })).toBe("QUERY_TOO_COMPLEX");
    expect(await codeOf(inboxQuery, { connectionId, first: -1 })).toBe("BAD_USER_INPUT");
    expect(await codeOf(inboxQuery, { connectionId, after: "%%%not-a-cursor".repeat(50) })).toBe("BAD_USER_INPUT");
    expect(await codeOf(inboxQuery, { connectionId, status: "DELETED" })).toBe("BAD_USER_INPUT");
    expect(await codeOf(inboxQuery, { connectionId: [[["deep"]]] })).toBe("BAD_USER_INPUT");
    expect(await codeOf(replayMutation, { id: "x".repeat(10_000) })).toBe("NOT_FOUND");
    const rematch = "mutation ($id: ID!) { rematchProducts(connectionId: $id) { id } }";
    expect(await codeOf(rematch, { id: "x".repeat(10_000) })).toBe("NOT_FOUND");
    expect(await codeOf(rematch, { id: 42.5 })).toBe("BAD_USER_INPUT");
  });
});
