import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync } from "node:fs";
import net from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import WebSocket from "ws";
import {
  CreateOrderDocument,
  MeDocument,
  OrderDocument,
  OrdersDocument,
  OrderUpdatedDocument,
  ProductDocument,
  ProductsDocument,
  SetInventoryDocument,
  StockChangedDocument,
  createOmniClient,
  type OmniClient,
  type OrderUpdatedSubscription,
  type StockChangedSubscription,
} from "../../sdk/src";
import { CreateLocationDocument, CreateProductDocument, PublishProductDocument } from "../operations/generated";
import { loadConfig, subgraphNames } from "../../subgraphs/core/src/config";
import { startReceiver, type Receiver } from "../fakes/webhook-receiver";
import { startFakeShopify, type FakeShopify } from "../fakes/shopify";
import { createTestDatabase, serverUrl, type TestDatabase } from "../helpers/database";
import { GraphqlClient } from "../helpers/graphql-client";
import { connectShopifyShop, postShopifyWebhook, shopifyApp } from "../helpers/integrations";
import { freePort } from "../helpers/ports";
import { compiledCommand, root } from "../helpers/process";
import { testSecrets } from "../helpers/stack";
import { verifiesStandardWebhook } from "../helpers/standard-webhooks";
import { connect, subscribe } from "../helpers/subscriptions";
import { createPlatform, registerTenant, type Tenant } from "../helpers/tenants";
import { waitFor } from "../helpers/wait";

/**
 * `npm run start:distributed` as an operator runs it: five subgraph processes, two gateway
 * processes and a worker on one PostgreSQL and one Redis. Every story alternates between the
 * two gateways, request by request: what one gateway writes, the other reads; what one
 * gateway causes, subscribers of the other hear; what a gateway takes in, the worker
 * process handles.
 */
const redisUrl = loadConfig().redisUrl;
const withRedisAndPostgres = serverUrl && redisUrl ? describe : describe.skip;
const shop = "distributed.myshopify.com";
/** Short enough for the worker to expire a reservation during the suite. */
const reservationTtl = "6s";

interface Launcher {
  child: ChildProcess;
  output(): string;
  exited: Promise<number | null>;
}

/** `npm run start:distributed` minus npm itself: the same command the script holds. */
function launch(env: NodeJS.ProcessEnv): Launcher {
  const child = spawn(...compiledCommand("gateway/src/cli/start-distributed.ts"), {
    cwd: root,
    env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  return { child, output: () => output, exited };
}

/** The value of a `  label:   value` line of the launcher's banner. */
function bannerValue(output: string, label: string): string {
  const value = new RegExp(`^  ${label}:\\s+(\\S.*)$`, "m").exec(output)?.[1];
  if (!value) throw new Error(`no "${label}" line in the launcher's output:\n${output}`);
  return value;
}

/** Two free ports in a row: the launcher serves its gateways on PORT and PORT+1. */
async function freePortPair(): Promise<number> {
  for (;;) {
    const port = await freePort();
    if (port < 65535 && (await isFree(port + 1))) return port;
  }
}

function isFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once("error", () => resolve(false));
    server.listen(port, "127.0.0.1", () => server.close(() => resolve(true)));
  });
}

async function subgraphUrls(): Promise<string> {
  const entries = [];
  for (const name of subgraphNames) entries.push(`${name}=http://127.0.0.1:${await freePort()}/graphql`);
  return entries.join(",");
}

/** The environment a test gives the launcher: everything but the database and Redis. */
function baseEnv(): NodeJS.ProcessEnv {
  const { DATABASE_URL: _db, REDIS_URL: _redis, ...inherited } = process.env;
  return { ...inherited, HOST: "127.0.0.1", OMNI_DATA_DIR: mkdtempSync(path.join(tmpdir(), "omni-distributed-")) };
}

const codeOf = (response: { errors?: { extensions?: Record<string, unknown> }[] | undefined }) =>
  response.errors?.[0]?.extensions?.code;

describe("npm run start:distributed refuses to start", () => {
  test("without REDIS_URL, naming what it needs", async () => {
    const launcher = launch({ ...baseEnv(), DATABASE_URL: "postgres://postgres@127.0.0.1:5432/postgres" });
    expect(await launcher.exited).toBe(1);
    expect(launcher.output()).toContain("npm run start:distributed needs DATABASE_URL and REDIS_URL");
  });
});

withRedisAndPostgres("npm run start:distributed: a child that dies", () => {
  test("stops the processes already started and exits non-zero", async () => {
    const database = await createTestDatabase({ migrate: false });
    // The catalog subgraph's port is taken: that process dies at its start.
    const squatter = net.createServer();
    await new Promise<void>((resolve) => squatter.listen(0, "127.0.0.1", resolve));
    const taken = (squatter.address() as net.AddressInfo).port;
    const urls = (await subgraphUrls()).replace(
      /catalog=http:\/\/127\.0\.0\.1:\d+/,
      `catalog=http://127.0.0.1:${taken}`,
    );
    try {
      const launcher = launch({
        ...baseEnv(),
        DATABASE_URL: database.url,
        REDIS_URL: redisUrl,
        PORT: String(await freePortPair()),
        OMNI_SUBGRAPH_URLS: urls,
        OMNI_SEED_DEMO: "false",
      });
      expect(await launcher.exited).toBe(1);
      expect(launcher.output()).toMatch(/subgraph-catalog exited with 1; stopping the other processes/);
      expect(launcher.output()).not.toContain("gateway-1");
      // The subgraphs that did start are gone: their ports are free again.
      const started = [...urls.matchAll(/(\w+)=http:\/\/127\.0\.0\.1:(\d+)/g)].filter(([, name]) => name !== "catalog");
      expect(await Promise.all(started.map(([, , port]) => isFree(Number(port))))).toEqual(started.map(() => true));
    } finally {
      squatter.close();
      await database.drop();
    }
  });
});

withRedisAndPostgres("npm run start:distributed: five subgraphs, two gateways and a worker", () => {
  let database: TestDatabase;
  let shopify: FakeShopify;
  let receiver: Receiver;
  let launcher: Launcher;
  let gatewayUrls: [string, string];
  let tenant: Tenant;
  /** The tenant's typed client on gateway 1 and on gateway 2. */
  let on: [OmniClient, OmniClient];
  /** Alternates between the two gateways on every request, for set-up through the helpers. */
  let http: GraphqlClient;
  let publicUrl: string;

  beforeAll(async () => {
    // The launcher applies the migrations itself.
    database = await createTestDatabase({ migrate: false });
    shopify = await startFakeShopify({ shop, ...shopifyApp });
    receiver = await startReceiver();
    const port = await freePortPair();
    publicUrl = `http://127.0.0.1:${port}`;
    launcher = launch({
      ...baseEnv(),
      DATABASE_URL: database.url,
      REDIS_URL: redisUrl,
      PORT: String(port),
      OMNI_SUBGRAPH_URLS: await subgraphUrls(),
      OMNI_ADMIN_KEY: testSecrets.adminKey,
      OMNI_INTERNAL_SECRET: testSecrets.internalSecret,
      OMNI_ENCRYPTION_KEY: testSecrets.encryptionKey,
      OMNI_WEBHOOKS_ALLOW_PRIVATE: "true",
      SHOPIFY_CLIENT_ID: shopifyApp.clientId,
      SHOPIFY_CLIENT_SECRET: shopifyApp.clientSecret,
      SHOPIFY_ADMIN_BASE_URL: shopify.url,
      // Set-up comes in bursts no client sends; one test sizes its own bucket in the database,
      // which applies at once without the key cache.
      OMNI_RATE_LIMIT_CAPACITY: "1000000",
      OMNI_RATE_LIMIT_RESTORE: "1000000",
      OMNI_AUTH_CACHE_TTL_MS: "0",
      OMNI_RESERVATION_TTL: reservationTtl,
    });
    await Promise.race([
      waitFor(() => /^ {2}gateway 2:/m.test(launcher.output()), 220_000, "the launcher's ready banner"),
      launcher.exited.then((code) => {
        throw new Error(`the launcher exited with ${code}:\n${launcher.output()}`);
      }),
    ]);
    gatewayUrls = [bannerValue(launcher.output(), "gateway 1"), bannerValue(launcher.output(), "gateway 2")];
    http = new GraphqlClient(gatewayUrls[0], {}, gatewayUrls);
    tenant = await registerTenant(await createPlatform(http));
    on = gatewayUrls.map((url) =>
      createOmniClient({
        url,
        platformKey: tenant.platform.platformKey,
        clientKey: tenant.clientKey,
        webSocketImpl: WebSocket,
      }),
    ) as [OmniClient, OmniClient];
  }, 240_000);

  afterAll(async () => {
    await Promise.all(on?.map((client) => client.dispose()) ?? []);
    if (launcher?.child.exitCode === null) {
      launcher.child.kill("SIGTERM");
      await launcher.exited;
    }
    await receiver?.stop();
    await shopify?.stop();
    await database?.drop();
  });

  let skus = 0;
  /** A published product with `onHand` at a new location, set up across both gateways. */
  async function stockedProduct(onHand: number, price = "10.00") {
    const sku = `DIST-${++skus}`;
    const { createProduct } = await on[0].request(CreateProductDocument, {
      input: { sku, name: `Product ${sku}`, price },
    });
    await on[1].request(PublishProductDocument, { id: createProduct.id });
    const { createLocation } = await on[0].request(CreateLocationDocument, {
      input: { name: `Shelf ${sku}`, code: `shelf-${skus}` },
    });
    await on[1].request(SetInventoryDocument, {
      input: { productId: createProduct.id, locationId: createLocation.id, onHand, reason: "count" },
    });
    return { productId: createProduct.id, locationId: createLocation.id, sku };
  }

  const orderStatus = async (client: OmniClient, id: string) =>
    (await client.request(OrderDocument, { id })).order?.status;

  describe("start", () => {
    test("one demo tenant, seeded once, whose printed keys answer on both gateways", async () => {
      const keys = {
        platformKey: bannerValue(launcher.output(), "x-api-key"),
        clientKey: bannerValue(launcher.output(), "client-x-api-key"),
      };
      const answers = await Promise.all(
        gatewayUrls.map((url) => createOmniClient({ url, ...keys }).request(MeDocument)),
      );
      expect(answers[0]?.me.client?.name).toBe("Demo Store");
      expect(answers[1]).toEqual(answers[0]);
      expect(await database.db.prisma.client.count({ where: { name: "Demo Store" } })).toBe(1);
    });

    test("every process is its own: the banner names eight, each prefixed in the log", () => {
      const processes = bannerValue(launcher.output(), "processes").split(", ");
      expect(processes.map((entry) => entry.replace(/ \(\d+\)$/, "")).sort()).toEqual(
        [...subgraphNames.map((name) => `subgraph-${name}`), "gateway-1", "gateway-2", "worker"].sort(),
      );
      expect(launcher.output()).toMatch(/^worker +\| .*worker started/m);
      expect(launcher.output()).toMatch(/^subgraph-catalog +\| .*subgraph listening/m);
    });
  });

  describe("queries and mutations", () => {
    test("a platform registers a tenant on gateway 1 whose key works on gateway 2", async () => {
      const platform = await createPlatform(new GraphqlClient(gatewayUrls[0]));
      const registered = await registerTenant(
        { ...platform, api: new GraphqlClient(gatewayUrls[0], { "x-api-key": platform.platformKey }) },
        "registered-on-one",
      );
      const onTwo = createOmniClient({
        url: gatewayUrls[1],
        platformKey: platform.platformKey,
        clientKey: registered.clientKey,
      });
      const { me } = await onTwo.request(MeDocument);
      expect(me).toEqual({
        clientApp: { id: platform.clientAppId, name: expect.any(String) },
        client: { id: registered.clientId, name: "Tenant registered-on-one" },
      });
    });

    test("a product created, updated and published through alternating gateways reads the same on both", async () => {
      const { createProduct } = await on[0].request(CreateProductDocument, {
        input: { sku: "DIST-EDIT", name: "Draft name", price: "5.00" },
      });
      await http
        .with({ "x-api-key": tenant.platform.platformKey, "client-x-api-key": tenant.clientKey })
        .data("mutation ($id: ID!, $input: UpdateProductInput!) { updateProduct(id: $id, input: $input) { id } }", {
          id: createProduct.id,
          input: { name: "Final name", price: "7.25", description: "Edited on one gateway" },
        });
      await on[0].request(PublishProductDocument, { id: createProduct.id });
      const [one, two] = [
        await on[1].request(ProductDocument, { id: createProduct.id }),
        await on[0].request(ProductDocument, { id: createProduct.id }),
      ];
      expect(one.product).toMatchObject({
        sku: "DIST-EDIT",
        name: "Final name",
        description: "Edited on one gateway",
        status: "PUBLISHED",
        price: { amount: "7.25" },
      });
      expect(two).toEqual(one);
    });

    test("products page by page, each page from the other gateway, list every product once", async () => {
      const shop = await registerTenant(tenant.platform, "paging-products");
      const pages = gatewayUrls.map((url) =>
        createOmniClient({ url, platformKey: tenant.platform.platformKey, clientKey: shop.clientKey }),
      );
      const created: string[] = [];
      for (let index = 0; index < 5; index++) {
        const { createProduct } = await pages[index % 2]!.request(CreateProductDocument, {
          input: { sku: `PAGE-${index}`, name: `Paged ${index}`, price: "1.00" },
        });
        created.push(createProduct.id);
      }
      const seen: string[] = [];
      let after: string | null | undefined;
      let turn = 0;
      do {
        const { products } = await pages[turn++ % 2]!.request(ProductsDocument, { first: 2, after });
        expect(products.totalCount).toBe(5);
        seen.push(...products.edges.map((edge) => edge.node.id));
        after = products.pageInfo.hasNextPage ? products.pageInfo.endCursor : undefined;
      } while (after);
      expect(turn).toBe(3);
      expect(seen.sort()).toEqual(created.sort());
    });

    test("orders page by page, each page from the other gateway, list every order once", async () => {
      const shop = await registerTenant(tenant.platform, "paging-orders");
      const pages = gatewayUrls.map((url) =>
        createOmniClient({ url, platformKey: tenant.platform.platformKey, clientKey: shop.clientKey }),
      );
      const { createProduct } = await pages[0]!.request(CreateProductDocument, {
        input: { sku: "PAGE-ORDER", name: "Paged order item", price: "3.00" },
      });
      await pages[1]!.request(PublishProductDocument, { id: createProduct.id });
      const { createLocation } = await pages[0]!.request(CreateLocationDocument, {
        input: { name: "Paging shelf", code: "paging" },
      });
      await pages[1]!.request(SetInventoryDocument, {
        input: { productId: createProduct.id, locationId: createLocation.id, onHand: 10, reason: "count" },
      });
      const created: string[] = [];
      for (let index = 0; index < 3; index++) {
        const { createOrder } = await pages[index % 2]!.request(CreateOrderDocument, {
          input: { items: [{ productId: createProduct.id, locationId: createLocation.id, quantity: 1 }] },
        });
        created.push(createOrder.id);
      }
      const first = await pages[0]!.request(OrdersDocument, { first: 2 });
      const second = await pages[1]!.request(OrdersDocument, { first: 2, after: first.orders.pageInfo.endCursor });
      expect([first.orders.totalCount, second.orders.totalCount]).toEqual([3, 3]);
      expect([first.orders.pageInfo.hasNextPage, second.orders.pageInfo.hasNextPage]).toEqual([true, false]);
      const seen = [...first.orders.edges, ...second.orders.edges].map((edge) => edge.node.id);
      expect(seen.sort()).toEqual(created.sort());
    });

    test("stock counted on one gateway and adjusted on the other reads the same on both", async () => {
      const { productId, locationId } = await stockedProduct(10);
      const { adjustInventory } = await tenantApi(1).data<{ adjustInventory: { onHand: number } }>(
        "mutation ($input: AdjustInventoryInput!) { adjustInventory(input: $input) { onHand } }",
        { input: { productId, locationId, delta: -3, reason: "damaged" } },
      );
      expect(adjustInventory.onHand).toBe(7);
      const [one, two] = [
        await on[0].request(ProductDocument, { id: productId }),
        await on[1].request(ProductDocument, { id: productId }),
      ];
      expect(one.product?.inventory).toEqual([expect.objectContaining({ onHand: 7, reserved: 0, available: 7 })]);
      expect(two).toEqual(one);
    });

    test("an order placed on gateway 2 reserves stock read on gateway 1, and moves through its states on both", async () => {
      const { productId, locationId, sku } = await stockedProduct(6, "15.00");
      const { createOrder } = await on[1].request(CreateOrderDocument, {
        input: { items: [{ productId, locationId, quantity: 2 }] },
      });
      expect(createOrder).toMatchObject({ status: "PENDING", total: { amount: "30.00" } });
      const { product } = await on[0].request(ProductDocument, { id: productId });
      expect(product).toMatchObject({ sku, available: 4 });

      await tenantApi(0).data("mutation ($id: ID!) { processOrder(id: $id) { id } }", { id: createOrder.id });
      await tenantApi(1).data("mutation ($id: ID!) { completeOrder(id: $id) { id } }", { id: createOrder.id });
      const { order } = await on[0].request(OrderDocument, { id: createOrder.id });
      expect(order?.status).toBe("COMPLETED");
      expect(order?.history.map((change) => change.to)).toEqual(["PENDING", "PROCESSING", "COMPLETED"]);

      const cancelled = await tenantApi(1).request("mutation ($id: ID!) { cancelOrder(id: $id) { id } }", {
        id: createOrder.id,
      });
      expect(codeOf(cancelled)).toBe("INVALID_STATE_TRANSITION");
      expect(await orderStatus(on[0], createOrder.id)).toBe("COMPLETED");
    });

    test("a key rotated on gateway 1 works on gateway 2 at once, and the old one works on neither", async () => {
      const rotating = await registerTenant(tenant.platform, "rotating");
      const { rotateClientApiKey } = await new GraphqlClient(gatewayUrls[0], {
        "x-api-key": tenant.platform.platformKey,
      }).data<{ rotateClientApiKey: { apiKey: string } }>(
        "mutation ($clientId: ID!) { rotateClientApiKey(clientId: $clientId, gracePeriodSeconds: 0) { apiKey } }",
        { clientId: rotating.clientId },
      );
      const me = (url: string, clientKey: string) =>
        createOmniClient({ url, platformKey: tenant.platform.platformKey, clientKey }).execute(MeDocument);
      expect((await me(gatewayUrls[1], rotateClientApiKey.apiKey)).data?.me.client?.id).toBe(rotating.clientId);
      for (const url of gatewayUrls) {
        const refused = await me(url, rotating.clientKey);
        expect([refused.status, codeOf(refused)]).toEqual([401, "UNAUTHENTICATED"]);
      }
    });
  });

  describe("errors", () => {
    test("a bad key is UNAUTHENTICATED on both gateways", async () => {
      for (const url of gatewayUrls) {
        const response = await createOmniClient({
          url,
          platformKey: "pk_not_a_key",
          clientKey: "sk_not_a_key",
        }).execute(MeDocument);
        expect([response.status, codeOf(response)]).toEqual([401, "UNAUTHENTICATED"]);
      }
    });

    test("bad input is BAD_USER_INPUT on both gateways, and nothing is created", async () => {
      const { productId, locationId } = await stockedProduct(3);
      for (const client of on) {
        const response = await client.execute(CreateOrderDocument, {
          input: { items: [{ productId, locationId, quantity: -1 }] },
        });
        expect(codeOf(response)).toBe("BAD_USER_INPUT");
      }
      const { product } = await on[0].request(ProductDocument, { id: productId });
      expect(product?.available).toBe(3);
    });

    test("an operation over the list-size limit is QUERY_TOO_COMPLEX on both gateways", async () => {
      for (const client of on) {
        const response = await client.execute(ProductsDocument, { first: 1000 });
        expect(codeOf(response)).toBe("QUERY_TOO_COMPLEX");
      }
    });

    test("a client's rate-limit bucket is one across the gateways: emptied on 1, it refuses on 2", async () => {
      const platform = await createPlatform(http);
      const greedy = await registerTenant({ ...platform, api: http.with({ "x-api-key": platform.platformKey }) });
      // A location costs 10: one fits in 12 points, a second not before 8 more are back (8 s).
      await database.db.prisma.clientApp.update({
        where: { id: platform.clientAppId },
        data: { rateLimitCapacity: 12, rateLimitRestoreRate: 1 },
      });
      const createLocation = (url: string, code: string) =>
        createOmniClient({ url, platformKey: platform.platformKey, clientKey: greedy.clientKey }).execute(
          CreateLocationDocument,
          { input: { name: `Store ${code}`, code } },
        );
      expect((await createLocation(gatewayUrls[0], "first")).status).toBe(200);
      const refused = await createLocation(gatewayUrls[1], "second");
      expect([refused.status, codeOf(refused)]).toEqual([429, "RATE_LIMITED"]);
    });
  });

  describe("subscriptions across the gateways", () => {
    const keys = () => ({ "x-api-key": tenant.platform.platformKey, "client-x-api-key": tenant.clientKey });

    for (const [listening, acting] of [
      [1, 0],
      [0, 1],
    ] as const) {
      test(`a subscriber on gateway ${listening + 1} hears stock changed through gateway ${acting + 1}, in order`, async () => {
        const { productId, locationId } = await stockedProduct(4);
        const { client, connected } = connect(gatewayUrls[listening], keys());
        await connected;
        const subscriber = await subscribe<StockChangedSubscription>(client, StockChangedDocument.toString(), {
          productId,
        });
        await on[acting].request(SetInventoryDocument, {
          input: { productId, locationId, onHand: 10, reason: "recount" },
        });
        await tenantApi(acting).data(
          "mutation ($input: AdjustInventoryInput!) { adjustInventory(input: $input) { onHand } }",
          { input: { productId, locationId, delta: -3, reason: "damaged" } },
        );
        await on[acting].request(CreateOrderDocument, { input: { items: [{ productId, locationId, quantity: 2 }] } });
        // The set-up's own count may still be on its way through the worker's outbox, and the
        // order, left PENDING, expires later: the story is the three events from the recount on.
        const story = () =>
          subscriber.events
            .slice(subscriber.events.findIndex(({ stockChanged }) => stockChanged.reason === "recount"))
            .slice(0, 3);
        await waitFor(
          () => subscriber.events.some(({ stockChanged }) => stockChanged.reason === "recount") && story().length === 3,
          20_000,
          "three stock events",
        );
        expect(
          story().map(({ stockChanged }) => [stockChanged.onHand, stockChanged.reserved, stockChanged.available]),
        ).toEqual([
          [10, 0, 10],
          [7, 0, 7],
          [7, 2, 5],
        ]);
        await client.dispose();
      });
    }

    test("a subscriber on gateway 2 hears an order's life through gateway 1, and gateway 1's subscriber gateway 2's", async () => {
      const { productId, locationId } = await stockedProduct(5);
      const listeners = await Promise.all(
        gatewayUrls.map(async (url) => {
          const { client, connected } = connect(url, keys());
          await connected;
          return {
            client,
            subscriber: await subscribe<OrderUpdatedSubscription>(client, OrderUpdatedDocument.toString()),
          };
        }),
      );
      const { createOrder } = await on[0].request(CreateOrderDocument, {
        input: { items: [{ productId, locationId, quantity: 1 }] },
      });
      await tenantApi(1).data("mutation ($id: ID!) { processOrder(id: $id) { id } }", { id: createOrder.id });
      await tenantApi(0).data("mutation ($id: ID!) { completeOrder(id: $id) { id } }", { id: createOrder.id });
      const ofThisOrder = (events: OrderUpdatedSubscription[]) =>
        events
          .filter((event) => event.orderUpdated.order.id === createOrder.id)
          .map(({ orderUpdated }) => [orderUpdated.type, orderUpdated.previousStatus, orderUpdated.status]);
      const expected = [
        ["CREATED", null, "PENDING"],
        ["STATUS_CHANGED", "PENDING", "PROCESSING"],
        ["STATUS_CHANGED", "PROCESSING", "COMPLETED"],
      ];
      for (const { subscriber } of listeners) {
        await waitFor(() => ofThisOrder(subscriber.events).length >= 3, 20_000, "the order's three events");
        expect(ofThisOrder(subscriber.events)).toEqual(expected);
      }
      await Promise.all(listeners.map(({ client }) => client.dispose()));
    });
  });

  describe("webhooks", () => {
    test("a signed store webhook taken by gateway 1 is imported by the worker and read on gateway 2; a forged one is refused", async () => {
      const { productId, locationId, sku } = await stockedProduct(5);
      const connectionId = await connectShopifyShop(tenantApi(0), shop);
      await tenantApi(1).data(
        "mutation ($id: ID!, $locationId: ID) { setConnectionLocation(id: $id, locationId: $locationId) { id } }",
        {
          id: connectionId,
          locationId,
        },
      );
      const order = { id: 4_400_001, name: "#4401", email: "ana@example.com", line_items: [{ sku, quantity: 1 }] };
      const forged = await postShopifyWebhook(
        publicUrl,
        shop,
        "orders/create",
        { ...order, id: 4_400_002 },
        {
          secret: "not-the-app-secret",
        },
      );
      expect(forged.status).toBe(401);
      const accepted = await postShopifyWebhook(publicUrl, shop, "orders/create", order);
      expect(accepted.status).toBe(200);

      const imported = async () => {
        const { orders } = await on[1].request(OrdersDocument, { filter: { source: "SHOPIFY" }, first: 50 });
        return orders.edges.map((edge) => edge.node);
      };
      await waitFor(async () => (await imported()).length > 0, 20_000, "the worker to import the store order");
      const orders = await imported();
      expect(orders).toHaveLength(1);
      expect(orders[0]).toMatchObject({ source: "SHOPIFY", items: [{ quantity: 1, product: { id: productId } }] });
    });

    test("an outbound webhook registered on gateway 2 gets a signed delivery from the worker of a product published on gateway 1", async () => {
      const { createWebhookEndpoint } = await tenantApi(1).data<{
        createWebhookEndpoint: { endpoint: { id: string }; secret: string };
      }>(
        "mutation ($input: CreateWebhookEndpointInput!) { createWebhookEndpoint(input: $input) { endpoint { id } secret } }",
        {
          input: { url: `${receiver.url}/hooks`, events: ["product.published"] },
        },
      );
      const { createProduct } = await on[0].request(CreateProductDocument, {
        input: { sku: "DIST-HOOK", name: "Announced", price: "9.00" },
      });
      await on[0].request(PublishProductDocument, { id: createProduct.id });

      const delivered = () =>
        receiver.received.find(
          (request) =>
            (JSON.parse(request.body) as { data?: { productId?: string } }).data?.productId === createProduct.id,
        );
      await waitFor(() => delivered() !== undefined, 20_000, "the worker's delivery");
      const request = delivered()!;
      expect(request.path).toBe("/hooks");
      expect(verifiesStandardWebhook(createWebhookEndpoint.secret, request.headers, request.body)).toBe(true);
      const deliveries = async () =>
        (
          await tenantApi(0).data<{ webhookDeliveries: { edges: { node: { status: string; eventType: string } }[] } }>(
            "query ($endpointId: ID) { webhookDeliveries(endpointId: $endpointId, first: 10) { edges { node { status eventType } } } }",
            { endpointId: createWebhookEndpoint.endpoint.id },
          )
        ).webhookDeliveries.edges.map((edge) => edge.node);
      await waitFor(async () => (await deliveries())[0]?.status === "SUCCEEDED", 20_000, "the delivery to be recorded");
      expect(await deliveries()).toEqual([{ status: "SUCCEEDED", eventType: "product.published" }]);
    });
  });

  describe("worker", () => {
    test(`an order left PENDING past OMNI_RESERVATION_TTL (${reservationTtl}) is cancelled by the worker and its stock released`, async () => {
      const { productId, locationId } = await stockedProduct(5);
      const { createOrder } = await on[0].request(CreateOrderDocument, {
        input: { items: [{ productId, locationId, quantity: 2 }] },
      });
      await waitFor(
        async () => (await orderStatus(on[1], createOrder.id)) === "CANCELLED",
        30_000,
        "the reservation to expire",
      );
      const { product } = await on[0].request(ProductDocument, { id: productId });
      expect(product?.inventory).toEqual([expect.objectContaining({ onHand: 5, reserved: 0, available: 5 })]);
    });
  });

  describe("stop", () => {
    test("SIGTERM stops every process and the launcher exits 0", async () => {
      const pids = bannerValue(launcher.output(), "processes")
        .split(", ")
        .map((entry) => Number(/\((\d+)\)$/.exec(entry)![1]));
      launcher.child.kill("SIGTERM");
      expect(await launcher.exited).toBe(0);
      expect(pids.filter(isRunning)).toEqual([]);
    });
  });

  /** The tenant's keys on gateway `index` (0 or 1), for operations the SDK has no document for. */
  function tenantApi(index: 0 | 1): GraphqlClient {
    return new GraphqlClient(gatewayUrls[index], {
      "x-api-key": tenant.platform.platformKey,
      "client-x-api-key": tenant.clientKey,
    });
  }
});

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
