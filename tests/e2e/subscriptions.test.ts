import { createLocation, createOrder, createPublishedProduct, setStock } from "../helpers/commerce";
import { startStack, type TestStack } from "../helpers/stack";
import { connect, subscribe } from "../helpers/subscriptions";
import { createTenant, registerTenant, type Tenant } from "../helpers/tenants";

let stack: TestStack;
let tenant: Tenant;
const keysOf = (t: Tenant) => ({ "x-api-key": t.platform.platformKey, "client-x-api-key": t.clientKey });

beforeAll(async () => {
  stack = await startStack();
  tenant = await createTenant(stack.http);
});
afterAll(() => stack.stop());

interface StockEvent {
  stockChanged: {
    product: { name: string; sku: string };
    onHand: number;
    reserved: number;
    available: number;
    delta: number;
  };
}

describe("live events over graphql-ws", () => {
  test("stock and order subscribers get their tenant's events, with entity fields resolved", async () => {
    const productId = await createPublishedProduct(tenant.api, "LIVE-1");
    const locationId = await createLocation(tenant.api, "LIVE");
    const outsider = await registerTenant(tenant.platform);

    const mine = connect(stack.gateway.url, keysOf(tenant));
    const theirs = connect(stack.gateway.url, keysOf(outsider));
    await Promise.all([mine.connected, theirs.connected]);
    const stock = await subscribe<StockEvent>(
      mine.client,
      `subscription ($id: ID) {
        stockChanged(productId: $id) { product { name sku } onHand reserved available delta }
      }`,
      { id: productId },
    );
    const orders = await subscribe<{
      orderUpdated: {
        type: string;
        previousStatus: string | null;
        order: { number: number; items: { product: { name: string } }[] };
      };
    }>(
      mine.client,
      "subscription { orderUpdated { type previousStatus order { number items { product { name } } } } }",
    );
    const snooping = await subscribe(theirs.client, "subscription { stockChanged { onHand } }");
    const snoopingOrders = await subscribe(theirs.client, "subscription { orderUpdated { type } }");

    await setStock(tenant.api, productId, locationId, 5);
    const { data } = await createOrder(tenant.api, [{ productId, locationId, quantity: 2 }]);

    const [set, reserved] = await stock.waitFor(2);
    expect(set!.stockChanged).toEqual({
      product: { name: "Product LIVE-1", sku: "LIVE-1" },
      onHand: 5,
      reserved: 0,
      available: 5,
      delta: 5,
    });
    expect(reserved!.stockChanged).toMatchObject({
      product: { sku: "LIVE-1" },
      onHand: 5,
      reserved: 2,
      available: 3,
      delta: 2,
    });
    const [created] = await orders.waitFor(1);
    expect(created!.orderUpdated).toEqual({
      type: "CREATED",
      previousStatus: null,
      order: { number: data!.createOrder.number, items: [{ product: { name: "Product LIVE-1" } }] },
    });

    await tenant.api.data("mutation ($id: ID!) { processOrder(id: $id) { id } }", { id: data!.createOrder.id });
    const [, processed] = await orders.waitFor(2);
    expect(processed!.orderUpdated).toMatchObject({ type: "STATUS_CHANGED", previousStatus: "PENDING" });

    // The outsider's own events come after all of the tenant's: once they arrive, anything of
    // the tenant's that leaked would have arrived before them.
    const outsiderProduct = await createPublishedProduct(outsider.api, "OUT-1");
    const outsiderLocation = await createLocation(outsider.api, "OUT");
    await setStock(outsider.api, outsiderProduct, outsiderLocation, 3);
    await createOrder(outsider.api, [{ productId: outsiderProduct, locationId: outsiderLocation, quantity: 1 }]);
    expect(await snooping.waitFor(2)).toEqual([{ stockChanged: { onHand: 3 } }, { stockChanged: { onHand: 3 } }]);
    expect(await snoopingOrders.waitFor(1)).toEqual([{ orderUpdated: { type: "CREATED" } }]);
    // Likewise a later change of the same level: it is the third event, nothing came between.
    await setStock(tenant.api, productId, locationId, 6);
    const events = await stock.waitFor(3);
    expect(events.map((event) => event.stockChanged.onHand)).toEqual([5, 5, 6]);
    await Promise.all([mine.client.dispose(), theirs.client.dispose()]);
  });

  test("aliases, fragments and variables in the payload selection work as in a query", async () => {
    const productId = await createPublishedProduct(tenant.api, "LIVE-2", "7.25");
    const locationId = await createLocation(tenant.api, "LIVE2");
    const { client, connected } = connect(stack.gateway.url, keysOf(tenant));
    await connected;
    const subscriber = await subscribe<{
      stockChanged: { item: { label: string; price: { amount: string } }; where: { code: string }; left: number };
    }>(
      client,
      `subscription ($id: ID) {
        stockChanged(productId: $id) { item: product { ...Names price { amount } } where: location { code } left: available }
      }
      fragment Names on Product { label: name }`,
      { id: productId },
    );
    await setStock(tenant.api, productId, locationId, 3);
    const [event] = await subscriber.waitFor(1);
    expect(event!.stockChanged).toEqual({
      item: { label: "Product LIVE-2", price: { amount: "7.25" } },
      where: { code: "LIVE2" },
      left: 3,
    });
    await client.dispose();
  });

  test("sockets sharing one selection each get every event once, and the first leaving stops none of the others", async () => {
    const productId = await createPublishedProduct(tenant.api, "LIVE-FAN");
    const locationId = await createLocation(tenant.api, "FAN");
    const sockets = Array.from({ length: 20 }, () => connect(stack.gateway.url, keysOf(tenant)));
    await Promise.all(sockets.map((socket) => socket.connected));
    const query = "subscription ($id: ID) { stockChanged(productId: $id) { product { sku } onHand } }";
    const subscribers = [];
    for (const socket of sockets) {
      subscribers.push(
        await subscribe<{ stockChanged: { product: { sku: string }; onHand: number } }>(socket.client, query, {
          id: productId,
        }),
      );
    }
    await setStock(tenant.api, productId, locationId, 4);
    for (const subscriber of subscribers) {
      expect(await subscriber.waitFor(1)).toEqual([{ stockChanged: { product: { sku: "LIVE-FAN" }, onHand: 4 } }]);
    }
    // The first subscriber's execution serves the group: its leaving must not end the others'.
    await subscribers[0]!.close();
    await sockets[1]!.client.dispose();
    await setStock(tenant.api, productId, locationId, 9);
    for (const subscriber of subscribers.slice(2)) {
      // A duplicate of the first event would arrive before the second one on the same socket.
      expect((await subscriber.waitFor(2)).map((event) => event.stockChanged.onHand)).toEqual([4, 9]);
    }
    await Promise.all(sockets.map((socket) => socket.client.dispose()));
  });

  test("a connection without valid keys is refused", async () => {
    const cases: [Record<string, string>, number][] = [
      [{}, 4401],
      [{ "x-api-key": tenant.platform.platformKey, "client-x-api-key": "sk_wrong" }, 4401],
    ];
    for (const [keys, code] of cases) {
      const { client, closed } = connect(stack.gateway.url, keys);
      expect(await closed).toBe(code);
      await client.dispose();
    }
    const other = await createTenant(stack.http);
    const foreign = connect(stack.gateway.url, {
      "x-api-key": tenant.platform.platformKey,
      "client-x-api-key": other.clientKey,
    });
    expect(await foreign.closed).toBe(4403);
    await foreign.client.dispose();
  });

  test("revoking a key closes its open connections and refuses it over HTTP within a second", async () => {
    const victim = await registerTenant(tenant.platform);
    await victim.api.data("{ me { client { id } } }"); // now in the gateway's auth cache
    const { client, connected, closed } = connect(stack.gateway.url, keysOf(victim));
    await connected;
    await subscribe(client, "subscription { stockChanged { onHand } }");
    const revokedAt = Date.now();
    await tenant.platform.api.data("mutation ($id: ID!) { revokeApiKey(id: $id) { id } }", { id: victim.keyId });
    expect(await closed).toBe(4403);
    expect((await victim.api.request("{ me { client { id } } }")).status).toBe(401);
    expect(Date.now() - revokedAt).toBeLessThan(1000);
    await client.dispose();
  });
});

describe("an outbox dispatcher that polls once an hour", () => {
  let slowStack: TestStack;
  beforeAll(async () => {
    slowStack = await startStack({ dispatcher: { pollIntervalMs: 3_600_000 } });
  });
  afterAll(() => slowStack.stop());

  test("still sends a mutation's events at once: the mutation wakes it", async () => {
    const own = await createTenant(slowStack.http);
    const productId = await createPublishedProduct(own.api, "WAKE-1");
    const locationId = await createLocation(own.api, "WAKE");
    const socket = connect(slowStack.gateway.url, keysOf(own));
    await socket.connected;
    const stock = await subscribe<StockEvent>(socket.client, "subscription { stockChanged { onHand delta } }");

    await setStock(own.api, productId, locationId, 4);
    await setStock(own.api, productId, locationId, 9);
    expect((await stock.waitFor(2)).map((event) => event.stockChanged)).toEqual([
      { onHand: 4, delta: 4 },
      { onHand: 9, delta: 5 },
    ]);
    await socket.client.dispose();
  });

  test("a mutation refused before it runs does not wake it; one that ran does", async () => {
    const own = await createTenant(slowStack.http);
    let wakes = 0;
    const unsubscribe = slowStack.database.db.outbox.onCommitted(() => wakes++);
    try {
      // Over the alias limit (15): known to be a mutation, refused before it runs.
      const settings = Array.from({ length: 16 }, (_, i) => `s${i}: setSetting(key: "k${i}", value: "v")`);
      const refused = await own.api.request(`mutation { ${settings.join(" ")} }`);
      expect(refused.errors?.[0]?.extensions?.code).toBe("QUERY_TOO_COMPLEX");
      expect(wakes).toBe(0);
      await own.api.data('mutation { setSetting(key: "theme", value: "dark") }');
      expect(wakes).toBe(1);
    } finally {
      unsubscribe();
    }
  });
});

describe("subscriptions and plain HTTP", () => {
  test("a subscription over HTTP gets a BAD_REQUEST pointing to WebSocket", async () => {
    const response = await tenant.api.request("subscription { stockChanged { onHand } }");
    expect(response.status).toBe(400);
    expect(response.errors?.[0]?.extensions?.code).toBe("BAD_REQUEST");
    expect(response.errors?.[0]?.message).toMatch(/WebSocket/);
  });

  test("a query or a mutation over WebSocket gets a BAD_REQUEST pointing to HTTP", async () => {
    const { client, connected } = connect(stack.gateway.url, keysOf(tenant));
    await connected;
    try {
      for (const query of ["{ me { client { id } } }", 'mutation { setSetting(key: "theme", value: "dark") }']) {
        const errors = await new Promise<unknown>((resolve, reject) => {
          client.subscribe(
            { query },
            {
              next: (result) => reject(new Error(`the operation ran: ${JSON.stringify(result)}`)),
              error: resolve,
              complete: () => reject(new Error("the operation completed")),
            },
          );
        });
        const [error] = errors as { message: string; extensions?: Record<string, unknown> }[];
        expect(error?.extensions?.code).toBe("BAD_REQUEST");
        expect(error?.message).toMatch(/HTTP/);
      }
      const { settings } = await tenant.api.data<{ settings: Record<string, unknown> }>("{ settings }");
      expect(settings.theme).toBeUndefined();
    } finally {
      await client.dispose();
    }
  });

  test("introspection (Sandbox) shows the Subscription type", async () => {
    const { __schema } = await stack.http.data<{
      __schema: { subscriptionType: { fields: { name: string }[] } | null };
    }>("{ __schema { subscriptionType { fields { name } } } }");
    expect(__schema.subscriptionType?.fields.map((field) => field.name).sort()).toEqual([
      "orderUpdated",
      "stockChanged",
    ]);
  });
});
