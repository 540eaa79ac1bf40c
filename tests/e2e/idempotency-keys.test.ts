import { databaseKind } from "../helpers/database";
import { createLocation, createOrder, createPublishedProduct, setStock, type OrderLine } from "../helpers/commerce";
import { startStack, type TestStack } from "../helpers/stack";
import { createTenant, type Tenant } from "../helpers/tenants";

/**
 * A checkout retried with its idempotency key gets the order its first try placed; the same
 * key sent with another cart is a client's bug, and is refused (IDEMPOTENCY_KEY_REUSED, 409
 * over REST) instead of answering with an order that is not the one asked for.
 */
let stack: TestStack;
let tenant: Tenant;
let productId: string;
let otherProductId: string;
let locationId: string;
let otherLocationId: string;

beforeAll(async () => {
  stack = await startStack({ dispatcher: false });
  tenant = await createTenant(stack.http);
  productId = await createPublishedProduct(tenant.api, "IDEM-A");
  otherProductId = await createPublishedProduct(tenant.api, "IDEM-B");
  locationId = await createLocation(tenant.api, "IDEM-1");
  otherLocationId = await createLocation(tenant.api, "IDEM-2");
  for (const product of [productId, otherProductId]) {
    for (const location of [locationId, otherLocationId]) await setStock(tenant.api, product, location, 100);
  }
});
afterAll(() => stack.stop());

const reservedOf = async (product: string): Promise<number> => {
  const { product: view } = await tenant.api.data<{ product: { inventory: { reserved: number }[] } }>(
    "query ($id: ID!) { product(id: $id) { inventory { reserved } } }",
    { id: product },
  );
  return view.inventory.reduce((sum, level) => sum + level.reserved, 0);
};

const placeWith = (key: string, input: Record<string, unknown>) =>
  tenant.api.request<{ createOrder: { id: string } }>(
    "mutation ($input: CreateOrderInput!) { createOrder(input: $input) { id } }",
    { input: { ...input, idempotencyKey: key } },
  );

const orderCount = async (): Promise<number> =>
  (await tenant.api.data<{ orders: { totalCount: number } }>("{ orders { totalCount } }")).orders.totalCount;

describe("over GraphQL", () => {
  test("the same request again returns the first order, however its optional fields are spelled", async () => {
    const lines: OrderLine[] = [{ productId, locationId, quantity: 2 }];
    const first = await placeWith("same-1", { items: lines, note: null });
    const again = await placeWith("same-1", { items: lines });
    expect(again.data?.createOrder.id).toBe(first.data?.createOrder.id);
  });

  // Each input is built when its test runs: the ids exist only after beforeAll.
  test.each([
    ["another quantity", () => ({ items: [{ productId, locationId, quantity: 3 }] })],
    ["another product", () => ({ items: [{ productId: otherProductId, locationId, quantity: 1 }] })],
    ["another location", () => ({ items: [{ productId, locationId: otherLocationId, quantity: 1 }] })],
    [
      "another line",
      () => ({
        items: [
          { productId, locationId, quantity: 1 },
          { productId: otherProductId, locationId, quantity: 1 },
        ],
      }),
    ],
    ["another customer", () => ({ items: [{ productId, locationId, quantity: 1 }], customerEmail: "b@example.com" })],
    ["another note", () => ({ items: [{ productId, locationId, quantity: 1 }], note: "gift wrap" })],
  ])("the key with %s is IDEMPOTENCY_KEY_REUSED, and nothing more is reserved", async (change, changedInput) => {
    const changed = changedInput();
    const key = `reused-${change.replace(/\W+/g, "-")}`;
    const original = { items: [{ productId, locationId, quantity: 1 }], customerEmail: "a@example.com" };
    const first = await placeWith(key, original);
    expect(first.errors).toBeUndefined();
    const [reservedBefore, ordersBefore] = [await reservedOf(productId), await orderCount()];

    const reused = await placeWith(key, changed);
    expect(reused.data ?? null).toBeNull();
    expect(reused.errors?.[0]?.extensions).toMatchObject({ code: "IDEMPOTENCY_KEY_REUSED", field: "idempotencyKey" });
    expect(reused.errors?.[0]?.message).toMatch(/different request/);
    expect([await reservedOf(productId), await orderCount()]).toEqual([reservedBefore, ordersBefore]);

    // The original request is still answered with its order.
    expect((await placeWith(key, original)).data?.createOrder.id).toBe(first.data?.createOrder.id);
  });

  test(`concurrent requests with one key and different carts: one order, the rest refused (${databaseKind})`, async () => {
    const carts = Array.from({ length: 6 }, (_, index) => [{ productId, locationId, quantity: index + 1 }]);
    const answers = await Promise.all(carts.map((items) => placeWith("race-1", { items })));
    const placed = answers.filter((answer) => answer.data?.createOrder);
    const refused = answers.filter((answer) => answer.errors?.[0]?.extensions?.code === "IDEMPOTENCY_KEY_REUSED");
    expect({ placed: placed.length, refused: refused.length }).toEqual({ placed: 1, refused: 5 });

    // Identical retries racing each other all get that one order.
    const winner = carts[answers.indexOf(placed[0]!)]!;
    const retries = await Promise.all(Array.from({ length: 6 }, () => placeWith("race-1", { items: winner })));
    expect(new Set(retries.map((answer) => answer.data?.createOrder.id))).toEqual(
      new Set([placed[0]!.data!.createOrder.id]),
    );
  });

  test("an order placed before requests were fingerprinted answers any replay of its key, as it did", async () => {
    const first = await createOrder(tenant.api, [{ productId, locationId, quantity: 1 }], "legacy-1");
    const orderId = first.data!.createOrder.id;
    await stack.database.db.prisma.order.update({ where: { id: orderId }, data: { idempotencyFingerprint: null } });
    const replay = await createOrder(tenant.api, [{ productId, locationId, quantity: 4 }], "legacy-1");
    expect(replay.data?.createOrder.id).toBe(orderId);
  });
});

describe("over REST", () => {
  const post = (key: string, body: unknown) =>
    fetch(`${stack.http.url.replace(/\/graphql$/, "/api/v1")}/orders`, {
      method: "POST",
      headers: {
        "x-api-key": tenant.platform.platformKey,
        "client-x-api-key": tenant.clientKey,
        "content-type": "application/json",
        "idempotency-key": key,
      },
      body: JSON.stringify(body),
    });

  test("Idempotency-Key with another body is a 409 IDEMPOTENCY_KEY_REUSED; the same body still replays", async () => {
    const body = { items: [{ productId, locationId, quantity: 1 }] };
    const first = await post("rest-1", body);
    expect(first.status).toBe(201);
    const { id } = (await first.json()) as { id: string };

    const reused = await post("rest-1", { items: [{ productId, locationId, quantity: 5 }] });
    expect(reused.status).toBe(409);
    expect(await reused.json()).toMatchObject({
      error: { code: "IDEMPOTENCY_KEY_REUSED", details: { field: "idempotencyKey" } },
    });

    const again = await post("rest-1", body);
    expect(again.status).toBe(201);
    expect(((await again.json()) as { id: string }).id).toBe(id);
  });

  test("the key reused by a GraphQL request with another cart is refused the same way", async () => {
    const rest = await post("both-1", { items: [{ productId, locationId, quantity: 1 }] });
    expect(rest.status).toBe(201);
    const graphql = await placeWith("both-1", { items: [{ productId, locationId, quantity: 2 }] });
    expect(graphql.errors?.[0]?.extensions?.code).toBe("IDEMPOTENCY_KEY_REUSED");
  });
});
