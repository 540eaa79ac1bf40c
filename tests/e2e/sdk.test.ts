import WebSocket from "ws";
import {
  ApiKeysDocument,
  CreateOrderDocument,
  MeDocument,
  OmniRequestError,
  OrderDocument,
  OrdersDocument,
  OrderUpdatedDocument,
  ProductDocument,
  ProductsDocument,
  SetInventoryDocument,
  StockChangedDocument,
  createOmniClient,
  type OmniClient,
  type OrdersQuery,
  type OrderUpdatedSubscription,
  type StockChangedSubscription,
} from "../../sdk/src";
import {
  CancelOrderDocument,
  CreateLocationDocument,
  CreateProductDocument,
  PublishProductDocument,
} from "../operations/generated";
import { loadConfig } from "../../subgraphs/core/src/config";
import { startStack, type TestStack } from "../helpers/stack";
import { createTenant, issueTenantKey, type Tenant } from "../helpers/tenants";

let stack: TestStack;
let tenant: Tenant;
let omni: OmniClient;

beforeAll(async () => {
  // Events go over Redis when the run has one (REDIS_URL), as between replicas.
  stack = await startStack({ redisUrl: loadConfig().redisUrl });
  tenant = await createTenant(stack.http);
  omni = createOmniClient({
    url: stack.gateway.url,
    platformKey: tenant.platform.platformKey,
    clientKey: tenant.clientKey,
    webSocketImpl: WebSocket,
  });
});
afterAll(async () => {
  await omni.dispose();
  await stack.stop();
});

let skus = 0;
/** A published product with stock at a new location, set up through the typed client. */
async function stockedProduct(onHand: number) {
  const sku = `SDK-${++skus}`;
  const { createProduct } = await omni.request(CreateProductDocument, {
    input: { sku, name: `Product ${sku}`, price: "12.50" },
  });
  await omni.request(PublishProductDocument, { id: createProduct.id });
  const { createLocation } = await omni.request(CreateLocationDocument, {
    input: { name: `Shelf ${sku}`, code: `shelf-${skus}` },
  });
  await omni.request(SetInventoryDocument, {
    input: { productId: createProduct.id, locationId: createLocation.id, onHand, reason: "count" },
  });
  return { productId: createProduct.id, locationId: createLocation.id, sku };
}

/** Collects a subscription's events; `waitFor` resolves with the first one that matches. */
function collect<T>(
  start: (sink: { next(data: T): void; error(error: unknown): void; subscribed(): void }) => () => void,
) {
  const events: T[] = [];
  let failure: unknown;
  let live: () => void = () => undefined;
  const subscribed = new Promise<void>((resolve) => (live = resolve));
  const stop = start({
    next: (data) => events.push(data),
    error: (error) => (failure = error),
    subscribed: () => live(),
  });
  return {
    stop,
    /** Resolves when the gateway confirms the subscription listens. */
    subscribed,
    async waitFor(matches: (event: T) => boolean, timeoutMs = 20_000): Promise<T> {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const found = events.find(matches);
        if (found) return found;
        if (failure) throw failure;
        if (Date.now() > deadline) throw new Error(`no matching event in ${JSON.stringify(events)}`);
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
    },
  };
}

describe("the typed SDK against a running gateway", () => {
  test("a tenant's client knows whose keys it holds", async () => {
    const { me } = await omni.request(MeDocument);
    expect(me.clientApp.id).toBe(tenant.platform.clientAppId);
    expect(me.client?.id).toBe(tenant.clientId);
  });

  test("a key's scopes read as the mutations spell them, beside the deprecated storage names", async () => {
    const { apiKeys } = await omni.request(ApiKeysDocument, {});
    expect(apiKeys.map(({ grantedScopes, scopes }) => ({ grantedScopes, scopes }))).toEqual([
      { grantedScopes: ["ADMIN"], scopes: ["admin"] },
    ]);
  });

  test("an order placed through the SDK reads back with its lines, stock and history", async () => {
    const { productId, locationId, sku } = await stockedProduct(5);

    const { createOrder } = await omni.request(CreateOrderDocument, {
      input: { items: [{ productId, locationId, quantity: 2 }], idempotencyKey: `sdk-${sku}` },
    });
    expect(createOrder).toMatchObject({
      status: "PENDING",
      source: "API",
      total: { amount: "25.00" },
      items: [{ sku, quantity: 2, unitPrice: { amount: "12.50" }, product: { id: productId, name: `Product ${sku}` } }],
    });

    const { order } = await omni.request(OrderDocument, { id: createOrder.id });
    expect(order?.number).toBe(createOrder.number);
    expect(order?.history.map((change) => change.to)).toEqual(["PENDING"]);

    const { product } = await omni.request(ProductDocument, { id: productId });
    expect(product?.available).toBe(3);
    expect(product?.inventory).toEqual([
      { location: expect.objectContaining({ id: locationId }), onHand: 5, reserved: 2, available: 3 },
    ]);
  });

  test("pages of orders and products follow the cursors to the end", async () => {
    const { productId, locationId } = await stockedProduct(10);
    for (let i = 0; i < 3; i++) {
      await omni.request(CreateOrderDocument, { input: { items: [{ productId, locationId, quantity: 1 }] } });
    }
    const numbers: number[] = [];
    let after: string | null = null;
    let total = 0;
    do {
      // Annotated: `after` feeds the next request, which TypeScript cannot infer in a loop.
      const { orders }: OrdersQuery = await omni.request(OrdersDocument, { first: 2, after });
      total = orders.totalCount;
      numbers.push(...orders.edges.map((edge) => edge.node.number));
      after = orders.pageInfo.hasNextPage ? orders.pageInfo.endCursor : null;
    } while (after);
    expect(numbers).toHaveLength(total);
    expect(new Set(numbers).size).toBe(total);

    const { products } = await omni.request(ProductsDocument, { filter: { status: "PUBLISHED" }, first: 100 });
    expect(products.edges.map((edge) => edge.node.id)).toContain(productId);
  });

  test("a refused operation rejects with the gateway's code, and execute shows the cost", async () => {
    const { productId, locationId } = await stockedProduct(1);
    const overselling = omni.request(CreateOrderDocument, {
      input: { items: [{ productId, locationId, quantity: 2 }] },
    });
    await expect(overselling).rejects.toBeInstanceOf(OmniRequestError);
    await expect(overselling).rejects.toMatchObject({ code: "INSUFFICIENT_STOCK" });

    const stranger = createOmniClient({ url: stack.gateway.url, platformKey: "pk_nope", clientKey: "sk_nope" });
    await expect(stranger.request(MeDocument)).rejects.toMatchObject({ status: 401, code: "UNAUTHENTICATED" });

    const answer = await omni.execute(MeDocument);
    expect(answer.status).toBe(200);
    expect(answer.extensions?.cost).toMatchObject({ requestedQueryCost: expect.any(Number) });
  });

  test("stockChanged and orderUpdated arrive typed over the client's WebSocket", async () => {
    const { productId, locationId } = await stockedProduct(4);
    const stock = collect<StockChangedSubscription>((sink) =>
      omni.subscribe(StockChangedDocument, { productId }, sink),
    );
    const orders = collect<OrderUpdatedSubscription>((sink) =>
      omni.subscribe(OrderUpdatedDocument, { statuses: ["CANCELLED"] }, sink),
    );
    // Both listen before the stock changes: the SDK passes on the gateway's acknowledgement.
    await Promise.all([stock.subscribed, orders.subscribed]);

    await omni.request(SetInventoryDocument, { input: { productId, locationId, onHand: 7, reason: "recount" } });
    const { createOrder } = await omni.request(CreateOrderDocument, {
      input: { items: [{ productId, locationId, quantity: 1 }] },
    });
    await omni.request(CancelOrderDocument, { id: createOrder.id, reason: "changed mind" });

    // The set-up's own stock change may arrive first: the dispatcher publishes after commit.
    const counted = await stock.waitFor((event) => event.stockChanged.reason === "recount");
    expect(counted.stockChanged).toMatchObject({ product: { id: productId }, onHand: 7, delta: 3, reason: "recount" });
    const cancelled = await orders.waitFor((event) => event.orderUpdated.order.id === createOrder.id);
    expect(cancelled.orderUpdated).toMatchObject({
      type: "STATUS_CHANGED",
      previousStatus: "PENDING",
      order: { id: createOrder.id, status: "CANCELLED" },
    });
    stock.stop();
    orders.stop();
  });

  test("a subscription the key may not open fails with the gateway's code", async () => {
    const shopKey = await issueTenantKey(tenant, ["STOREFRONT"]);
    const storefront = createOmniClient({
      url: stack.gateway.url,
      platformKey: tenant.platform.platformKey,
      clientKey: shopKey.clientKey,
      webSocketImpl: WebSocket,
    });
    const refusal = new Promise<unknown>((resolve) => {
      storefront.subscribe(OrderUpdatedDocument, {}, { next: () => resolve("an event"), error: resolve });
    });
    await expect(refusal).resolves.toMatchObject({ name: "OmniRequestError", code: "FORBIDDEN" });
    await storefront.dispose();
  });
});

describe("the SDK for the callers that hold no secret key", () => {
  test("a staff app's client sends its access token, asked afresh for every request and connection", async () => {
    const { productId, locationId } = await stockedProduct(10);
    const { createUser } = await tenant.api.data<{ createUser: { id: string } }>(
      'mutation { createUser(input: { email: "sdk-staff@shop.example", name: "S", role: STAFF, staffAppAccess: true }) { id } }',
    );
    const { registerStaffApp, issuePasswordToken } = await tenant.api.data<{
      registerStaffApp: { id: string };
      issuePasswordToken: { token: string };
    }>(`mutation ($id: ID!) { registerStaffApp(name: "SDK till") { id } issuePasswordToken(userId: $id) { token } }`, {
      id: createUser.id,
    });
    const base = stack.gateway.url.replace(/\/graphql$/, "");
    const post = (path: string, body: unknown) =>
      fetch(`${base}${path}`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(body),
      });
    const password = "a passphrase for the sdk test";
    expect((await post("/auth/set-password", { token: issuePasswordToken.token, password })).status).toBe(204);
    const login = (await (
      await post("/auth/login", { email: "sdk-staff@shop.example", password, appId: registerStaffApp.id })
    ).json()) as { accessToken: string };
    let asked = 0;
    const staff = createOmniClient({
      url: stack.gateway.url,
      accessToken: () => (asked++, login.accessToken),
      webSocketImpl: WebSocket,
    });
    try {
      const { createOrder } = await staff.request(CreateOrderDocument, {
        input: { items: [{ productId, locationId, quantity: 1 }] },
      });
      expect(createOrder.status).toBe("PENDING");
      const changes = collect<StockChangedSubscription>((sink) =>
        staff.subscribe(StockChangedDocument, { productId }, sink),
      );
      await changes.subscribed;
      await omni.request(SetInventoryDocument, { input: { productId, locationId, onHand: 3, reason: "count" } });
      await changes.waitFor((event) => event.stockChanged.onHand === 3);
      changes.stop();
      expect(asked).toBe(2);
      await expect(
        staff.request(SetInventoryDocument, { input: { productId, locationId, onHand: 1, reason: "count" } }),
      ).rejects.toMatchObject({ code: "FORBIDDEN" });
    } finally {
      await staff.dispose();
    }
  });

  test("a storefront's client sends its publishable key alone", async () => {
    const { sku } = await stockedProduct(5);
    const { issuePublishableKey } = await tenant.api.data<{ issuePublishableKey: { publishableKey: string } }>(
      'mutation { issuePublishableKey(allowedOrigins: ["http://localhost:3000"]) { publishableKey } }',
    );
    const shop = createOmniClient({ url: stack.gateway.url, publishableKey: issuePublishableKey.publishableKey });
    const { products } = await shop.request(ProductsDocument, { first: 100 });
    expect(products.edges.map((edge) => edge.node.sku)).toContain(sku);
    await shop.dispose();
  });
});
