import { requestRematch } from "../../subgraphs/integrations/src/services/product-mapping";
import { startFakeShopify, type FakeShopify } from "../fakes/shopify";
import { createLocation, createPublishedProduct, setStock } from "../helpers/commerce";
import { connectShopifyShop, integrationConfig, shopifyApp, shopifyStockPushes } from "../helpers/integrations";
import { startStack, type TestStack } from "../helpers/stack";
import { createTenant, type Tenant } from "../helpers/tenants";
import { waitFor } from "../helpers/wait";

let stack: TestStack;
let shopify: FakeShopify;
let merchant: Tenant;
let location: string;
let connectionId: string;
let lampId: string;

const shop = "rematch-test.myshopify.com";

beforeAll(async () => {
  shopify = await startFakeShopify({ shop, ...shopifyApp });
  // The shop sells more than the tenant has in its catalog when it connects.
  shopify.addProduct("Mug", ["MUG-1"]);
  shopify.addProduct("Lamp", ["LAMP-1"]);
  shopify.addProduct("Vase", ["VASE-1"]);
  stack = await startStack({ config: await integrationConfig({ shopifyBaseUrl: shopify.url }) });
  merchant = await createTenant(stack.http);
  location = await createLocation(merchant.api, "MAIN");
  await setStock(merchant.api, await createPublishedProduct(merchant.api, "MUG-1"), location, 4);
  // And the tenant sells a kettle the shop does not, yet.
  await createPublishedProduct(merchant.api, "KETTLE-1");
  connectionId = await connectShopifyShop(merchant.api, shop);
  // The set-up's own product events are handled now, not in the middle of a test.
  await stack.dispatcher!.drain();
});
afterAll(async () => {
  await stack.stop();
  await shopify.stop();
});

async function productCount(tenant = merchant): Promise<number> {
  const { connection } = await tenant.api.data<{ connection: { productCount: number } }>(
    "query ($id: ID!) { connection(id: $id) { productCount } }",
    { id: connectionId },
  );
  return connection.productCount;
}

const requestedAt = async () =>
  (await stack.database.db.prisma.connection.findUniqueOrThrow({ where: { id: connectionId } })).rematchRequestedAt;

const databaseNow = async () =>
  (await stack.database.db.prisma.$queryRaw<[{ now: Date }]>`SELECT date_trunc('milliseconds', now()) AS "now"`)[0].now;

const rematchRequested = async () =>
  (await stack.database.db.prisma.connection.findUniqueOrThrow({ where: { id: connectionId } })).rematchRequestedAt !==
  null;

describe("products created after the store was connected", () => {
  test("a product published with a SKU the shop sells is matched by the next sync, which pushes its stock", async () => {
    expect(await productCount()).toBe(1);
    const publishedFrom = await databaseNow();
    lampId = await createPublishedProduct(merchant.api, "LAMP-1", "45.00");
    await setStock(merchant.api, lampId, location, 7);
    // The publish event marks the connection; no hourly re-match, no store webhook needed.
    await stack.dispatcher!.drain();
    expect((await requestedAt())?.getTime()).toBeGreaterThanOrEqual(publishedFrom.getTime());

    const from = shopify.requests.length;
    const { triggerSync } = await merchant.api.data<{ triggerSync: { status: string; pushed: number }[] }>(
      "mutation ($id: ID) { triggerSync(connectionId: $id) { status pushed } }",
      { id: connectionId },
    );
    expect(triggerSync).toEqual([{ status: "SUCCEEDED", pushed: 2 }]);
    expect(shopifyStockPushes(shopify, from)).toEqual({ "MUG-1": 4, "LAMP-1": 7 });
    expect(await productCount()).toBe(2);
    expect(await rematchRequested()).toBe(false);
  });

  test("the re-match worker matches a newly published product within seconds, before any sync", async () => {
    stack.startRematchWorker({ cooldownMs: 0, pollIntervalMs: 50 });
    const from = shopify.requests.length;
    await createPublishedProduct(merchant.api, "VASE-1", "19.00");
    await waitFor(async () => (await productCount()) === 3, 10_000, "the vase to be matched");
    expect(shopifyStockPushes(shopify, from)).toEqual({});
  });

  test("rematchProducts matches what the shop started selling now, for the tenant's own connections only", async () => {
    // The shop starts selling the kettle and sends no webhook for it; nothing changed here.
    shopify.addProduct("Kettle", ["KETTLE-1"]);
    expect(await productCount()).toBe(3);

    // A shop that refuses the listing: the tenant reads why, and the matches stay as they were.
    shopify.throttle(1, 60);
    const throttled = await merchant.api.request("mutation ($id: ID!) { rematchProducts(connectionId: $id) { id } }", {
      id: connectionId,
    });
    expect(throttled.errors?.[0]).toMatchObject({
      message: expect.stringMatching(/HTTP 429/),
      extensions: { code: "SERVICE_UNAVAILABLE" },
    });
    expect(await productCount()).toBe(3);

    const { rematchProducts } = await merchant.api.data<{ rematchProducts: { id: string; productCount: number } }>(
      "mutation ($id: ID!) { rematchProducts(connectionId: $id) { id productCount } }",
      { id: connectionId },
    );
    expect(rematchProducts).toEqual({ id: connectionId, productCount: 4 });

    const stranger = await createTenant(stack.http);
    const refused = await stranger.api.request("mutation ($id: ID!) { rematchProducts(connectionId: $id) { id } }", {
      id: connectionId,
    });
    expect(refused.errors?.[0]?.extensions?.code).toBe("NOT_FOUND");
  });

  test("a new price for a mapped product asks for no store listing; a new SKU does, and its old match goes", async () => {
    const update = (input: Record<string, unknown>) =>
      merchant.api.data(
        "mutation ($id: ID!, $input: UpdateProductInput!) { updateProduct(id: $id, input: $input) { id } }",
        {
          id: lampId,
          input,
        },
      );
    const prisma = stack.database.db.prisma;
    await update({ price: "49.00" });
    expect(await requestRematch(prisma, merchant.clientId, [lampId, lampId])).toBe(0);
    // One request for a batch of changes: a product the shop has not matched marks the connection.
    const deskId = await createPublishedProduct(merchant.api, "DESK-1");
    expect(await requestRematch(prisma, merchant.clientId, [lampId, deskId])).toBe(1);

    await update({ sku: "LAMP-2" });
    expect(await requestRematch(prisma, merchant.clientId, [lampId])).toBe(1);
    // The worker matches again: the shop has no LAMP-2, so the lamp is no longer matched.
    await waitFor(async () => (await productCount()) === 3, 10_000, "the lamp's old match to go");
  });
});
