import http from "node:http";
import type { AddressInfo } from "node:net";
import { Writable } from "node:stream";
import { createLogger } from "../../subgraphs/core/src/logger";
import { startFakeProkip, type FakeProkip } from "../fakes/prokip";
import { startFakeShopify, type FakeShopify } from "../fakes/shopify";
import { startFakeWooCommerce, type FakeWooCommerce } from "../fakes/woocommerce";
import { createLocation, createPublishedProduct, setStock } from "../helpers/commerce";
import {
  connectShopifyShop,
  connectWooCommerceStore,
  integrationConfig,
  postShopifyWebhook,
  shopifyApp,
} from "../helpers/integrations";
import { startStack, testSecrets, type TestStack } from "../helpers/stack";
import { createTenant, type Tenant } from "../helpers/tenants";
import { waitFor } from "../helpers/wait";

/**
 * The whole life of a tenant's store integrations (connect by OAuth and by keys, deliveries
 * good and forged, imports, syncs, outbound webhooks that fail, disconnect), with the
 * process's log captured at debug level: afterwards neither the log nor a dump of every
 * table holds any store secret, key or token in plain text.
 */
const logLines: string[] = [];
const destination = new Writable({
  write(chunk: Buffer, _encoding, done) {
    logLines.push(chunk.toString());
    done();
  },
});

const shop = "secret-keeper.myshopify.com";
const wooKeys = {
  consumerKey: "ck_7e1d3c5b9a2f4e6d8c0b1a3f5e7d9c2b4a6f8e0d",
  consumerSecret: "cs_2b4d6f8a0c1e3b5d7f9a2c4e6b8d0f1a3c5e7b9d",
};
const prokipToken = "prokip-bearer-3f9a7c1e5b2d8f4a6c0e9b7d";

let stack: TestStack;
let shopify: FakeShopify;
let woo: FakeWooCommerce;
let prokip: FakeProkip;
let receiver: http.Server;
let merchant: Tenant;
const secrets = new Map<string, string>();

beforeAll(async () => {
  shopify = await startFakeShopify({ shop, ...shopifyApp });
  woo = await startFakeWooCommerce(wooKeys);
  prokip = await startFakeProkip({ token: prokipToken });
  shopify.addProduct("Lamp", ["LAMP-1"]);
  woo.addProduct("Lamp", "LAMP-1");
  prokip.addProduct("Lamp", "LAMP-1");
  // A storefront endpoint that always fails, so delivery errors are logged too.
  receiver = http.createServer((_req, res) => res.writeHead(500).end("boom"));
  await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
  stack = await startStack({
    config: await integrationConfig({ shopifyBaseUrl: shopify.url, prokipApiUrl: prokip.url }),
    log: createLogger({ level: "debug", destination }),
  });
  merchant = await createTenant(stack.http);
  const location = await createLocation(merchant.api, "MAIN");
  await setStock(merchant.api, await createPublishedProduct(merchant.api, "LAMP-1", "30.00"), location, 12);
});
afterAll(async () => {
  await stack.stop();
  await Promise.all([shopify.stop(), woo.stop(), prokip.stop()]);
  await new Promise((resolve) => receiver.close(resolve));
});

test("a tenant's whole integration life leaves no secret in the log or the database", async () => {
  const shopifyId = await connectShopifyShop(merchant.api, shop);
  const wooId = await connectWooCommerceStore(merchant.api, { storeUrl: woo.url, ...wooKeys });
  await merchant.api.data("mutation ($input: ConfigureProkipInput!) { configureProkip(input: $input) { id } }", {
    input: { token: prokipToken, locationId: "1" },
  });
  const { createWebhookEndpoint } = await merchant.api.data<{ createWebhookEndpoint: { secret: string } }>(
    "mutation ($input: CreateWebhookEndpointInput!) { createWebhookEndpoint(input: $input) { secret } }",
    { input: { url: `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks`, events: ["stock.changed"] } },
  );

  const order = {
    id: 7_700_001,
    name: "#7701",
    email: "kim@example.com",
    line_items: [{ sku: "LAMP-1", quantity: 1 }],
  };
  const post = (secret: string) => postShopifyWebhook(stack.config.publicUrl, shop, "orders/create", order, { secret });
  expect((await post(shopifyApp.clientSecret)).status).toBe(200);
  expect((await post("forged")).status).toBe(401);
  await waitFor(
    async () => (await stack.database.db.prisma.salesLog.count({ where: { clientId: merchant.clientId } })) === 1,
    20_000,
    "the store order to be imported",
  );
  // A store that refuses a push, and one that rate-limits: their errors are logged.
  woo.products.length = 0;
  shopify.throttle(1, 1);
  await merchant.api.data("mutation { triggerSync { id } }");
  await waitFor(
    async () => (await stack.database.db.prisma.webhookAttempt.count()) > 0,
    20_000,
    "an outbound delivery attempt",
  );

  secrets.set("Shopify access token", shopify.issuedTokens.at(-1)!);
  secrets.set("Shopify app secret", shopifyApp.clientSecret);
  secrets.set("WooCommerce consumer key", wooKeys.consumerKey);
  secrets.set("WooCommerce consumer secret", wooKeys.consumerSecret);
  secrets.set("WooCommerce webhook secret", woo.webhooks[0]!.secret);
  secrets.set("Prokip token", prokipToken);
  secrets.set("outbound webhook secret", createWebhookEndpoint.secret);
  secrets.set("client key", merchant.clientKey);
  secrets.set("platform key", merchant.platform.platformKey);
  secrets.set("admin key", testSecrets.adminKey);
  secrets.set("encryption key", testSecrets.encryptionKey);
  secrets.set("internal secret", testSecrets.internalSecret);

  await merchant.api.data("mutation ($id: ID!) { disconnect(id: $id) { id } }", { id: shopifyId });
  await merchant.api.data("mutation ($id: ID!) { disconnect(id: $id) { id } }", { id: wooId });

  const log = logLines.join("");
  // The log did record the run, warnings included; it just holds nothing secret.
  expect(log.split("\n").length).toBeGreaterThan(10);
  expect(log).toContain("Sync finished with failures");
  for (const [name, value] of secrets) {
    expect({ name, inLog: log.includes(value) }).toEqual({ name, inLog: false });
  }

  const dump = await dumpDatabase();
  expect(dump).toContain("LAMP-1");
  for (const [name, value] of secrets) {
    expect({ name, inDump: dump.includes(value) }).toEqual({ name, inDump: false });
  }
});

/** Every row of every table, as JSON text: what a backup of the database would hold. */
async function dumpDatabase(): Promise<string> {
  return stack.database.db.withSession(async (session) => {
    const tables = await session.query<{ name: string }>(
      "SELECT tablename AS name FROM pg_tables WHERE schemaname = current_schema() ORDER BY tablename",
    );
    const parts: string[] = [];
    for (const { name } of tables) {
      const rows = await session.query<{ row: unknown }>(`SELECT to_jsonb(t) AS row FROM "${name}" t`);
      parts.push(...rows.map((row) => JSON.stringify(row.row)));
    }
    return parts.join("\n");
  });
}

describe("store addresses", () => {
  let strict: TestStack;
  beforeAll(async () => {
    strict = await startStack({ config: { webhooksAllowPrivate: false } });
  });
  afterAll(() => strict.stop());

  test("a store or Prokip address inside our network is refused unless configured otherwise", async () => {
    const tenant = await createTenant(strict.http);
    for (const storeUrl of [woo.url, "http://10.1.2.3", "http://[::1]:8080", "http://169.254.169.254"]) {
      const response = await tenant.api.request(
        "mutation ($input: ConnectWooCommerceInput!) { connectWooCommerce(input: $input) { id } }",
        { input: { storeUrl, ...wooKeys } },
      );
      expect(response.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "storeUrl" });
    }
    const prokipResponse = await tenant.api.request(
      "mutation ($input: ConfigureProkipInput!) { configureProkip(input: $input) { id } }",
      { input: { token: prokipToken, apiUrl: prokip.url, locationId: "1" } },
    );
    expect(prokipResponse.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "apiUrl" });
    expect(woo.calls("/wp-json/wc/v3/system_status").filter((call) => call.headers.authorization)).toHaveLength(1);
  });
});
