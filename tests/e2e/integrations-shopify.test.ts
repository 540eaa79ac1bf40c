import { SecretBox } from "../../subgraphs/core/src/crypto/secret-box";
import { openSecret } from "../../subgraphs/integrations/src/services/connections";
import { signShopifyQuery, startFakeShopify, type FakeShopify } from "../fakes/shopify";
import { integrationConfig, shopifyApp } from "../helpers/integrations";
import { startStack, testSecrets, type TestStack } from "../helpers/stack";
import { createTenant, type Tenant } from "../helpers/tenants";

let stack: TestStack;
let shopify: FakeShopify;
let merchant: Tenant;
/** Every GraphQL answer of this file, searched at the end for secrets. */
const answers: string[] = [];

const shop = "omni-test.myshopify.com";
// Not the default: moving to a new Admin API version is a setting, and every call follows it.
const apiVersion = "2026-01";

beforeAll(async () => {
  shopify = await startFakeShopify({ shop, ...shopifyApp, apiVersion });
  stack = await startStack({
    config: await integrationConfig({ shopifyBaseUrl: shopify.url, shopifyApiVersion: apiVersion }),
  });
  merchant = await createTenant(stack.http);
});
afterAll(async () => {
  await stack.stop();
  await shopify.stop();
});

async function gql<Data>(query: string, variables?: Record<string, unknown>, tenant = merchant) {
  const response = await tenant.api.request<Data>(query, variables);
  answers.push(JSON.stringify(response));
  return response;
}

async function initiate(shopInput: string): Promise<string> {
  const response = await gql<{ initiateShopifyConnection: { authUrl: string } }>(
    "mutation ($shop: String!) { initiateShopifyConnection(shop: $shop) { authUrl } }",
    { shop: shopInput },
  );
  expect(response.errors).toBeUndefined();
  return response.data!.initiateShopifyConnection.authUrl;
}

/** A browser following one redirect: where it is sent next. */
async function follow(url: string): Promise<URL> {
  const response = await fetch(url, { redirect: "manual" });
  expect(response.status).toBe(302);
  return new URL(response.headers.get("location")!);
}

/** The merchant approves on the (fake) shop, which sends the browser to our callback. */
async function approve(authUrl: string): Promise<URL> {
  const callback = await follow(authUrl);
  expect(callback.toString().startsWith(`${stack.config.publicUrl}/integrations/shopify/callback?`)).toBe(true);
  return callback;
}

function callbackUrl(params: Record<string, string>, sign = true): string {
  const query = new URLSearchParams(params);
  if (sign) query.set("hmac", signShopifyQuery(shopifyApp.clientSecret, query));
  return `${stack.config.publicUrl}/integrations/shopify/callback?${query.toString()}`;
}

const stateOf = (authUrl: string) => new URL(authUrl).searchParams.get("state")!;

describe("connecting a Shopify shop over OAuth", () => {
  let spentCallback: URL;

  test("initiate, approve on the shop, callback: the console gets success and the tenant an active connection", async () => {
    const authUrl = new URL(await initiate("omni-test"));
    expect(`${authUrl.origin}${authUrl.pathname}`).toBe(`${shopify.url}/admin/oauth/authorize`);
    expect(authUrl.searchParams.get("client_id")).toBe(shopifyApp.clientId);
    expect(authUrl.searchParams.get("scope")).toBe("read_orders,read_products,write_inventory,read_inventory");
    expect(authUrl.searchParams.get("redirect_uri")).toBe(`${stack.config.publicUrl}/integrations/shopify/callback`);
    expect(authUrl.searchParams.get("state")).toMatch(/^[A-Za-z0-9_-]{32}$/);

    spentCallback = await approve(authUrl.toString());
    const back = await follow(spentCallback.toString());
    // No OMNI_APP_URL: back to the console's connections page, where the merchant started.
    expect(`${back.origin}${back.pathname}`).toBe(`${stack.config.publicUrl}/console/connections`);
    expect(back.searchParams.get("shopify_success")).toBe("true");
    expect(back.searchParams.get("store")).toBe(shop);

    const { data } = await gql<{ connections: Record<string, unknown>[] }>(
      "{ connections { id platform storeUrl status syncEnabled lastError lastSyncAt createdAt } }",
    );
    expect(data!.connections).toEqual([
      expect.objectContaining({
        platform: "SHOPIFY",
        storeUrl: `https://${shop}`,
        status: "ACTIVE",
        syncEnabled: true,
        lastError: null,
      }),
    ]);

    const [exchange] = shopify.calls("/admin/oauth/access_token");
    expect(shopify.calls("/admin/oauth/access_token")).toHaveLength(1);
    expect(exchange!.body).toEqual({
      client_id: shopifyApp.clientId,
      client_secret: shopifyApp.clientSecret,
      code: spentCallback.searchParams.get("code"),
    });
    const token = shopify.issuedTokens[0]!;
    const registrations = shopify.calls(`/admin/api/${apiVersion}/webhooks.json`);
    expect(registrations).toHaveLength(4);
    // Registration, then the product mapping: every Admin API call at the configured version.
    const adminCalls = shopify.requests.filter((request) => request.path.startsWith("/admin/api/"));
    expect(adminCalls.length).toBeGreaterThan(4);
    for (const call of adminCalls) expect(call.path.startsWith(`/admin/api/${apiVersion}/`)).toBe(true);
    for (const registration of registrations) expect(registration.headers["x-shopify-access-token"]).toBe(token);
    expect(shopify.webhooks.map((webhook) => webhook.topic).sort()).toEqual([
      "orders/cancelled",
      "orders/create",
      "orders/updated",
      "products/update",
    ]);
    for (const webhook of shopify.webhooks) expect(webhook.address).toBe(`${stack.config.publicUrl}/webhooks/shopify`);
  });

  test("the access token is stored sealed: not in the column, yet it opens with the key", async () => {
    const token = shopify.issuedTokens[0]!;
    const row = await stack.database.db.prisma.connection.findFirstOrThrow({ where: { clientId: merchant.clientId } });
    expect(row.accessTokenEnc).toMatch(/^v1\.[\w-]+\.[\w-]+\.[\w-]+$/);
    expect(row.accessTokenEnc).not.toContain(token);
    expect(row.accessTokenEnc).not.toContain(Buffer.from(token).toString("base64url"));
    expect(openSecret(new SecretBox(testSecrets.encryptionKey), row, "accessTokenEnc")).toBe(token);
  });

  test("a replayed callback is refused: its state was spent", async () => {
    const back = await follow(spentCallback.toString());
    expect(back.searchParams.get("shopify_error")).toBe("invalid_state");
    expect(shopify.calls("/admin/oauth/access_token")).toHaveLength(1);
  });

  test("a callback with a bad HMAC is refused and does not spend the state", async () => {
    const callback = await approve(await initiate(shop));
    const forged = new URL(callback);
    forged.searchParams.set("hmac", "0".repeat(64));
    expect((await follow(forged.toString())).searchParams.get("shopify_error")).toBe("invalid_hmac");
    const tampered = new URL(callback);
    tampered.searchParams.set("code", "a-code-the-shop-never-issued");
    expect((await follow(tampered.toString())).searchParams.get("shopify_error")).toBe("invalid_hmac");
    const unsigned = new URL(callback);
    unsigned.searchParams.delete("hmac");
    expect((await follow(unsigned.toString())).searchParams.get("shopify_error")).toBe("invalid_hmac");
    expect(shopify.calls("/admin/oauth/access_token")).toHaveLength(1);

    // The genuine callback still works: reconnecting keeps one connection, with the new token.
    const back = await follow(callback.toString());
    expect(back.searchParams.get("shopify_success")).toBe("true");
    const rows = await stack.database.db.prisma.connection.findMany({ where: { clientId: merchant.clientId } });
    expect(rows).toHaveLength(1);
    expect(openSecret(new SecretBox(testSecrets.encryptionKey), rows[0]!, "accessTokenEnc")).toBe(
      shopify.issuedTokens[1],
    );
    // The shop kept the webhooks of the first connect; we still know them all, to remove them on disconnect.
    expect(shopify.webhooks).toHaveLength(4);
    expect([...rows[0]!.storeWebhookIds].sort()).toEqual(shopify.webhooks.map((webhook) => String(webhook.id)).sort());
  });

  test("a callback whose signed timestamp is stale is refused", async () => {
    const callback = new URL(await approve(await initiate(shop)));
    callback.searchParams.set("timestamp", String(Math.floor(Date.now() / 1000) - 3600));
    callback.searchParams.set("hmac", signShopifyQuery(shopifyApp.clientSecret, callback.searchParams));
    expect((await follow(callback.toString())).searchParams.get("shopify_error")).toBe("invalid_request");
  });

  test("only *.myshopify.com shops are accepted", async () => {
    for (const shopInput of ["evil.example.com", "https://omni-test.myshopify.com.evil.com", "", "omni test"]) {
      const response = await gql("mutation ($shop: String!) { initiateShopifyConnection(shop: $shop) { authUrl } }", {
        shop: shopInput,
      });
      expect(response.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
    }
    const state = stateOf(await initiate(shop));
    const back = await follow(
      callbackUrl({ code: "abc", shop: "evil.example.com", state, timestamp: String(Math.floor(Date.now() / 1000)) }),
    );
    expect(back.searchParams.get("shopify_error")).toBe("invalid_shop");
  });

  test("a state issued for another shop, or expired, is refused", async () => {
    const timestamp = String(Math.floor(Date.now() / 1000));
    const forOtherShop = stateOf(await initiate("other-shop"));
    const mismatch = await follow(callbackUrl({ code: "abc", shop, state: forOtherShop, timestamp }));
    expect(mismatch.searchParams.get("shopify_error")).toBe("invalid_state");

    const expiring = stateOf(await initiate(shop));
    await stack.database.db.prisma.oAuthState.update({
      where: { state: expiring },
      data: { expiresAt: new Date(Date.now() - 1000) },
    });
    const expired = await follow(callbackUrl({ code: "abc", shop, state: expiring, timestamp }));
    expect(expired.searchParams.get("shopify_error")).toBe("invalid_state");

    const unknown = await follow(callbackUrl({ code: "abc", shop, state: "never-issued", timestamp }));
    expect(unknown.searchParams.get("shopify_error")).toBe("invalid_state");
    expect(shopify.calls("/admin/oauth/access_token")).toHaveLength(2);
  });

  test("every step is in the tenant's audit log, and no answer ever carried a token", async () => {
    const { data } = await gql<{ auditLog: { edges: { node: { action: string } }[] } }>(
      '{ auditLog(first: 100, filter: { entityType: "Connection" }) { edges { node { action before after } } } }',
    );
    expect(data!.auditLog.edges.map((edge) => edge.node.action)).toEqual([
      "connection.connected",
      "connection.connected",
    ]);
    const secrets = [...shopify.issuedTokens, shopifyApp.clientSecret];
    expect(secrets.length).toBeGreaterThan(2);
    for (const answer of answers) for (const secret of secrets) expect(answer).not.toContain(secret);
  });
});
