import axios, { type AxiosInstance, type AxiosResponse } from "axios";
import { startFakeProkip, type FakeProkip } from "../fakes/prokip";
import { startFakeShopify, type FakeShopify } from "../fakes/shopify";
import { startFakeWooCommerce, type FakeWooCommerce } from "../fakes/woocommerce";
import { integrationConfig, shopifyApp } from "../helpers/integrations";
import { startStack, type TestStack } from "../helpers/stack";
import { createTenant, type Tenant } from "../helpers/tenants";

let stack: TestStack;
let shopify: FakeShopify;
let woo: FakeWooCommerce;
let prokip: FakeProkip;
let tenant: Tenant;
let gateway: AxiosInstance;

const shop = "rest-seed.myshopify.com";
const wooKeys = {
  consumerKey: "ck_0f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c",
  consumerSecret: "cs_9a8b7c6d5e4f30211203f4e5d6c7b8a99a8b7c6d",
};
const prokipToken = "prokip-rest-seed-token-1a2b3c4d";

/**
 * Seed 000's `createOmniGateway(clientApiKey)`, as BookMaster writes it: an axios instance with
 * the platform key and the tenant key; moving to us changes only its baseURL.
 */
function createOmniGateway(baseURL: string, platformKey: string, clientApiKey: string): AxiosInstance {
  return axios.create({
    baseURL,
    headers: { "x-api-key": platformKey, "client-x-api-key": clientApiKey, "Content-Type": "application/json" },
    // The client reads refusals itself, as ours do: every status resolves.
    validateStatus: () => true,
  });
}

function restBase(stack: TestStack): string {
  return stack.http.url.replace(/\/graphql$/, "/api/v1");
}

/** The body of an answer with this status; any other fails the test with what the body said. */
function expectOk<T>(response: AxiosResponse<T>, status = 200): T {
  if (response.status !== status) {
    throw new Error(
      `${response.config.method} ${response.config.url}: ${response.status} ${JSON.stringify(response.data)}`,
    );
  }
  return response.data;
}

beforeAll(async () => {
  shopify = await startFakeShopify({ shop, ...shopifyApp });
  woo = await startFakeWooCommerce(wooKeys);
  prokip = await startFakeProkip({ token: prokipToken });
  woo.addProduct("Notebook", "NOTE-A5");
  stack = await startStack({
    config: await integrationConfig({ shopifyBaseUrl: shopify.url, prokipApiUrl: prokip.url }),
    dispatcher: false,
  });
  tenant = await createTenant(stack.http);
  gateway = createOmniGateway(restBase(stack), tenant.platform.platformKey, tenant.clientKey);
}, 60_000);
afterAll(async () => {
  await stack?.stop();
  await Promise.all([shopify?.stop(), woo?.stop(), prokip?.stop()]);
});

describe("a seed client moved by its base URL alone", () => {
  test("GET /batches, POST /users and GET /users/{id} answer as their names say", async () => {
    const batches = expectOk(await gateway.get("/batches"));
    expect(batches).toMatchObject({ edges: [], totalCount: 0, pageInfo: { hasNextPage: false } });

    const created = expectOk(
      await gateway.post<{ id: string; email: string; role: string }>("/users", {
        email: "reader@bookmaster.example",
        name: "Reader",
      }),
      201,
    );
    expect(created).toMatchObject({ email: "reader@bookmaster.example", role: "CUSTOMER" });
    const fetched = expectOk(await gateway.get<{ id: string; name: string }>(`/users/${created.id}`));
    expect(fetched).toMatchObject({ id: created.id, name: "Reader" });
    // The GraphQL surface sees the same user: one API, two spellings.
    const { user } = await tenant.api.data<{ user: { email: string } }>(
      "query ($id: ID!) { user(id: $id) { email } }",
      {
        id: created.id,
      },
    );
    expect(user.email).toBe("reader@bookmaster.example");
  });

  test("a product, its stock and an order go round trip through their status actions", async () => {
    const product = expectOk(
      await gateway.post<{ id: string; status: string }>("/products", { sku: "BOOK-1", name: "Book", price: "12.50" }),
      201,
    );
    expect(product.status).toBe("DRAFT");
    expect(expectOk(await gateway.post(`/products/${product.id}/publish`))).toMatchObject({ status: "PUBLISHED" });
    const location = expectOk(await gateway.post<{ id: string }>("/locations", { name: "Shelf", code: "SHELF" }), 201);
    const level = expectOk(
      await gateway.put("/stock", { productId: product.id, locationId: location.id, onHand: 5, reason: "count" }),
    );
    expect(level).toMatchObject({ onHand: 5, available: 5, product: { id: product.id } });
    const batch = expectOk(
      await gateway.post<{ id: string }>("/batches", {
        productId: product.id,
        locationId: location.id,
        quantity: 3,
        lotNumber: "LOT-1",
      }),
      201,
    );
    const batches = expectOk(await gateway.get<{ edges: { node: { id: string } }[] }>("/batches"));
    expect(batches.edges.map((edge) => edge.node.id)).toContain(batch.id);

    const order = expectOk(
      await gateway.post<{ id: string; status: string; total: { amount: string } }>("/orders", {
        items: [{ productId: product.id, locationId: location.id, quantity: 2 }],
      }),
      201,
    );
    expect(order).toMatchObject({ status: "PENDING", total: { amount: "25.00" } });
    expect(expectOk(await gateway.get(`/stock?filter[productId]=${product.id}`))).toMatchObject({
      edges: [{ node: { onHand: 8, reserved: 2, available: 6 } }],
    });
    expect(expectOk(await gateway.post(`/orders/${order.id}/process`))).toMatchObject({ status: "PROCESSING" });
    expect(expectOk(await gateway.post(`/orders/${order.id}/complete`))).toMatchObject({ status: "COMPLETED" });
    expect(expectOk(await gateway.get(`/orders/${order.id}`))).toMatchObject({ id: order.id, status: "COMPLETED" });
    const movements = expectOk(
      await gateway.get<{ totalCount: number }>(`/stock/movements?filter[productId]=${product.id}`),
    );
    expect(movements.totalCount).toBeGreaterThanOrEqual(3);
  });

  test("seed 004's connection and sync routes", async () => {
    const initiated = expectOk(await gateway.post<{ authUrl: string }>("/connections/shopify/initiate", { shop }));
    expect(new URL(initiated.authUrl).host).toBe(new URL(shopify.url).host);

    const wooConnection = expectOk(
      await gateway.post<{ id: string; platform: string }>("/connections/woocommerce", {
        storeUrl: woo.url,
        ...wooKeys,
      }),
      201,
    );
    expect(wooConnection.platform).toBe("WOOCOMMERCE");
    const prokipConnection = expectOk(
      await gateway.post<{ id: string; platform: string }>("/connections/prokip", {
        token: prokipToken,
        locationId: "1",
      }),
      201,
    );
    expect(prokipConnection.platform).toBe("PROKIP");
    const listed = expectOk(await gateway.get<{ id: string }[]>("/connections"));
    expect(listed.map((connection) => connection.id).sort()).toEqual([wooConnection.id, prokipConnection.id].sort());

    const runs = expectOk(await gateway.post<{ id: string }[]>("/sync", { connectionId: wooConnection.id }));
    expect(runs).toHaveLength(1);
    const status = expectOk(
      await gateway.get<{ edges: { node: { id: string } }[] }>(`/sync/status?connectionId=${wooConnection.id}`),
    );
    expect(status.edges.map((edge) => edge.node.id)).toContain(runs[0]!.id);
    expect(expectOk(await gateway.post("/sync/pull-orders", { connectionId: wooConnection.id }))).toMatchObject({
      count: expect.any(Number),
    });
    expect(expectOk(await gateway.post("/sync/pause", {}))).toEqual(
      expect.arrayContaining([expect.objectContaining({ id: wooConnection.id, syncEnabled: false })]),
    );
    expect(expectOk(await gateway.post("/sync/resume", { connectionId: wooConnection.id }))).toEqual([
      expect.objectContaining({ id: wooConnection.id, syncEnabled: true }),
    ]);
    expect(expectOk(await gateway.delete(`/connections/${prokipConnection.id}`))).toMatchObject({
      id: prokipConnection.id,
      status: "DISCONNECTED",
    });
  });
});

describe("REST conventions", () => {
  test("a category does not embed its products: they are a list of their own", async () => {
    const category = expectOk(
      await gateway.post<{ id: string; slug: string }>("/categories", { name: "Fiction", slug: "fiction" }),
      201,
    );
    expectOk(
      await gateway.post("/products", { sku: "NOVEL", name: "Novel", price: "9.00", categoryId: category.id }),
      201,
    );
    const listed = expectOk(await gateway.get<Record<string, unknown>[]>("/categories"));
    expect(listed).toEqual([expect.objectContaining({ id: category.id, name: "Fiction" })]);
    expect(listed[0]).not.toHaveProperty("products");
    const products = expectOk(
      await gateway.get<{ edges: { node: { sku: string } }[] }>(`/products?filter[categoryId]=${category.id}`),
    );
    expect(products.edges.map((edge) => edge.node.sku)).toEqual(["NOVEL"]);
  });

  test("lists page with first/after and say where the next page is in a Link header", async () => {
    for (const sku of ["PAGE-1", "PAGE-2", "PAGE-3"]) {
      expectOk(await gateway.post("/products", { sku, name: sku, price: "1.00" }), 201);
    }
    const seen: string[] = [];
    let path: string | undefined = "/products?first=2&filter[search]=PAGE";
    while (path) {
      const response: AxiosResponse<{ edges: { node: { sku: string } }[] }> = await gateway.get(path);
      seen.push(...expectOk(response).edges.map((edge) => edge.node.sku));
      const link = response.headers.link as string | undefined;
      const next = link && /^<([^>]+)>; rel="next"$/.exec(link)?.[1];
      path = next ? next.slice(restBase(stack).length) : undefined;
      if (seen.length > 10) throw new Error("paging does not end");
    }
    expect(seen.sort()).toEqual(["PAGE-1", "PAGE-2", "PAGE-3"]);
  });

  test("the fields of an object parameter are read by their types: booleans, lists, dates", async () => {
    const operator = axios.create({
      baseURL: restBase(stack),
      headers: { "x-api-key": tenant.platform.platformKey },
      validateStatus: () => true,
    });
    const active = expectOk(await operator.get<{ totalCount: number }>("/clients?filter[isActive]=true"));
    expect(active.totalCount).toBe(1);
    const inactive = expectOk(await operator.get<{ totalCount: number }>("/clients?filter[isActive]=false"));
    expect(inactive.totalCount).toBe(0);
    const refused = await operator.get("/clients?filter[isActive]=maybe");
    expect(refused.status).toBe(422);
    expect(JSON.stringify(refused.data)).toContain("filter.isActive");

    const count = async (query: string) =>
      expectOk(await gateway.get<{ totalCount: number }>(`/orders?${query}`)).totalCount;
    const completed = await count("filter[status]=COMPLETED");
    expect(completed).toBeGreaterThanOrEqual(1);
    expect(await count("filter[status]=REFUNDED")).toBe(0);
    expect(await count("filter[status][]=COMPLETED&filter[status][]=REFUNDED")).toBe(completed);
    expect(await count("filter[status]=COMPLETED,REFUNDED")).toBe(completed);
    expect(await count("filter[status]=COMPLETED&filter[createdAfter]=2999-01-01T00:00:00Z")).toBe(0);
  });

  test("an Idempotency-Key replays the order it created instead of creating another", async () => {
    const product = expectOk(
      await gateway.post<{ id: string }>("/products", { sku: "IDEM", name: "I", price: "2.00" }),
      201,
    );
    expectOk(await gateway.post(`/products/${product.id}/publish`));
    const location = expectOk(await gateway.post<{ id: string }>("/locations", { name: "Idem", code: "IDEM" }), 201);
    expectOk(await gateway.put("/stock", { productId: product.id, locationId: location.id, onHand: 10 }));
    const body = { items: [{ productId: product.id, locationId: location.id, quantity: 1 }] };
    const headers = { "Idempotency-Key": "order-7f3a" };
    const first = expectOk(await gateway.post<{ id: string }>("/orders", body, { headers }), 201);
    const again = expectOk(await gateway.post<{ id: string }>("/orders", body, { headers }), 201);
    expect(again.id).toBe(first.id);
    expect(expectOk(await gateway.get(`/stock?filter[productId]=${product.id}`))).toMatchObject({
      edges: [{ node: { reserved: 1 } }],
    });
    const other = expectOk(await gateway.post<{ id: string }>("/orders", body), 201);
    expect(other.id).not.toBe(first.id);
  });

  test("bad credentials, a missing resource and a state-machine refusal give the documented status and body", async () => {
    const stranger = createOmniGateway(restBase(stack), tenant.platform.platformKey, "sk_not_a_key");
    const refused = await stranger.get("/products");
    expect({ status: refused.status, body: refused.data }).toEqual({
      status: 401,
      body: { error: { code: "UNAUTHENTICATED", message: "Missing or invalid API key", details: {} } },
    });

    const missing = await gateway.get("/orders/00000000-0000-0000-0000-000000000000");
    expect(missing.status).toBe(404);
    expect(missing.data).toMatchObject({ error: { code: "NOT_FOUND", message: expect.any(String) } });

    const product = expectOk(
      await gateway.post<{ id: string }>("/products", { sku: "FLOW", name: "F", price: "3.00" }),
      201,
    );
    const refusal = await gateway.post(`/products/${product.id}/restore`);
    expect(refusal.status).toBe(409);
    expect(refusal.data).toMatchObject({
      error: { code: "INVALID_STATE_TRANSITION", details: { from: "DRAFT", allowed: ["PUBLISHED"] } },
    });

    const refusedValues = await gateway.post("/products", { sku: "BAD", name: "B", price: "1.234" });
    expect(refusedValues.status).toBe(422);
    expect(refusedValues.data).toMatchObject({ error: { code: "BAD_USER_INPUT" } });
    const unreadable = await gateway.post("/products", "{not json", { transformRequest: (data: unknown) => data });
    expect(unreadable.status).toBe(400);
    expect(unreadable.data).toMatchObject({ error: { code: "BAD_USER_INPUT" } });
    for (const path of ["/no-such-resource", "/webhook", `${restBase(stack).replace("/api/v1", "/API/V1")}/products`]) {
      const nowhere = await gateway.get(path);
      expect({ path, status: nowhere.status, body: nowhere.data }).toMatchObject({
        status: 404,
        body: { error: { code: "NOT_FOUND" } },
      });
    }
  });
});
