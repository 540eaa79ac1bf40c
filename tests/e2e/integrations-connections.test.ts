import { SecretBox } from "../../subgraphs/core/src/crypto/secret-box";
import { openSecret } from "../../subgraphs/integrations/src/services/connections";
import { startFakeProkip, type FakeProkip } from "../fakes/prokip";
import { startFakeWooCommerce, type FakeWooCommerce } from "../fakes/woocommerce";
import type { GraphqlResponse } from "../helpers/graphql-client";
import { integrationConfig } from "../helpers/integrations";
import { freePort } from "../helpers/ports";
import { startStack, testSecrets, type TestStack } from "../helpers/stack";
import { createTenant, registerTenant, type Tenant } from "../helpers/tenants";

let stack: TestStack;
let woo: FakeWooCommerce;
let prokip: FakeProkip;
let owner: Tenant;
/** Another client of the same platform. */
let neighbour: Tenant;
/** A client of another platform. */
let stranger: Tenant;
/** Every GraphQL answer of this file, searched at the end for secrets. */
const answers: string[] = [];

const wooKeys = {
  consumerKey: "ck_4f9d0e7c2b1a4a8e9f0d1c2b3a4e5f6a7b8c9d0e",
  consumerSecret: "cs_0e9d8c7b6a5f4e3d2c1b0a9f8e7d6c5b4a3f2e1d",
};
const prokipToken = "prokip_live_9f8e7d6c5b4a39281706f5e4d3c2b1a0";
const box = new SecretBox(testSecrets.encryptionKey);
const connectionFields = "id platform storeUrl status syncEnabled lastSyncAt lastError createdAt";

beforeAll(async () => {
  woo = await startFakeWooCommerce(wooKeys);
  prokip = await startFakeProkip({ token: prokipToken });
  const config = await integrationConfig({ prokipApiUrl: prokip.url });
  // This server has no Shopify app registered.
  stack = await startStack({
    config: { ...config, shopify: { ...config.shopify!, clientId: undefined, clientSecret: undefined } },
  });
  owner = await createTenant(stack.http);
  neighbour = await registerTenant(owner.platform);
  stranger = await createTenant(stack.http);
});
afterAll(async () => {
  await stack.stop();
  await woo.stop();
  await prokip.stop();
});

async function gql<Data = Record<string, unknown>>(
  tenant: Tenant,
  query: string,
  variables?: Record<string, unknown>,
): Promise<GraphqlResponse<Data>> {
  const response = await tenant.api.request<Data>(query, variables);
  answers.push(JSON.stringify(response));
  return response;
}

const connectWoo = (tenant: Tenant, input: Record<string, unknown>) =>
  gql<{ connectWooCommerce: Record<string, string> }>(
    tenant,
    `mutation ($input: ConnectWooCommerceInput!) { connectWooCommerce(input: $input) { ${connectionFields} } }`,
    { input },
  );

const configureProkip = (tenant: Tenant, input: Record<string, unknown>) =>
  gql<{ configureProkip: Record<string, string> }>(
    tenant,
    `mutation ($input: ConfigureProkipInput!) { configureProkip(input: $input) { ${connectionFields} } }`,
    { input },
  );

const codeOf = (response: GraphqlResponse<unknown>) => response.errors?.[0]?.extensions?.code;

let wooConnectionId: string;
let prokipConnectionId: string;

describe("a tenant connects a WooCommerce store", () => {
  test("the key pair is checked, stored sealed, and four webhooks point at our shim with one secret", async () => {
    const response = await connectWoo(owner, { storeUrl: `${woo.url}/`, ...wooKeys });
    expect(response.errors).toBeUndefined();
    const connection = response.data!.connectWooCommerce;
    expect(connection).toMatchObject({ platform: "WOOCOMMERCE", storeUrl: woo.url, status: "ACTIVE", lastError: null });
    wooConnectionId = connection.id!;

    const [check] = woo.calls("/wp-json/wc/v3/system_status");
    const basic = `Basic ${Buffer.from(`${wooKeys.consumerKey}:${wooKeys.consumerSecret}`).toString("base64")}`;
    expect(check!.headers.authorization).toBe(basic);
    expect(woo.webhooks.map((webhook) => webhook.topic).sort()).toEqual([
      "order.created",
      "order.deleted",
      "order.updated",
      "product.updated",
    ]);
    const secrets = new Set(woo.webhooks.map((webhook) => webhook.secret));
    expect(secrets.size).toBe(1);
    for (const webhook of woo.webhooks) {
      expect(webhook.delivery_url).toBe(`${stack.config.publicUrl}/webhooks/woocommerce/${wooConnectionId}`);
      expect(webhook.status).toBe("active");
    }

    const row = await stack.database.db.prisma.connection.findUniqueOrThrow({ where: { id: wooConnectionId } });
    const [webhookSecret] = [...secrets];
    expect(webhookSecret!.length).toBeGreaterThanOrEqual(32);
    for (const [column, plaintext] of [
      ["consumerKeyEnc", wooKeys.consumerKey],
      ["consumerSecretEnc", wooKeys.consumerSecret],
      ["webhookSecretEnc", webhookSecret!],
    ] as const) {
      expect(row[column]).toMatch(/^v1\./);
      expect(row[column]).not.toContain(plaintext);
      expect(openSecret(box, row, column)).toBe(plaintext);
    }
  });

  test("a wrong key pair is bad input, and nothing is saved or registered", async () => {
    const webhooksBefore = woo.webhooks.length;
    const response = await connectWoo(neighbour, { storeUrl: woo.url, ...wooKeys, consumerSecret: "cs_wrong" });
    expect(codeOf(response)).toBe("BAD_USER_INPUT");
    expect(response.errors?.[0]?.message).toMatch(/refused this consumer key and secret/);
    expect(woo.webhooks).toHaveLength(webhooksBefore);
    expect(await stack.database.db.prisma.connection.count({ where: { clientId: neighbour.clientId } })).toBe(0);
  });

  test("a store that does not answer gets a clear error; a malformed address is bad input", async () => {
    const closed = await freePort();
    const unreachable = await connectWoo(owner, { storeUrl: `http://127.0.0.1:${closed}`, ...wooKeys });
    expect(codeOf(unreachable)).toBe("SERVICE_UNAVAILABLE");
    expect(unreachable.errors?.[0]?.message).toBe(
      `WooCommerce at http://127.0.0.1:${closed} could not be reached: ECONNREFUSED`,
    );
    for (const storeUrl of ["not a url", "ftp://shop.example.com", "https://user:pw@shop.example.com"]) {
      expect(codeOf(await connectWoo(owner, { storeUrl, ...wooKeys }))).toBe("BAD_USER_INPUT");
    }
    const noWoo = await connectWoo(owner, { storeUrl: `${prokip.url}/shop`, ...wooKeys });
    expect(codeOf(noWoo)).toBe("BAD_USER_INPUT");
  });
});

describe("a tenant configures Prokip", () => {
  test("a good token is checked against Prokip's business locations and stored sealed", async () => {
    const response = await configureProkip(owner, { token: prokipToken, locationId: "1" });
    expect(response.errors).toBeUndefined();
    const connection = response.data!.configureProkip;
    expect(connection).toMatchObject({ platform: "PROKIP", storeUrl: prokip.url, status: "ACTIVE" });
    prokipConnectionId = connection.id!;
    expect(prokip.calls("/connector/api/business-location").at(-1)!.headers.authorization).toBe(
      `Bearer ${prokipToken}`,
    );
    const row = await stack.database.db.prisma.connection.findUniqueOrThrow({ where: { id: prokipConnectionId } });
    expect(row.prokipLocationId).toBe("1");
    expect(row.accessTokenEnc).not.toContain(prokipToken);
    expect(openSecret(box, row, "accessTokenEnc")).toBe(prokipToken);
  });

  test("a bad token or an unknown location is bad input", async () => {
    const badToken = await configureProkip(neighbour, { token: "prokip_not_a_real_token", locationId: "1" });
    expect(codeOf(badToken)).toBe("BAD_USER_INPUT");
    expect(badToken.errors?.[0]?.message).toBe("Prokip refused this token");
    const badLocation = await configureProkip(neighbour, { token: prokipToken, locationId: "99" });
    expect(codeOf(badLocation)).toBe("BAD_USER_INPUT");
    expect(await stack.database.db.prisma.connection.count({ where: { clientId: neighbour.clientId } })).toBe(0);
  });
});

describe("connections belong to their tenant", () => {
  test("the owner lists and reads its connections", async () => {
    const { data } = await gql<{ connections: { id: string }[]; connection: { id: string } | null }>(
      owner,
      `query ($id: ID!) { connections { id } connection(id: $id) { ${connectionFields} } }`,
      { id: wooConnectionId },
    );
    expect(data!.connections.map((connection) => connection.id).sort()).toEqual(
      [prokipConnectionId, wooConnectionId].sort(),
    );
    expect(data!.connection).toMatchObject({ id: wooConnectionId, platform: "WOOCOMMERCE" });
  });

  test.each([
    ["another client of the same platform", () => neighbour],
    ["a client of another platform", () => stranger],
  ])("%s can neither see nor disconnect them", async (_who, tenant) => {
    const read = await gql<{ connections: unknown[]; connection: unknown }>(
      tenant(),
      "query ($id: ID!) { connections { id } connection(id: $id) { id } }",
      { id: wooConnectionId },
    );
    expect(read.data).toEqual({ connections: [], connection: null });
    const disconnect = await gql(tenant(), "mutation ($id: ID!) { disconnect(id: $id) { id status } }", {
      id: wooConnectionId,
    });
    expect(codeOf(disconnect)).toBe("NOT_FOUND");
    const row = await stack.database.db.prisma.connection.findUniqueOrThrow({ where: { id: wooConnectionId } });
    expect(row.status).toBe("ACTIVE");
  });

  test("starting a Shopify connection on a server without a Shopify app says so", async () => {
    const response = await gql(owner, 'mutation { initiateShopifyConnection(shop: "mystore") { authUrl } }');
    expect(codeOf(response)).toBe("SERVICE_UNAVAILABLE");
    expect(response.errors?.[0]?.message).toMatch(/SHOPIFY_CLIENT_ID/);
  });
});

describe("disconnecting", () => {
  test("stops the sync and wipes the stored secrets", async () => {
    const response = await gql<{ disconnect: Record<string, unknown> }>(
      owner,
      `mutation ($id: ID!) { disconnect(id: $id) { ${connectionFields} } }`,
      { id: wooConnectionId },
    );
    expect(response.data!.disconnect).toMatchObject({
      id: wooConnectionId,
      status: "DISCONNECTED",
      syncEnabled: false,
    });
    const row = await stack.database.db.prisma.connection.findUniqueOrThrow({ where: { id: wooConnectionId } });
    expect(row).toMatchObject({
      accessTokenEnc: null,
      consumerKeyEnc: null,
      consumerSecretEnc: null,
      webhookSecretEnc: null,
    });
  });

  test("connecting the same store again reactivates the same connection", async () => {
    const response = await connectWoo(owner, { storeUrl: woo.url, ...wooKeys });
    expect(response.data!.connectWooCommerce).toMatchObject({ id: wooConnectionId, status: "ACTIVE" });
  });

  test("every change is audited, and neither an answer nor a stored row holds a secret in plain text", async () => {
    const { data } = await gql<{ auditLog: { edges: { node: { action: string; entityId: string } }[] } }>(
      owner,
      '{ auditLog(first: 100, filter: { entityType: "Connection" }) { edges { node { action entityId before after } } } }',
    );
    expect(data!.auditLog.edges.map((edge) => [edge.node.action, edge.node.entityId])).toEqual(
      [
        ["connection.connected", wooConnectionId],
        ["connection.connected", prokipConnectionId],
        ["connection.disconnected", wooConnectionId],
        ["connection.connected", wooConnectionId],
      ].reverse(),
    );

    const webhookSecrets = woo.webhooks.map((webhook) => webhook.secret);
    const secrets = [wooKeys.consumerKey, wooKeys.consumerSecret, prokipToken, ...webhookSecrets];
    const rows = await stack.database.db.prisma.$queryRaw<{ row: string }[]>`
      SELECT row_to_json(c)::text AS row FROM "Connection" c
      UNION ALL SELECT row_to_json(a)::text FROM "AuditLogEntry" a`;
    for (const text of [...answers, ...rows.map((row) => row.row)]) {
      for (const secret of secrets) expect(text).not.toContain(secret);
    }
  });
});
