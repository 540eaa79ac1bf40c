import { startFakeProkip, type FakeProkip } from "../fakes/prokip";
import { startFakeShopify, type FakeShopify } from "../fakes/shopify";
import { startFakeWooCommerce, type FakeWooCommerce } from "../fakes/woocommerce";
import type { RecordedRequest } from "../fakes/http";
import { createLocation, createPublishedProduct, setStock } from "../helpers/commerce";
import {
  connectShopifyShop,
  connectWooCommerceStore,
  integrationConfig,
  postShopifyWebhook,
  shopifyApp,
  shopifyStockPushes,
} from "../helpers/integrations";
import { startStack, type TestStack } from "../helpers/stack";
import { createTenant, type Tenant } from "../helpers/tenants";
import { waitFor } from "../helpers/wait";

let stack: TestStack;
let shopify: FakeShopify;
let woo: FakeWooCommerce;
let prokip: FakeProkip;
let merchant: Tenant;
let location: string;
const products: Record<string, string> = {};
let shopifyId: string;
let wooId: string;

const shop = "sync-test.myshopify.com";
const wooKeys = {
  consumerKey: "ck_5b1f0c2e9a8d7c6b5a4f3e2d1c0b9a8f7e6d5c4b",
  consumerSecret: "cs_0a9b8c7d6e5f4a3b2c1d0e9f8a7b6c5d4e3f2a1b",
};
const prokipToken = "prokip-sync-test-token-7f3e2d1c";

beforeAll(async () => {
  shopify = await startFakeShopify({ shop, ...shopifyApp });
  woo = await startFakeWooCommerce(wooKeys);
  prokip = await startFakeProkip({ token: prokipToken });
  // The stores carry our SKUs and some of their own; matching is by SKU only.
  shopify.addProduct("Mug", ["MUG-RED", "MUG-BLUE", "SHOPIFY-ONLY"]);
  woo.addProduct("Red mug", "MUG-RED");
  woo.addProduct("Teapot", "TEAPOT");
  woo.addProduct("Gift card", "");
  prokip.addProduct("Red mug", "MUG-RED");
  stack = await startStack({
    config: await integrationConfig({ shopifyBaseUrl: shopify.url, prokipApiUrl: prokip.url }),
    dispatcher: false,
  });
  merchant = await createTenant(stack.http);
  location = await createLocation(merchant.api, "MAIN");
  for (const [sku, onHand] of [
    ["MUG-RED", 10],
    ["MUG-BLUE", 20],
    ["TEAPOT", 30],
    ["KETTLE", 5],
  ] as const) {
    products[sku] = await createPublishedProduct(merchant.api, sku, "12.50");
    await setStock(merchant.api, products[sku]!, location, onHand);
  }
  shopifyId = await connectShopifyShop(merchant.api, shop);
  wooId = await connectWooCommerceStore(merchant.api, { storeUrl: woo.url, ...wooKeys });
});
afterAll(async () => {
  await stack.stop();
  await Promise.all([shopify.stop(), woo.stop(), prokip.stop()]);
});

interface Run {
  id: string;
  trigger: string;
  status: string;
  pushed: number;
  skipped: number;
  failed: number;
  error: string | null;
  connection: { id: string };
}
const runFields = "id trigger status pushed skipped failed error connection { id }";

async function triggerSync(connectionId?: string): Promise<Run[]> {
  const { triggerSync } = await merchant.api.data<{ triggerSync: Run[] }>(
    `mutation ($id: ID) { triggerSync(connectionId: $id) { ${runFields} } }`,
    { id: connectionId },
  );
  return triggerSync;
}

const runOf = (runs: Run[], connectionId: string) => runs.find((run) => run.connection.id === connectionId);

function wooPushes(from: number): Record<string, number> {
  const skuOf = new Map(woo.products.map((product) => [String(product.id), product.sku]));
  return Object.fromEntries(
    woo.requests
      .slice(from)
      .filter((request) => request.method === "PUT" && request.path.startsWith("/wp-json/wc/v3/products/"))
      .flatMap((request) =>
        pushOf(request, (body) => [skuOf.get(request.path.split("/").pop()!), body.stock_quantity]),
      ),
  );
}

function pushOf(request: RecordedRequest, read: (body: Record<string, unknown>) => [unknown, unknown]) {
  return [read((request.body ?? {}) as Record<string, unknown>)];
}

describe("connecting a store matches its products by SKU", () => {
  test("each connection counts the store products that carry one of our SKUs", async () => {
    const { connections } = await merchant.api.data<{
      connections: { id: string; productCount: number; orderCount: number; lastError: string | null }[];
    }>("{ connections { id productCount orderCount lastError } }");
    expect(connections.find((connection) => connection.id === shopifyId)).toMatchObject({
      productCount: 2,
      orderCount: 0,
      lastError: null,
    });
    expect(connections.find((connection) => connection.id === wooId)).toMatchObject({ productCount: 2 });
  });
});

describe("a sync pushes only what changed", () => {
  test("the first sync pushes every mapped SKU's available stock", async () => {
    const [shopifyFrom, wooFrom] = [shopify.requests.length, woo.requests.length];
    const runs = await triggerSync();
    expect(runOf(runs, shopifyId)).toMatchObject({ trigger: "MANUAL", status: "SUCCEEDED", pushed: 2, failed: 0 });
    expect(runOf(runs, wooId)).toMatchObject({ status: "SUCCEEDED", pushed: 2, failed: 0 });
    expect(shopifyStockPushes(shopify, shopifyFrom)).toEqual({ "MUG-RED": 10, "MUG-BLUE": 20 });
    expect(wooPushes(wooFrom)).toEqual({ "MUG-RED": 10, TEAPOT: 30 });
    expect(woo.products.find((product) => product.sku === "TEAPOT")).toMatchObject({
      manage_stock: true,
      stock_quantity: 30,
    });
  });

  test("a sync with no change pushes nothing", async () => {
    const [shopifyFrom, wooFrom] = [shopify.requests.length, woo.requests.length];
    const runs = await triggerSync();
    expect(runOf(runs, shopifyId)).toMatchObject({ status: "SUCCEEDED", pushed: 0, skipped: 2 });
    expect(runOf(runs, wooId)).toMatchObject({ status: "SUCCEEDED", pushed: 0, skipped: 2 });
    expect(shopifyStockPushes(shopify, shopifyFrom)).toEqual({});
    expect(wooPushes(wooFrom)).toEqual({});
  });

  test("after a stock change, exactly the changed SKU goes to each store that carries it", async () => {
    await setStock(merchant.api, products["MUG-RED"]!, location, 7);
    const [shopifyFrom, wooFrom] = [shopify.requests.length, woo.requests.length];
    const runs = await triggerSync();
    expect(runOf(runs, shopifyId)).toMatchObject({ pushed: 1, skipped: 1 });
    expect(shopifyStockPushes(shopify, shopifyFrom)).toEqual({ "MUG-RED": 7 });
    expect(wooPushes(wooFrom)).toEqual({ "MUG-RED": 7 });
  });

  test("an order's reservation lowers what the stores may sell", async () => {
    await merchant.api.data("mutation ($input: CreateOrderInput!) { createOrder(input: $input) { id } }", {
      input: { items: [{ productId: products["MUG-BLUE"], locationId: location, quantity: 3 }] },
    });
    const shopifyFrom = shopify.requests.length;
    await triggerSync(shopifyId);
    expect(shopifyStockPushes(shopify, shopifyFrom)).toEqual({ "MUG-BLUE": 17 });
  });

  test("two syncs of one connection at once push each change once", async () => {
    await setStock(merchant.api, products.TEAPOT!, location, 31);
    const wooFrom = woo.requests.length;
    const [first, second] = await Promise.all([triggerSync(wooId), triggerSync(wooId)]);
    expect(wooPushes(wooFrom)).toEqual({ TEAPOT: 31 });
    const puts = woo.requests.slice(wooFrom).filter((request) => request.method === "PUT");
    expect(puts).toHaveLength(1);
    expect(first![0]!.pushed + second![0]!.pushed).toBeLessThanOrEqual(1);
  });
});

describe("store rate limits", () => {
  test("a 429 from Shopify is retried after its Retry-After, and the push then lands", async () => {
    await setStock(merchant.api, products["MUG-BLUE"]!, location, 40);
    shopify.throttle(1, 1);
    const from = shopify.requests.length;
    const started = Date.now();
    const [run] = await triggerSync(shopifyId);
    expect(run).toMatchObject({ status: "SUCCEEDED", pushed: 1, failed: 0 });
    expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
    expect(shopifyStockPushes(shopify, from)).toEqual({ "MUG-BLUE": 37 });
    expect(shopify.inventoryLevels.get(shopify.products[0]!.variants[1]!.inventory_item_id)).toBe(37);
  });

  test("a 429 from WooCommerce is retried the same way", async () => {
    await setStock(merchant.api, products.TEAPOT!, location, 32);
    woo.throttle(2, 1);
    const [run] = await triggerSync(wooId);
    expect(run).toMatchObject({ status: "SUCCEEDED", pushed: 1, failed: 0 });
    expect(woo.products.find((product) => product.sku === "TEAPOT")!.stock_quantity).toBe(32);
  });
});

describe("pausing", () => {
  test("a paused connection is skipped by a sync of every store and refused by name", async () => {
    const { pauseSync } = await merchant.api.data<{
      pauseSync: { id: string; status: string; syncEnabled: boolean }[];
    }>("mutation ($id: ID) { pauseSync(connectionId: $id) { id status syncEnabled } }", { id: wooId });
    expect(pauseSync).toEqual([{ id: wooId, status: "PAUSED", syncEnabled: false }]);
    await setStock(merchant.api, products["MUG-RED"]!, location, 8);
    const wooFrom = woo.requests.length;
    const runs = await triggerSync();
    expect(runOf(runs, wooId)).toBeUndefined();
    expect(runOf(runs, shopifyId)).toMatchObject({ pushed: 1 });
    expect(wooPushes(wooFrom)).toEqual({});
    const refused = await merchant.api.request(`mutation ($id: ID) { triggerSync(connectionId: $id) { id } }`, {
      id: wooId,
    });
    expect(refused.errors?.[0]?.extensions?.code).toBe("INVALID_STATE_TRANSITION");
  });

  test("resuming brings the store up to date on its next sync", async () => {
    await merchant.api.data("mutation ($id: ID) { resumeSync(connectionId: $id) { id } }", { id: wooId });
    const wooFrom = woo.requests.length;
    const [run] = await triggerSync(wooId);
    expect(run).toMatchObject({ status: "SUCCEEDED", pushed: 1 });
    expect(wooPushes(wooFrom)).toEqual({ "MUG-RED": 8 });
  });
});

describe("a store refusing a push", () => {
  test("is counted as failed with the reason, and tried again on the next run", async () => {
    const teapot = woo.products.find((product) => product.sku === "TEAPOT")!;
    const saved = woo.products.splice(woo.products.indexOf(teapot), 1);
    await setStock(merchant.api, products.TEAPOT!, location, 33);
    const [failed] = await triggerSync(wooId);
    expect(failed).toMatchObject({ status: "FAILED", pushed: 0, failed: 1 });
    expect(failed!.error).toContain("TEAPOT");
    expect(failed!.error).toContain("404");
    const { connection } = await merchant.api.data<{ connection: { lastError: string } }>(
      "query ($id: ID!) { connection(id: $id) { lastError } }",
      { id: wooId },
    );
    expect(connection.lastError).toContain("TEAPOT");

    woo.products.push(...saved);
    const [retried] = await triggerSync(wooId);
    expect(retried).toMatchObject({ status: "SUCCEEDED", pushed: 1 });
    expect(teapot.stock_quantity).toBe(33);
  });
});

describe("the scheduler", () => {
  test("syncs every due connection by itself, once per interval", async () => {
    await setStock(merchant.api, products["MUG-RED"]!, location, 9);
    const [shopifyFrom, wooFrom] = [shopify.requests.length, woo.requests.length];
    // Every connection was synced moments ago: with a 2 s interval they fall due shortly.
    const scheduler = stack.startSyncScheduler(2000);
    try {
      await waitFor(
        async () => shopifyStockPushes(shopify, shopifyFrom)["MUG-RED"] === 9 && wooPushes(wooFrom)["MUG-RED"] === 9,
        undefined,
        "the scheduled sync to push MUG-RED",
      );
    } finally {
      // Left running, it syncs the later tests' connections too, and a manual triggerSync that
      // meets its run gets that RUNNING run back instead of a result (seen on a loaded machine).
      await scheduler.stop();
    }
    const { syncRuns } = await merchant.api.data<{ syncRuns: { edges: { node: Run }[] } }>(
      `query ($id: ID) { syncRuns(connectionId: $id, first: 5) { edges { node { ${runFields} } } } }`,
      { id: shopifyId },
    );
    expect(syncRuns.edges[0]!.node).toMatchObject({ trigger: "SCHEDULE", status: "SUCCEEDED" });
  });
});

describe("store product changes and orders", () => {
  const postShopify = (topic: string, payload: unknown) =>
    postShopifyWebhook(stack.config.publicUrl, shop, topic, payload);

  test("products/update maps a SKU the store just added, and the next sync pushes it", async () => {
    const mug = shopify.products[0]!;
    mug.variants.push({
      id: 808_950_899,
      product_id: mug.id,
      title: "KETTLE",
      sku: "KETTLE",
      inventory_item_id: 39_072_899,
      inventory_quantity: 0,
    });
    expect((await postShopify("products/update", mug)).status).toBe(200);
    await stack.startWebhookWorker().drain();
    const { connection } = await merchant.api.data<{ connection: { productCount: number } }>(
      "query ($id: ID!) { connection(id: $id) { productCount } }",
      { id: shopifyId },
    );
    expect(connection.productCount).toBe(3);
    const from = shopify.requests.length;
    await triggerSync(shopifyId);
    expect(shopifyStockPushes(shopify, from)).toEqual({ KETTLE: 5 });
  });

  test("pullOrders imports store orders once, however often they are pulled or also delivered", async () => {
    const order = {
      id: 820_982_911_946_154,
      name: "#1001",
      email: "pat@example.com",
      created_at: new Date().toISOString(),
      line_items: [{ sku: "MUG-RED", quantity: 2 }],
    };
    shopify.orders.push(order);
    const pull = () =>
      merchant.api.data<{ pullOrders: { count: number } }>(
        "mutation ($id: ID) { pullOrders(connectionId: $id) { count } }",
        { id: shopifyId },
      );
    expect((await pull()).pullOrders.count).toBe(1);
    expect((await pull()).pullOrders.count).toBe(0);
    expect((await postShopify("orders/create", order)).status).toBe(200);
    await stack.startWebhookWorker().drain();
    const orders = await stack.database.db.prisma.order.findMany({
      where: { clientId: merchant.clientId, externalId: String(order.id) },
    });
    expect(orders).toHaveLength(1);
    expect(orders[0]).toMatchObject({ source: "SHOPIFY" });
    const { connection } = await merchant.api.data<{ connection: { orderCount: number } }>(
      "query ($id: ID!) { connection(id: $id) { orderCount } }",
      { id: shopifyId },
    );
    expect(connection.orderCount).toBe(1);
  });
});

describe("Prokip", () => {
  let prokipId: string;

  test("configuring Prokip maps its products, and a store sale is forwarded to it with its id kept", async () => {
    const { configureProkip } = await merchant.api.data<{ configureProkip: { id: string; productCount: number } }>(
      "mutation ($input: ConfigureProkipInput!) { configureProkip(input: $input) { id productCount } }",
      { input: { token: prokipToken, locationId: "1" } },
    );
    prokipId = configureProkip.id;
    expect(configureProkip.productCount).toBe(1);

    // The sale imported by the previous test was made before Prokip was configured: the
    // first sync of the Prokip connection sends it.
    const [run] = await triggerSync(prokipId);
    expect(run).toMatchObject({ status: "SUCCEEDED", pushed: 1 });
    expect(prokip.stock.get(`${prokip.products[0]!.id}@1`)).toBeDefined();
    expect(prokip.sells).toHaveLength(1);
    expect(prokip.sells[0]!.body).toMatchObject({
      location_id: 1,
      status: "final",
      products: [{ product_id: prokip.products[0]!.id, quantity: 2 }],
    });
    const sale = await stack.database.db.prisma.salesLog.findFirstOrThrow({ where: { clientId: merchant.clientId } });
    expect(sale.prokipSaleId).toBe(String(prokip.sells[0]!.id));
  });

  test("a new store order goes to Prokip as soon as the worker imports it", async () => {
    const order = {
      id: 820_982_911_946_777,
      name: "#1002",
      email: "sam@example.com",
      created_at: new Date().toISOString(),
      line_items: [{ sku: "MUG-RED", quantity: 1 }],
    };
    const response = await postShopifyWebhook(stack.config.publicUrl, shop, "orders/create", order);
    expect(response.status).toBe(200);
    await stack.startWebhookWorker().drain();
    expect(prokip.sells).toHaveLength(2);
    const sale = await stack.database.db.prisma.salesLog.findFirstOrThrow({
      where: { clientId: merchant.clientId, externalOrderId: String(order.id) },
    });
    expect(sale.prokipSaleId).toBe(String(prokip.sells[1]!.id));

    // Prokip took the sale off its own stock; the next sync sets it back to ours, absolute.
    const [run] = await triggerSync(prokipId);
    expect(run).toMatchObject({ status: "SUCCEEDED", pushed: 1 });
    const level = await stack.database.db.prisma.inventoryLevel.findFirstOrThrow({
      where: { productId: products["MUG-RED"]!, locationId: location },
    });
    expect(prokip.stock.get(`${prokip.products[0]!.id}@1`)).toBe(level.onHand - level.reserved);
  });
});

describe("the connection's location", () => {
  test("decides whose stock is pushed; every SKU is pushed again after a change", async () => {
    const other = await createLocation(merchant.api, "ZZ-SHOWROOM");
    await setStock(merchant.api, products["MUG-RED"]!, other, 3);
    const { setConnectionLocation } = await merchant.api.data<{ setConnectionLocation: { locationId: string } }>(
      "mutation ($id: ID!, $loc: ID) { setConnectionLocation(id: $id, locationId: $loc) { locationId } }",
      { id: shopifyId, loc: other },
    );
    expect(setConnectionLocation.locationId).toBe(other);
    const from = shopify.requests.length;
    await triggerSync(shopifyId);
    expect(shopifyStockPushes(shopify, from)).toEqual({ "MUG-RED": 3, "MUG-BLUE": 0, KETTLE: 0 });

    const stranger = await createTenant(stack.http);
    const foreign = await createLocation(stranger.api, "MAIN");
    const refused = await merchant.api.request(
      "mutation ($id: ID!, $loc: ID) { setConnectionLocation(id: $id, locationId: $loc) { id } }",
      { id: shopifyId, loc: foreign },
    );
    expect(refused.errors?.[0]?.extensions?.code).toBe("NOT_FOUND");
  });
});

describe("disconnecting", () => {
  test("removes the webhooks we registered at each store", async () => {
    expect(shopify.webhooks).toHaveLength(4);
    expect(woo.webhooks).toHaveLength(4);
    await merchant.api.data("mutation ($id: ID!) { disconnect(id: $id) { id } }", { id: shopifyId });
    await merchant.api.data("mutation ($id: ID!) { disconnect(id: $id) { id } }", { id: wooId });
    expect(shopify.webhooks).toHaveLength(0);
    expect(woo.webhooks).toHaveLength(0);
    const refused = await merchant.api.request("mutation ($id: ID) { triggerSync(connectionId: $id) { id } }", {
      id: shopifyId,
    });
    expect(refused.errors?.[0]?.extensions?.code).toBe("INVALID_STATE_TRANSITION");
  });
});
