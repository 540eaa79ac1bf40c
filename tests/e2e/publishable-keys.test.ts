import { createClient } from "graphql-ws";
import WebSocket from "ws";
import { loadConfig } from "../../subgraphs/core/src/config";
import { createLocation, createOrder, createPublishedProduct, setStock } from "../helpers/commerce";
import { GraphqlClient } from "../helpers/graphql-client";
import { startStack, type TestStack } from "../helpers/stack";
import { wsUrl } from "../helpers/subscriptions";
import { createTenant, type Tenant } from "../helpers/tenants";
import { waitFor } from "../helpers/wait";

/**
 * A browser storefront calls with a publishable key (`pub_…`) alone: its tenant's published
 * catalog, stock and checkout, from the origins the key lists, metered per shopper address.
 */
const shop = "https://shop.example";
let stack: TestStack;
let tenant: Tenant;
let publishedId: string;
let draftId: string;
let locationId: string;
let addresses = 0;

beforeAll(async () => {
  stack = await startStack({
    // A key cache that outlives every wait below: a revoked key is refused because the
    // revocation event evicted it, not because its lookup expired. One proxy in front, so
    // X-Forwarded-For names the shopper; a small bucket per shopper that refills slowly.
    config: {
      authCacheTtlMs: 60_000,
      trustProxyHops: 1,
      publishableRateLimit: { capacity: 200, restoreRate: 1 },
    },
    redisUrl: loadConfig().redisUrl,
  });
  tenant = await createTenant(stack.http);
  publishedId = await createPublishedProduct(tenant.api, "PUB-1", "12.50");
  const { createProduct } = await tenant.api.data<{ createProduct: { id: string } }>(
    'mutation { createProduct(input: { sku: "DRAFT-1", name: "Draft", price: "3.00" }) { id } }',
  );
  draftId = createProduct.id;
  locationId = await createLocation(tenant.api, "main");
  await setStock(tenant.api, publishedId, locationId, 100);
});
afterAll(() => stack.stop());

interface Issued {
  publishableKey: string;
  info: { id: string; prefix: string; allowedOrigins: string[] };
}

async function issue(allowedOrigins: string[], by = tenant.platform.api, clientId: string | null = tenant.clientId) {
  return by.request<{ issuePublishableKey: Issued }>(
    `mutation ($clientId: ID, $origins: [String!]!) {
      issuePublishableKey(clientId: $clientId, allowedOrigins: $origins) {
        publishableKey info { id prefix allowedOrigins createdAt revokedAt lastUsedAt }
      }
    }`,
    { clientId, origins: allowedOrigins },
  );
}

async function issued(allowedOrigins = [shop]): Promise<Issued> {
  const response = await issue(allowedOrigins);
  expect(response.errors).toBeUndefined();
  return response.data!.issuePublishableKey;
}

/** A shopper's browser: the key alone, from `origin`, at an address of its own. */
function browser(key: string, origin: string | undefined = shop, address = `198.51.100.${++addresses}`) {
  return new GraphqlClient(stack.gateway.url, {}).with({
    "client-x-api-key": key,
    origin,
    "x-forwarded-for": address,
  });
}

const productsQuery = "{ products(first: 20) { edges { node { id sku } } } }";
const skusOf = (data: { products: { edges: { node: { sku: string } }[] } }) =>
  data.products.edges.map((edge) => edge.node.sku);

test("the key alone lists published products only and places an order from an allowed origin", async () => {
  const { publishableKey } = await issued();
  const storefront = browser(publishableKey);
  const listed = await storefront.data<{ products: { edges: { node: { sku: string } }[] } }>(productsQuery);
  expect(skusOf(listed)).toEqual(["PUB-1"]);
  const draft = await storefront.request<{ product: unknown }>("query ($id: ID!) { product(id: $id) { id } }", {
    id: draftId,
  });
  expect(draft.data?.product ?? null).toBeNull();

  const order = await createOrder(storefront, [{ productId: publishedId, locationId, quantity: 2 }]);
  expect(order.errors).toBeUndefined();
  expect(order.data?.createOrder.status).toBe("PENDING");
  // A server rendering the storefront sends no Origin: allowed.
  expect(skusOf(await browser(publishableKey, undefined).data(productsQuery))).toEqual(["PUB-1"]);
});

test("another origin is refused with 403 naming it, also after the same key was cached for a good one", async () => {
  const { publishableKey } = await issued();
  await browser(publishableKey).data(productsQuery);
  const foreign = await browser(publishableKey, "https://evil.example").request(productsQuery);
  expect(foreign.status).toBe(403);
  expect(foreign.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
  expect(foreign.errors?.[0]?.message).toContain("https://evil.example");
  expect(foreign.data ?? null).toBeNull();
  // `null` (sandboxed frames, file: pages) is no origin of any key.
  expect((await browser(publishableKey, "null").request(productsQuery)).status).toBe(403);
});

test("a browser at an allowed origin passes the CORS preflight with the key's headers, without credentials", async () => {
  const origin = "https://preflight.example";
  await issued([origin]);
  const preflight = () =>
    fetch(stack.gateway.url, {
      method: "OPTIONS",
      headers: {
        origin,
        "access-control-request-method": "POST",
        "access-control-request-headers": "content-type,client-x-api-key",
      },
    });
  await waitFor(async () => (await preflight()).headers.get("access-control-allow-origin") === origin, 10_000);
  const answer = await preflight();
  expect(answer.status).toBe(204);
  const allowed = answer.headers.get("access-control-allow-headers") ?? "";
  expect(allowed).toContain("client-x-api-key");
  expect(allowed).toContain("content-type");
  // A browser there cannot send the platform key, and never cookies.
  expect(allowed.split(",")).not.toContain("x-api-key");
  expect(answer.headers.get("access-control-allow-credentials")).toBeNull();

  const other = await fetch(stack.gateway.url, {
    method: "OPTIONS",
    headers: { origin: "https://nobody.example", "access-control-request-method": "POST" },
  });
  expect(other.headers.get("access-control-allow-origin")).toBeNull();
});

test("stock and catalog writes are refused with FORBIDDEN, and so is managing keys", async () => {
  const { publishableKey, info } = await issued();
  const storefront = browser(publishableKey);
  const writes = [
    [
      "mutation ($input: AdjustInventoryInput!) { adjustInventory(input: $input) { onHand } }",
      { input: { productId: publishedId, locationId, delta: 5 } },
    ],
    [
      "mutation ($input: ReceiveBatchInput!) { receiveBatch(input: $input) { id } }",
      { input: { productId: publishedId, locationId, lotNumber: "L1", quantity: 5 } },
    ],
    ['mutation { createProduct(input: { sku: "NOPE", name: "Nope", price: "1.00" }) { id } }', {}],
    ["mutation ($id: ID!) { publishProduct(id: $id) { id } }", { id: draftId }],
    ["mutation ($id: ID!) { revokePublishableKey(id: $id) { id } }", { id: info.id }],
    ['mutation { issuePublishableKey(allowedOrigins: ["https://mine.example"]) { publishableKey } }', {}],
  ] as const;
  for (const [query, variables] of writes) {
    const refused = await storefront.request(query, variables);
    expect({ query, code: refused.errors?.[0]?.extensions?.code }).toEqual({ query, code: "FORBIDDEN" });
  }
  const { inventoryLevels } = await tenant.api.data<{ inventoryLevels: { edges: { node: { onHand: number } }[] } }>(
    "{ inventoryLevels(first: 5) { edges { node { onHand } } } }",
  );
  expect(inventoryLevels.edges[0]?.node.onHand).toBe(100);
});

test("it places orders but reads none: every shopper holds the same key", async () => {
  const { publishableKey } = await issued();
  const storefront = browser(publishableKey);
  const placed = await createOrder(storefront, [{ productId: publishedId, locationId, quantity: 1 }]);
  expect(placed.data?.createOrder.status).toBe("PENDING");
  const other = await createOrder(tenant.api, [{ productId: publishedId, locationId, quantity: 1 }]);
  const list = await storefront.request("{ orders(first: 50) { edges { node { id } } } }");
  expect(list.errors?.[0]).toMatchObject({
    message: "A publishable key cannot do this (it needs orders:read): call it from a server, with a secret key",
    extensions: { code: "FORBIDDEN", requiredPermission: "orders:read" },
  });
  for (const id of [placed.data!.createOrder.id, other.data!.createOrder.id]) {
    const read = await storefront.request<{ order: unknown }>("query ($id: ID!) { order(id: $id) { id } }", { id });
    expect(read.data?.order ?? null).toBeNull();
    expect(read.errors?.[0]?.extensions).toMatchObject({ code: "FORBIDDEN" });
  }
});

test("a revoked key gets 401 once the revocation event reaches the gateway", async () => {
  const { publishableKey, info } = await issued();
  const storefront = browser(publishableKey);
  await storefront.data(productsQuery);
  const { revokePublishableKey } = await tenant.platform.api.data<{ revokePublishableKey: { revokedAt: string } }>(
    "mutation ($id: ID!) { revokePublishableKey(id: $id) { id revokedAt } }",
    { id: info.id },
  );
  expect(revokePublishableKey.revokedAt).not.toBeNull();
  // Within the 60 s the lookup stays cached: only the eviction can end it.
  await waitFor(
    async () => (await storefront.request(productsQuery)).status === 401,
    30_000,
    "the revoked key refused",
  );
  expect((await storefront.request(productsQuery)).errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
});

test("a publishable key with the platform key, or in x-api-key, is refused and told to come alone", async () => {
  const { publishableKey } = await issued();
  const withPlatform = await tenant.platform.api.with({ "client-x-api-key": publishableKey }).request(productsQuery);
  const inPlatformHeader = await stack.http.with({ "x-api-key": publishableKey }).request(productsQuery);
  for (const refused of [withPlatform, inPlatformHeader]) {
    expect(refused.status).toBe(401);
    expect(refused.errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
    expect(refused.errors?.[0]?.message).toContain("alone");
  }
});

test("the key is shown once when issued, never in lists; origins are normalised and checked", async () => {
  const response = await issue(["HTTPS://Shop.Example:443/", "http://localhost:3000"]);
  const { publishableKey, info } = response.data!.issuePublishableKey;
  expect(publishableKey).toMatch(/^pub_[0-9a-f]{64}$/);
  expect(publishableKey.startsWith(info.prefix)).toBe(true);
  expect(info.allowedOrigins).toEqual([shop, "http://localhost:3000"]);

  // The tenant's own admin key lists them too (its own tenant only).
  for (const api of [tenant.platform.api, tenant.api]) {
    const listed = await api.request<{ publishableKeys: { edges: { node: { id: string } }[]; totalCount: number } }>(
      `query ($clientId: ID) {
        publishableKeys(clientId: $clientId, first: 100) {
          totalCount edges { node { id prefix allowedOrigins createdAt revokedAt lastUsedAt } }
        }
      }`,
      { clientId: api === tenant.api ? null : tenant.clientId },
    );
    expect(listed.errors).toBeUndefined();
    expect(listed.data!.publishableKeys.edges.map((edge) => edge.node.id)).toContain(info.id);
    expect(JSON.stringify(listed.data)).not.toContain(publishableKey.slice(info.prefix.length));
  }
  const { apiKeys } = await tenant.api.data<{ apiKeys: { id: string }[] }>("{ apiKeys { id } }");
  expect(apiKeys.map((key) => key.id)).not.toContain(info.id);

  for (const bad of [["https://shop.example/path"], ["https://*.shop.example"], ["null"], [], ["ftp://shop.example"]]) {
    const refused = await issue(bad);
    expect({ bad, code: refused.errors?.[0]?.extensions?.code }).toEqual({ bad, code: "BAD_USER_INPUT" });
  }
  // Another platform cannot issue keys for this tenant.
  const stranger = await createTenant(stack.http);
  expect((await issue([shop], stranger.platform.api)).errors?.[0]?.extensions?.code).toBe("NOT_FOUND");
  expect((await issue([shop], stranger.api)).errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
});

test("one address that empties its bucket gets 429 while another shopper of the same key goes on", async () => {
  const { publishableKey } = await issued();
  const abuser = browser(publishableKey, shop, "203.0.113.66");
  let refused = await abuser.request(productsQuery);
  for (let calls = 1; refused.status === 200 && calls < 500; calls++) refused = await abuser.request(productsQuery);
  expect(refused.status).toBe(429);
  expect(refused.errors?.[0]?.extensions?.code).toBe("RATE_LIMITED");
  const shopper = await browser(publishableKey, shop, "203.0.113.67").request(productsQuery);
  expect(shopper.status).toBe(200);
  // The tenant's back office keeps its own bucket too.
  expect((await tenant.api.request(productsQuery)).status).toBe(200);
});

test("a subscription with the key from a wrong Origin is refused; from an allowed one it connects", async () => {
  const { publishableKey } = await issued();
  const open = (origin: string) =>
    new Promise<number | "connected">((resolve) => {
      class FromOrigin extends WebSocket {
        constructor(address: string, protocols?: string | string[]) {
          super(address, protocols, { origin });
        }
      }
      const client = createClient({
        url: wsUrl(stack.gateway.url),
        webSocketImpl: FromOrigin,
        connectionParams: { "client-x-api-key": publishableKey },
        lazy: false,
        retryAttempts: 0,
        onNonLazyError: () => undefined,
        on: {
          connected: () => {
            resolve("connected");
            void client.dispose();
          },
          closed: (event) => resolve((event as { code: number }).code),
        },
      });
    });
  expect(await open("https://evil.example")).toBe(4403);
  expect(await open(shop)).toBe("connected");
});
