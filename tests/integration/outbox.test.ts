import type { TenantAuth } from "../../subgraphs/core/src/auth/context";
import type { OutboxEvent } from "../../subgraphs/core/src/db/generated/client";
import { setInventory } from "../../subgraphs/inventory/src/services/inventory";
import { createLocation, createOrder, createPublishedProduct, setStock } from "../helpers/commerce";
import { startStack, type TestStack } from "../helpers/stack";
import { createTenant, registerTenant, type Tenant } from "../helpers/tenants";
import { moduleDatabase } from "../../subgraphs/core/src/db/module-db";

// Every change others care about leaves exactly one outbox row per thing it changed, in its
// own transaction: committed together, or rolled back together.

let stack: TestStack;
beforeAll(async () => {
  stack = await startStack();
});
afterAll(() => stack.stop());

const outbox = () => stack.database.db.prisma.outboxEvent;

/** The tenant's events recorded since `after` (an event id, exclusive), oldest first. */
async function eventsOf(clientId: string, after?: string): Promise<OutboxEvent[]> {
  return outbox().findMany({
    where: { clientId, ...(after && { id: { gt: after } }) },
    orderBy: { id: "asc" },
  });
}

const lastEventId = async (clientId: string) => (await eventsOf(clientId)).at(-1)?.id;

const summary = (events: OutboxEvent[]) => events.map(({ type, aggregate, payload }) => ({ type, aggregate, payload }));

function tenantAuth(tenant: Tenant): TenantAuth {
  return {
    clientAppId: tenant.platform.clientAppId,
    clientId: tenant.clientId,
    keyId: tenant.keyId,
    userId: null,
    scopes: ["admin"],
    isAdmin: false,
  };
}

describe("stock events", () => {
  let tenant: Tenant;
  let productId: string;
  let main: string;
  beforeAll(async () => {
    tenant = await createTenant(stack.http);
    productId = await createPublishedProduct(tenant.api, "EVT-1");
    main = await createLocation(tenant.api, "MAIN");
  });

  test("setting stock writes one stock.changed event with the level as it now is", async () => {
    const before = await lastEventId(tenant.clientId);
    await setStock(tenant.api, productId, main, 10);
    const events = await eventsOf(tenant.clientId, before);
    expect(summary(events)).toEqual([
      {
        type: "stock.changed",
        aggregate: expect.stringMatching(/^InventoryLevel:/),
        payload: {
          productId,
          locationId: main,
          onHand: 10,
          reserved: 0,
          available: 10,
          delta: 10,
          movementType: "ADJUSTMENT",
          reason: "count",
          at: expect.any(String),
        },
      },
    ]);
  });

  test("setting stock to the figure it already has changes nothing and writes no event", async () => {
    await setStock(tenant.api, productId, main, 10);
    const before = await lastEventId(tenant.clientId);
    await setStock(tenant.api, productId, main, 10);
    expect(await eventsOf(tenant.clientId, before)).toEqual([]);
  });

  test("a transfer writes one event per level it moved, out then in", async () => {
    const backroom = await createLocation(tenant.api, "BACK");
    await setStock(tenant.api, productId, main, 10);
    const before = await lastEventId(tenant.clientId);
    await tenant.api.data(
      `mutation ($input: TransferInventoryInput!) { transferInventory(input: $input) { onHand } }`,
      {
        input: { productId, fromLocationId: main, toLocationId: backroom, quantity: 4 },
      },
    );
    const payloads = (await eventsOf(tenant.clientId, before)).map((event) => event.payload);
    expect(payloads).toHaveLength(2);
    expect(payloads).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ locationId: main, onHand: 6, delta: -4, movementType: "TRANSFER_OUT" }),
        expect.objectContaining({ locationId: backroom, onHand: 4, delta: 4, movementType: "TRANSFER_IN" }),
      ]),
    );
  });

  test("a change rolled back with its transaction leaves no event behind", async () => {
    const before = await lastEventId(tenant.clientId);
    const prisma = stack.database.db.prisma;
    await expect(
      moduleDatabase(prisma).$transaction(async (tx) => {
        await setInventory(tx, tenantAuth(tenant), { productId, locationId: main, onHand: 99 });
        expect(
          await tx.outboxEvent.count({ where: { clientId: tenant.clientId, ...(before && { id: { gt: before } }) } }),
        ).toBe(1);
        throw new Error("abandon the change");
      }),
    ).rejects.toThrow("abandon the change");
    expect(await eventsOf(tenant.clientId, before)).toEqual([]);
  });
});

describe("order events", () => {
  let tenant: Tenant;
  let hat: string;
  let scarf: string;
  let main: string;
  beforeAll(async () => {
    tenant = await createTenant(stack.http);
    hat = await createPublishedProduct(tenant.api, "HAT");
    scarf = await createPublishedProduct(tenant.api, "SCARF");
    main = await createLocation(tenant.api, "MAIN");
    await setStock(tenant.api, hat, main, 5);
    await setStock(tenant.api, scarf, main, 1);
  });

  test("an order that cannot reserve every line writes no event at all", async () => {
    const before = await lastEventId(tenant.clientId);
    // The hat line reserves before the scarf line fails: its stock event must roll back with it.
    const response = await createOrder(tenant.api, [
      { productId: hat, locationId: main, quantity: 1 },
      { productId: scarf, locationId: main, quantity: 2 },
    ]);
    expect(response.errors?.[0]?.extensions?.code).toBe("INSUFFICIENT_STOCK");
    expect(await eventsOf(tenant.clientId, before)).toEqual([]);
  });

  test("placing an order writes order.created and a reservation event per line", async () => {
    const before = await lastEventId(tenant.clientId);
    const response = await createOrder(tenant.api, [
      { productId: hat, locationId: main, quantity: 2 },
      { productId: scarf, locationId: main, quantity: 1 },
    ]);
    const orderId = response.data!.createOrder.id;
    const events = await eventsOf(tenant.clientId, before);
    expect(events.map((event) => event.type).sort()).toEqual(["order.created", "stock.changed", "stock.changed"]);
    expect(events.find((event) => event.type === "order.created")).toMatchObject({
      aggregate: `Order:${orderId}`,
      payload: { orderId, status: "PENDING", previousStatus: null },
    });
    expect(events.filter((event) => event.type === "stock.changed").map((event) => event.payload)).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ productId: hat, onHand: 5, reserved: 2, available: 3, delta: 2 }),
        expect.objectContaining({ productId: scarf, onHand: 1, reserved: 1, available: 0, delta: 1 }),
      ]),
    );
  });

  test("each status change writes order.status_changed with the status it left", async () => {
    await setStock(tenant.api, scarf, main, 5);
    const { data } = await createOrder(tenant.api, [{ productId: scarf, locationId: main, quantity: 1 }]);
    const orderId = data!.createOrder.id;
    const before = await lastEventId(tenant.clientId);
    await tenant.api.data("mutation ($id: ID!) { processOrder(id: $id) { status } }", { id: orderId });
    await tenant.api.data("mutation ($id: ID!) { completeOrder(id: $id) { status } }", { id: orderId });
    const events = await eventsOf(tenant.clientId, before);
    expect(events.filter((event) => event.type === "order.status_changed").map((event) => event.payload)).toMatchObject(
      [
        { orderId, status: "PROCESSING", previousStatus: "PENDING" },
        { orderId, status: "COMPLETED", previousStatus: "PROCESSING" },
      ],
    );
    // Completing sells the reservation: one stock event for the one line.
    expect(events.filter((event) => event.type === "stock.changed").map((event) => event.payload)).toMatchObject([
      { productId: scarf, movementType: "SALE", delta: -1 },
    ]);
  });

  test("a refused transition writes nothing", async () => {
    const { data } = await createOrder(tenant.api, [{ productId: scarf, locationId: main, quantity: 1 }]);
    const orderId = data!.createOrder.id;
    const before = await lastEventId(tenant.clientId);
    const response = await tenant.api.request("mutation ($id: ID!) { refundOrder(id: $id) { status } }", {
      id: orderId,
    });
    expect(response.errors?.[0]?.extensions?.code).toBe("INVALID_STATE_TRANSITION");
    expect(await eventsOf(tenant.clientId, before)).toEqual([]);
  });
});

describe("product events", () => {
  test("publish, update, archive and restore each write their event; creating a draft writes none", async () => {
    const tenant = await createTenant(stack.http);
    const before = await lastEventId(tenant.clientId);
    const { createProduct } = await tenant.api.data<{ createProduct: { id: string } }>(
      'mutation { createProduct(input: { sku: "P-1", name: "Lamp", price: "5.00" }) { id } }',
    );
    const id = createProduct.id;
    expect(await eventsOf(tenant.clientId, before)).toEqual([]);
    for (const mutation of [
      "publishProduct",
      "unpublishProduct",
      "publishProduct",
      "archiveProduct",
      "restoreProduct",
    ]) {
      await tenant.api.data(`mutation ($id: ID!) { ${mutation}(id: $id) { id } }`, { id });
    }
    await tenant.api.data(`mutation ($id: ID!) { updateProduct(id: $id, input: { name: "Desk lamp" }) { id } }`, {
      id,
    });
    expect(summary(await eventsOf(tenant.clientId, before))).toEqual(
      [
        ["product.published", "PUBLISHED"],
        ["product.updated", "DRAFT"],
        ["product.published", "PUBLISHED"],
        ["product.archived", "ARCHIVED"],
        ["product.updated", "DRAFT"],
        ["product.updated", "DRAFT"],
      ].map(([type, status]) => ({
        type,
        aggregate: `Product:${id}`,
        payload: { productId: id, status, at: expect.any(String) },
      })),
    );
  });
});

describe("key and client events", () => {
  test("revoking a key writes apikey.revoked; revoking it again writes nothing", async () => {
    const tenant = await createTenant(stack.http);
    const before = await lastEventId(tenant.clientId);
    const revoke = `mutation ($id: ID!) { revokeApiKey(id: $id) { id } }`;
    await tenant.platform.api.data(revoke, { id: tenant.keyId });
    await tenant.platform.api.data(revoke, { id: tenant.keyId });
    expect(summary(await eventsOf(tenant.clientId, before))).toEqual([
      {
        type: "apikey.revoked",
        aggregate: `ApiKey:${tenant.keyId}`,
        payload: { keyId: tenant.keyId, clientId: tenant.clientId, at: expect.any(String) },
      },
    ]);
  });

  test("a rotation without grace period revokes the old keys for caches; with one it does not", async () => {
    const tenant = await createTenant(stack.http);
    const rotate = `mutation ($clientId: ID!, $grace: Int!) {
      rotateClientApiKey(clientId: $clientId, gracePeriodSeconds: $grace) { info { id } }
    }`;
    const before = await lastEventId(tenant.clientId);
    const { rotateClientApiKey } = await tenant.platform.api.data<{ rotateClientApiKey: { info: { id: string } } }>(
      rotate,
      { clientId: tenant.clientId, grace: 3600 },
    );
    expect(await eventsOf(tenant.clientId, before)).toEqual([]);
    await tenant.platform.api.data(rotate, { clientId: tenant.clientId, grace: 0 });
    const revoked = (await eventsOf(tenant.clientId, before)).map((event) => event.payload as { keyId: string });
    expect(revoked.map((payload) => payload.keyId).sort()).toEqual([tenant.keyId, rotateClientApiKey.info.id].sort());
  });

  test("deactivating a client writes client.deactivated with every key it revoked", async () => {
    const tenant = await createTenant(stack.http);
    const second = await registerTenant(tenant.platform);
    const { rotateClientApiKey } = await tenant.platform.api.data<{ rotateClientApiKey: { info: { id: string } } }>(
      `mutation ($clientId: ID!) { rotateClientApiKey(clientId: $clientId, gracePeriodSeconds: 3600) { info { id } } }`,
      { clientId: tenant.clientId },
    );
    const before = await lastEventId(tenant.clientId);
    await tenant.platform.api.data(`mutation ($id: ID!) { deactivateClient(id: $id) { isActive } }`, {
      id: tenant.clientId,
    });
    const events = await eventsOf(tenant.clientId, before);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      type: "client.deactivated",
      clientId: tenant.clientId,
      aggregate: `Client:${tenant.clientId}`,
      payload: { clientId: tenant.clientId },
    });
    const { keyIds } = events[0]!.payload as { keyIds: string[] };
    expect([...keyIds].sort()).toEqual([tenant.keyId, rotateClientApiKey.info.id].sort());
    expect(await eventsOf(second.clientId)).toEqual([]);
  });
});
