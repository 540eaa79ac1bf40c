import { databaseKind } from "../helpers/database";
import { createLocation, createOrder, createPublishedProduct, setStock } from "../helpers/commerce";
import { startStack, type TestStack } from "../helpers/stack";
import { createTenant, registerTenant, type Tenant } from "../helpers/tenants";

let stack: TestStack;
beforeAll(async () => {
  stack = await startStack();
});
afterAll(() => stack.stop());

interface StockView {
  product: { available: number; inventory: { onHand: number; reserved: number; available: number }[] };
}
const stockOf = (tenant: Tenant, productId: string) =>
  tenant.api.data<StockView>(
    "query ($id: ID!) { product(id: $id) { available inventory { onHand reserved available } } }",
    { id: productId },
  );

describe("a storefront selling its last units", () => {
  test("the whole story: catalog, stock, 40 buyers for 5 units, idempotency, status flow", async () => {
    const tenant = await createTenant(stack.http);
    const { api } = tenant;

    const { createCategory } = await api.data<{ createCategory: { id: string } }>(
      'mutation { createCategory(input: { name: "Mugs", slug: "mugs" }) { id } }',
    );
    const { createProduct } = await api.data<{ createProduct: { id: string; status: string } }>(
      `mutation ($categoryId: ID!) {
        createProduct(input: { sku: "MUG-1", name: "Mug", price: "12.50", categoryId: $categoryId }) { id status }
      }`,
      { categoryId: createCategory.id },
    );
    expect(createProduct.status).toBe("DRAFT");
    const productId = createProduct.id;

    const archived = await api.request("mutation ($id: ID!) { archiveProduct(id: $id) { id } }", { id: productId });
    expect(archived.errors?.[0]?.extensions).toMatchObject({
      code: "INVALID_STATE_TRANSITION",
      from: "DRAFT",
      to: "ARCHIVED",
    });
    await api.data("mutation ($id: ID!) { publishProduct(id: $id) { status } }", { id: productId });

    const locationId = await createLocation(api, "MAIN");
    await setStock(api, productId, locationId, 5);

    const attempts = await Promise.all(
      Array.from({ length: 40 }, () => createOrder(api, [{ productId, locationId, quantity: 1 }])),
    );
    const succeeded = attempts.filter((attempt) => attempt.data?.createOrder);
    const refused = attempts.filter((attempt) => attempt.errors?.[0]?.extensions?.code === "INSUFFICIENT_STOCK");
    expect(succeeded).toHaveLength(5);
    expect(refused).toHaveLength(35);
    expect(refused[0]?.errors?.[0]?.extensions?.productIds).toEqual([productId]);
    const numbers = succeeded.map((attempt) => attempt.data!.createOrder.number).sort((a, b) => a - b);
    expect(numbers).toEqual([1, 2, 3, 4, 5]);

    const stock = await stockOf(tenant, productId);
    expect(stock.product.available).toBe(0);
    expect(stock.product.inventory).toEqual([{ onHand: 5, reserved: 5, available: 0 }]);

    // Cancelling one order frees its unit for an idempotent retry loop.
    const firstId = succeeded[0]!.data!.createOrder.id;
    await api.data('mutation ($id: ID!) { cancelOrder(id: $id, reason: "changed mind") { status } }', { id: firstId });
    const once = await createOrder(api, [{ productId, locationId, quantity: 1 }], "checkout-42");
    const again = await createOrder(api, [{ productId, locationId, quantity: 1 }], "checkout-42");
    expect(again.data?.createOrder.id).toBe(once.data?.createOrder.id);
    expect((await stockOf(tenant, productId)).product.inventory[0]).toMatchObject({ reserved: 5, available: 0 });

    const orderId = once.data!.createOrder.id;
    const early = await api.request("mutation ($id: ID!) { completeOrder(id: $id) { id } }", { id: orderId });
    expect(early.errors?.[0]?.extensions).toMatchObject({
      code: "INVALID_STATE_TRANSITION",
      from: "PENDING",
      to: "COMPLETED",
    });

    for (const step of ["processOrder", "completeOrder", "refundOrder"]) {
      await api.data(`mutation ($id: ID!) { ${step}(id: $id) { id } }`, { id: orderId });
    }
    const { order } = await api.data<{
      order: { status: string; total: { amount: string }; history: { from: string | null; to: string }[] };
    }>("query ($id: ID!) { order(id: $id) { status total { amount } history { from to } } }", { id: orderId });
    expect(order.status).toBe("REFUNDED");
    expect(order.total.amount).toBe("12.50");
    expect(order.history).toEqual([
      { from: null, to: "PENDING" },
      { from: "PENDING", to: "PROCESSING" },
      { from: "PROCESSING", to: "COMPLETED" },
      { from: "COMPLETED", to: "REFUNDED" },
    ]);
    // Sold one (onHand 4), refunded with restock (back to 5); four orders still hold theirs.
    expect((await stockOf(tenant, productId)).product.inventory[0]).toEqual({ onHand: 5, reserved: 4, available: 1 });
  });

  test(`orders touching the same rows in opposite orders never surface a deadlock (${databaseKind})`, async () => {
    const tenant = await createTenant(stack.http);
    const [a, b] = await Promise.all([
      createPublishedProduct(tenant.api, "A-1"),
      createPublishedProduct(tenant.api, "B-1"),
    ]);
    const [north, south] = [await createLocation(tenant.api, "N"), await createLocation(tenant.api, "S")];
    for (const productId of [a, b]) {
      for (const locationId of [north, south]) await setStock(tenant.api, productId, locationId, 100);
    }
    const lines = [
      { productId: a, locationId: north, quantity: 1 },
      { productId: b, locationId: south, quantity: 2 },
      { productId: b, locationId: north, quantity: 1 },
      { productId: a, locationId: south, quantity: 1 },
    ];
    const results = await Promise.all(
      Array.from({ length: 30 }, (_, index) => createOrder(tenant.api, index % 2 === 0 ? lines : [...lines].reverse())),
    );
    expect(results.filter((result) => result.errors)).toEqual([]);
    const levels = await stack.database.db.prisma.inventoryLevel.findMany({ where: { clientId: tenant.clientId } });
    expect(levels.map((level) => level.reserved).sort((x, y) => x - y)).toEqual([30, 30, 30, 60]);
  });
});

describe("order rules", () => {
  let tenant: Tenant;
  let productId: string;
  let locationId: string;
  beforeAll(async () => {
    tenant = await createTenant(stack.http);
    productId = await createPublishedProduct(tenant.api, "RULE-1", "3.30");
    locationId = await createLocation(tenant.api, "R");
    await setStock(tenant.api, productId, locationId, 10);
  });

  test("prices are snapshotted and totals exact", async () => {
    const { data } = await createOrder(tenant.api, [{ productId, locationId, quantity: 3 }]);
    expect(data?.createOrder).toMatchObject({
      status: "PENDING",
      total: { amount: "9.90", currency: "USD" },
      items: [{ sku: "RULE-1", quantity: 3, unitPrice: { amount: "3.30" } }],
    });
  });

  test("a draft product cannot be ordered", async () => {
    const { createProduct } = await tenant.api.data<{ createProduct: { id: string } }>(
      'mutation { createProduct(input: { sku: "DRAFT-1", name: "Draft", price: "1.00" }) { id } }',
    );
    const response = await createOrder(tenant.api, [{ productId: createProduct.id, locationId, quantity: 1 }]);
    expect(response.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
  });

  test("an order is all or nothing: one short line reserves nothing", async () => {
    const scarce = await createPublishedProduct(tenant.api, "SCARCE-1");
    await setStock(tenant.api, scarce, locationId, 1);
    const before = await stockOf(tenant, productId);
    const response = await createOrder(tenant.api, [
      { productId, locationId, quantity: 1 },
      { productId: scarce, locationId, quantity: 2 },
    ]);
    expect(response.errors?.[0]?.extensions).toMatchObject({ code: "INSUFFICIENT_STOCK", productIds: [scarce] });
    expect(await stockOf(tenant, productId)).toEqual(before);
  });

  test("bad items are BAD_USER_INPUT with the field, not a 500", async () => {
    for (const items of [
      [],
      [{ productId, locationId, quantity: 0 }],
      [{ productId: "nope", locationId, quantity: 1 }],
    ]) {
      const response = await tenant.api.request(
        "mutation ($input: CreateOrderInput!) { createOrder(input: $input) { id } }",
        { input: { items } },
      );
      expect(response.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
    }
  });

  test("orders list newest first with filters", async () => {
    for (let i = 0; i < 2; i++) await createOrder(tenant.api, [{ productId, locationId, quantity: 1 }]);
    const { orders } = await tenant.api.data<{
      orders: { totalCount: number; edges: { node: { number: number; status: string } }[] };
    }>("{ orders(first: 2) { totalCount edges { node { number status } } } }");
    expect(orders.edges.map((edge) => edge.node.number)).toEqual([orders.totalCount, orders.totalCount - 1]);
    const { orders: pending } = await tenant.api.data<{ orders: { edges: { node: { status: string } }[] } }>(
      "{ orders(filter: { status: [PENDING] }) { edges { node { status } } } }",
    );
    expect(pending.edges.every((edge) => edge.node.status === "PENDING")).toBe(true);
  });
});

describe("another tenant of the same platform", () => {
  test("cannot read, list, change or cancel the first tenant's stock or orders", async () => {
    const owner = await createTenant(stack.http);
    const intruder = await registerTenant(owner.platform);
    const productId = await createPublishedProduct(owner.api, "OWN-1");
    const locationId = await createLocation(owner.api, "OWN");
    await setStock(owner.api, productId, locationId, 10);
    const { data } = await createOrder(owner.api, [{ productId, locationId, quantity: 1 }]);
    const orderId = data!.createOrder.id;
    const { createProduct } = await intruder.api.data<{ createProduct: { id: string } }>(
      'mutation { createProduct(input: { sku: "MINE-1", name: "Mine", price: "1.00" }) { id } }',
    );
    const intruderLocation = await createLocation(intruder.api, "MINE");

    const reads = await intruder.api.data<Record<string, unknown>>(
      `query ($p: ID!, $o: ID!) {
        order(id: $o) { id }
        orders { totalCount }
        locations { id }
        inventoryLevels { totalCount }
        inventoryMovements { totalCount }
        batches { totalCount }
        lowStock(threshold: 1000) { id }
        product(id: $p) { id }
      }`,
      { p: productId, o: orderId },
    );
    expect(reads).toEqual({
      order: null,
      orders: { totalCount: 0 },
      locations: [{ id: intruderLocation }],
      inventoryLevels: { totalCount: 0 },
      inventoryMovements: { totalCount: 0 },
      batches: { totalCount: 0 },
      lowStock: [],
      product: null,
    });

    const attempts: [string, Record<string, unknown>][] = [
      ["mutation ($id: ID!) { processOrder(id: $id) { id } }", { id: orderId }],
      ["mutation ($id: ID!) { completeOrder(id: $id) { id } }", { id: orderId }],
      ["mutation ($id: ID!) { cancelOrder(id: $id) { id } }", { id: orderId }],
      ["mutation ($id: ID!) { refundOrder(id: $id) { id } }", { id: orderId }],
      [
        "mutation ($i: AdjustInventoryInput!) { adjustInventory(input: $i) { onHand } }",
        { i: { productId, locationId: intruderLocation, delta: 5 } },
      ],
      [
        "mutation ($i: AdjustInventoryInput!) { adjustInventory(input: $i) { onHand } }",
        { i: { productId: createProduct.id, locationId, delta: 5 } },
      ],
      [
        "mutation ($i: SetInventoryInput!) { setInventory(input: $i) { onHand } }",
        { i: { productId, locationId: intruderLocation, onHand: 0 } },
      ],
      [
        "mutation ($i: ReceiveBatchInput!) { receiveBatch(input: $i) { id } }",
        { i: { productId, locationId: intruderLocation, lotNumber: "L1", quantity: 1 } },
      ],
      [
        "mutation ($i: TransferInventoryInput!) { transferInventory(input: $i) { onHand } }",
        { i: { productId, fromLocationId: locationId, toLocationId: intruderLocation, quantity: 1 } },
      ],
      [
        "mutation ($i: CreateOrderInput!) { createOrder(input: $i) { id } }",
        { i: { items: [{ productId, locationId, quantity: 1 }] } },
      ],
    ];
    for (const [mutation, variables] of attempts) {
      const response = await intruder.api.request(mutation, variables);
      expect({ mutation, code: response.errors?.[0]?.extensions?.code }).toEqual({ mutation, code: "NOT_FOUND" });
    }
    const stock = await stockOf(owner, productId);
    expect(stock.product.inventory).toEqual([{ onHand: 10, reserved: 1, available: 9 }]);
    const { order } = await owner.api.data<{ order: { status: string } }>(
      "query ($id: ID!) { order(id: $id) { status } }",
      {
        id: orderId,
      },
    );
    expect(order.status).toBe("PENDING");
  });
});
