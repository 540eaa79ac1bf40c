import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { loadConfig, subgraphNames } from "../../subgraphs/core/src/config";
import { startFakeShopify, type FakeShopify } from "../fakes/shopify";
import { createLocation, createPublishedProduct, setStock } from "../helpers/commerce";
import { createTestDatabase, serverUrl, type TestDatabase } from "../helpers/database";
import { GraphqlClient } from "../helpers/graphql-client";
import { connectShopifyShop, postShopifyWebhook, shopifyApp } from "../helpers/integrations";
import { freePort } from "../helpers/ports";
import { root, startGatewayProcess, stopProcess, type StartedProcess } from "../helpers/process";
import { testSecrets } from "../helpers/stack";
import { connect, subscribe } from "../helpers/subscriptions";
import { createTenant, type Tenant } from "../helpers/tenants";
import { waitFor } from "../helpers/wait";

/**
 * The distributed topology as docker-compose.yml runs it, without Docker: the five subgraphs
 * as their own processes, two gateways composing them over HTTP, one worker running every
 * background job, on one PostgreSQL and one Redis. The story alternates between the two
 * gateways: what one does, the other sees.
 */
const redisUrl = loadConfig().redisUrl;
const withRedisAndPostgres = serverUrl && redisUrl ? describe : describe.skip;
const shop = "distributed.myshopify.com";

withRedisAndPostgres("five subgraphs, two gateways and a worker as separate processes", () => {
  let database: TestDatabase;
  let shopify: FakeShopify;
  const children: ChildProcess[] = [];
  const gateways: StartedProcess[] = [];
  let tenant: Tenant;
  /** The tenant's client on gateway 1 and on gateway 2. */
  let via: [GraphqlClient, GraphqlClient];
  let publicUrls: [string, string];

  beforeAll(async () => {
    database = await createTestDatabase();
    shopify = await startFakeShopify({ shop, ...shopifyApp });
    const { DATABASE_URL: _db, REDIS_URL: _redis, ...inherited } = process.env;
    const env: NodeJS.ProcessEnv = {
      ...inherited,
      DATABASE_URL: database.url,
      REDIS_URL: redisUrl,
      OMNI_ADMIN_KEY: testSecrets.adminKey,
      OMNI_INTERNAL_SECRET: testSecrets.internalSecret,
      OMNI_ENCRYPTION_KEY: testSecrets.encryptionKey,
      OMNI_WEBHOOKS_ALLOW_PRIVATE: "true",
      SHOPIFY_CLIENT_ID: shopifyApp.clientId,
      SHOPIFY_CLIENT_SECRET: shopifyApp.clientSecret,
      SHOPIFY_ADMIN_BASE_URL: shopify.url,
      OMNI_RATE_LIMIT_CAPACITY: "1000000",
      OMNI_RATE_LIMIT_RESTORE: "1000000",
    };
    // Known before anything starts: the integrations subgraph builds the OAuth redirect URI from it.
    const ports = [await freePort(), await freePort()];
    publicUrls = ports.map((port) => `http://127.0.0.1:${port}`) as [string, string];
    env.OMNI_PUBLIC_URL = publicUrls[0];
    const subgraphUrls = await Promise.all(
      subgraphNames.map(async (name) => {
        const port = await freePort();
        children.push(
          await startService(
            ["gateway/src/cli/start-subgraph.ts", name],
            { ...env, PORT: String(port) },
            "subgraph listening",
          ),
        );
        return `${name}=http://127.0.0.1:${port}/graphql`;
      }),
    );
    for (const port of ports) {
      gateways.push(
        await startGatewayProcess({
          ...env,
          PORT: String(port),
          OMNI_PUBLIC_URL: `http://127.0.0.1:${port}`,
          OMNI_DATA_DIR: mkdtempSync(path.join(tmpdir(), "omni-distributed-")),
          OMNI_SUBGRAPH_URLS: subgraphUrls.join(","),
          OMNI_RUN_WORKERS: "false",
        }),
      );
    }
    children.push(
      await startService(["gateway/src/worker.ts"], { ...env, OMNI_RESERVATION_TTL: "1h" }, "worker started"),
    );

    tenant = await createTenant(new GraphqlClient(gateways[0]!.url));
    via = gateways.map(
      (gateway) =>
        new GraphqlClient(gateway.url, {
          "x-api-key": tenant.platform.platformKey,
          "client-x-api-key": tenant.clientKey,
        }),
    ) as [GraphqlClient, GraphqlClient];
  }, 120_000);

  afterAll(async () => {
    await Promise.all([
      ...gateways.map((gateway) => stopProcess(gateway.child)),
      ...children.map((child) => stopProcess(child)),
    ]);
    await shopify.stop();
    await database.drop();
  });

  test("catalog, stock and orders written through one gateway are read through the other", async () => {
    const productId = await createPublishedProduct(via[0], "DIST-1", "15.00");
    const locationId = await createLocation(via[1], "MAIN");
    await setStock(via[0], productId, locationId, 6);
    const { createOrder } = await via[1].data<{ createOrder: { id: string; number: number } }>(
      "mutation ($input: CreateOrderInput!) { createOrder(input: $input) { id number } }",
      { input: { items: [{ productId, locationId, quantity: 2 }] } },
    );
    const { order } = await via[0].data<{
      order: { number: number; items: { product: { sku: string; available: number } }[] };
    }>("query ($id: ID!) { order(id: $id) { number items { product { sku available } } } }", { id: createOrder.id });
    expect(order).toEqual({ number: createOrder.number, items: [{ product: { sku: "DIST-1", available: 4 } }] });
  });

  test("a subscriber on gateway 2 receives the event of a change made through gateway 1", async () => {
    const productId = await createPublishedProduct(via[0], "DIST-2");
    const locationId = await createLocation(via[0], "SECOND");
    const { client, connected } = connect(gateways[1]!.url, {
      "x-api-key": tenant.platform.platformKey,
      "client-x-api-key": tenant.clientKey,
    });
    await connected;
    const subscriber = await subscribe<{ stockChanged: { onHand: number; product: { sku: string } } }>(
      client,
      "subscription ($id: ID) { stockChanged(productId: $id) { onHand product { sku } } }",
      { id: productId },
    );
    await setStock(via[0], productId, locationId, 11);
    const [event] = await subscriber.waitFor(1, 20_000);
    expect(event!.stockChanged).toEqual({ onHand: 11, product: { sku: "DIST-2" } });
    await client.dispose();
  });

  test("a store webhook taken by gateway 1 is processed by the worker and its order read through gateway 2", async () => {
    const productId = await createPublishedProduct(via[1], "DIST-3");
    await setStock(via[1], productId, await createLocation(via[1], "AAA-FIRST"), 5);
    await connectShopifyShop(via[0], shop);
    const order = {
      id: 4_400_001,
      name: "#4401",
      email: "ana@example.com",
      line_items: [{ sku: "DIST-3", quantity: 1 }],
    };
    const response = await postShopifyWebhook(publicUrls[0], shop, "orders/create", order);
    expect(response.status).toBe(200);
    const imported = async () => {
      const { orders } = await via[1].data<{
        orders: { edges: { node: { externalId: string | null; source: string } }[] };
      }>("{ orders(first: 50) { edges { node { externalId source } } } }");
      return orders.edges.find((edge) => edge.node.externalId === String(order.id))?.node;
    };
    await waitFor(async () => (await imported()) !== undefined, 20_000, "the worker to import the store order");
    expect(await imported()).toEqual({ externalId: String(order.id), source: "SHOPIFY" });
  });
});

/** A process of the repo started with swc, ready once its output shows `readyText`. */
function startService(args: string[], env: NodeJS.ProcessEnv, readyText: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, ["-r", "@swc-node/register", ...args], {
    cwd: root,
    env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${args.join(" ")}: not ready within 60 s\n${output}`)), 60_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (!output.includes(readyText)) return;
      clearTimeout(timer);
      resolve(child);
    };
    child.stdout!.on("data", onData);
    child.stderr!.on("data", onData);
    child.once("exit", (code) => reject(new Error(`${args.join(" ")} exited with ${code}:\n${output}`)));
  });
}
