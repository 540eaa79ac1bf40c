import { loadConfig } from "../../subgraphs/core/src/config";
import { createLocation, createPublishedProduct, setStock } from "../helpers/commerce";
import { GraphqlClient } from "../helpers/graphql-client";
import { startStack, type TestStack } from "../helpers/stack";
import { createTenant, issueTenantKey, type Tenant } from "../helpers/tenants";
import { waitFor } from "../helpers/wait";

/**
 * A storefront's repeated reads are answered from the response cache: same body, no
 * execution. What a shopper must never notice is the cache itself: another tenant's answer,
 * a draft, an old price, name or stock figure once the change is made, or a revoked key still
 * served. Each test uses a tenant of its own, so no test's entries decide another's.
 */
const shop = "https://shop.example";
let stack: TestStack;

beforeAll(async () => {
  stack = await startStack({
    // A key cache that outlives every wait below: a revoked key is refused because the
    // revocation reached the gateway, not because its lookup expired.
    config: { authCacheTtlMs: 60_000 },
    redisUrl: loadConfig().redisUrl,
  });
});
afterAll(() => stack.stop());

const listing = `query Listing($first: Int) {
  products(first: $first, filter: { status: PUBLISHED }) {
    edges { node { id sku name price { amount } available } }
  }
}`;

interface Listing {
  products: {
    edges: { node: { id: string; sku: string; name: string; price: { amount: string }; available: number } }[];
  };
}

interface Answer {
  status: number;
  cache: string | null;
  etag: string | null;
  body: string;
  json: { data?: Listing; errors?: { extensions?: { code?: string } }[]; extensions?: Record<string, unknown> };
}

/** A POST as any client sends it, with the response's raw body and cache headers. */
async function post(headers: Record<string, string>, query: string, variables?: Record<string, unknown>) {
  const response = await fetch(stack.gateway.url, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: JSON.stringify({ query, variables }),
  });
  return answerOf(response);
}

/** A GET query, as a browser's fetch sends it (Apollo's CSRF rule asks for a preflight header). */
async function get(headers: Record<string, string>, query: string, variables?: Record<string, unknown>) {
  const url = new URL(stack.gateway.url);
  url.searchParams.set("query", query);
  if (variables) url.searchParams.set("variables", JSON.stringify(variables));
  const response = await fetch(url, { headers: { "apollo-require-preflight": "true", ...headers } });
  return answerOf(response);
}

async function answerOf(response: Response): Promise<Answer> {
  const body = await response.text();
  return {
    status: response.status,
    cache: response.headers.get("x-omni-cache"),
    etag: response.headers.get("etag"),
    body,
    json: body ? (JSON.parse(body) as Answer["json"]) : {},
  };
}

interface Shop {
  tenant: Tenant;
  /** A storefront-scoped secret key's headers (platform key + client key). */
  storefront: Record<string, string>;
  /** A browser's publishable key headers. */
  browser: Record<string, string>;
  publishableKeyId: string;
  productId: string;
  locationId: string;
}

async function openShop(): Promise<Shop> {
  const tenant = await createTenant(stack.http);
  const storefront = await issueTenantKey(tenant, ["STOREFRONT"]);
  const { issuePublishableKey } = await tenant.platform.api.data<{
    issuePublishableKey: { publishableKey: string; info: { id: string } };
  }>(
    `mutation ($clientId: ID, $origins: [String!]!) {
      issuePublishableKey(clientId: $clientId, allowedOrigins: $origins) { publishableKey info { id } }
    }`,
    { clientId: tenant.clientId, origins: [shop] },
  );
  const productId = await createPublishedProduct(tenant.api, "HAT", "20.00");
  const locationId = await createLocation(tenant.api, "main");
  await setStock(tenant.api, productId, locationId, 7);
  const storefrontHeaders = { "x-api-key": tenant.platform.platformKey, "client-x-api-key": storefront.clientKey };
  await settled(storefrontHeaders);
  return {
    tenant,
    storefront: storefrontHeaders,
    browser: { "client-x-api-key": issuePublishableKey.publishableKey, origin: shop },
    publishableKeyId: issuePublishableKey.info.id,
    productId,
    locationId,
  };
}

/**
 * Until the set-up's own events (product.published, stock.changed) have invalidated the
 * tenant, a test's first answer could be dropped right after it was kept: publish them now,
 * and wait until an answer stays.
 */
async function settled(headers: Record<string, string>): Promise<void> {
  await stack.dispatcher?.drain();
  const probe = "query Probe { products(first: 1) { edges { node { id } } } }";
  await waitFor(async () => (await post(headers, probe)).cache === "hit", 20_000, "a settled cache");
}

const nodes = (answer: Answer) => answer.json.data!.products.edges.map(({ node }) => node);

/** Polls the storefront's listing until `shows` holds for it; every answer on the way must be clean. */
async function untilShown(headers: Record<string, string>, shows: (listing: Listing) => boolean): Promise<Answer> {
  let last: Answer | undefined;
  await waitFor(
    async () => {
      last = await post(headers, listing, { first: 10 });
      expect(last.status).toBe(200);
      return shows(last.json.data!);
    },
    20_000,
    "the change in the storefront's answer",
  );
  return last!;
}

test("a repeated storefront query is a hit with the same data; other variables are a miss", async () => {
  const { storefront } = await openShop();
  const first = await post(storefront, listing, { first: 10 });
  const second = await post(storefront, listing, { first: 10 });
  expect([first.status, first.cache, second.status, second.cache]).toEqual([200, "miss", 200, "hit"]);
  expect(second.json.data).toEqual(first.json.data);
  expect(second.etag).toBe(first.etag);
  // The cost is charged and reported on a hit as on the miss that stored it.
  expect(second.json.extensions?.cost).toMatchObject({ requestedQueryCost: expect.any(Number) as number });
  expect((second.json.extensions?.cost as { requestedQueryCost: number }).requestedQueryCost).toBe(
    (first.json.extensions?.cost as { requestedQueryCost: number }).requestedQueryCost,
  );
  // Other variables are another request.
  const other = await post(storefront, listing, { first: 1 });
  expect(other.cache).toBe("miss");
  expect(nodes(other)).toHaveLength(1);
});

test("a publishable key's answers are cached, and a revoked key is refused even so", async () => {
  const { tenant, browser, publishableKeyId } = await openShop();
  await post(browser, listing, { first: 10 });
  const hit = await post(browser, listing, { first: 10 });
  expect([hit.status, hit.cache]).toEqual([200, "hit"]);
  await tenant.platform.api.data("mutation ($id: ID!) { revokePublishableKey(id: $id) { id } }", {
    id: publishableKeyId,
  });
  await waitFor(
    async () => (await post(browser, listing, { first: 10 })).status === 401,
    20_000,
    "the revoked key refused",
  );
  const refused = await post(browser, listing, { first: 10 });
  expect(refused.status).toBe(401);
  expect(refused.cache).toBeNull();
  expect(refused.json.errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
  expect(refused.json.data).toBeUndefined();
});

test("another tenant's key never gets the first tenant's answer", async () => {
  const mine = await openShop();
  const theirs = await openShop();
  await theirs.tenant.api.data('mutation ($id: ID!) { updateProduct(id: $id, input: { name: "Their hat" }) { id } }', {
    id: theirs.productId,
  });
  await post(mine.storefront, listing, { first: 10 });
  expect((await post(mine.storefront, listing, { first: 10 })).cache).toBe("hit");
  const answer = await post(theirs.storefront, listing, { first: 10 });
  expect(answer.cache).toBe("miss");
  expect(nodes(answer).map((node) => node.id)).toEqual([theirs.productId]);
  expect(nodes(answer)[0]!.name).toBe("Their hat");
});

test("an admin key's answers, which show drafts, are never cached", async () => {
  const { tenant, storefront } = await openShop();
  await tenant.api.data('mutation { createProduct(input: { sku: "DRAFT", name: "Draft", price: "1.00" }) { id } }');
  const all = "query { products(first: 10) { edges { node { sku status } } } }";
  for (let i = 0; i < 2; i++) {
    const admin = await post({ "x-api-key": tenant.platform.platformKey, "client-x-api-key": tenant.clientKey }, all);
    expect(admin.cache).toBeNull();
    expect(admin.json.data).toBeDefined();
    expect(JSON.stringify(admin.json.data)).toContain("DRAFT");
  }
  // The storefront's answer to the same document is its own, without the draft.
  await post(storefront, all);
  const shopper = await post(storefront, all);
  expect(shopper.cache).toBe("hit");
  expect(shopper.body).not.toContain("DRAFT");
});

test("a mutation is never cached, and a storefront's own orders are not either", async () => {
  const { storefront, productId, locationId } = await openShop();
  const order = `mutation ($input: CreateOrderInput!) { createOrder(input: $input) { id } }`;
  const variables = { input: { items: [{ productId, locationId, quantity: 1 }] } };
  const first = await post(storefront, order, variables);
  const second = await post(storefront, order, variables);
  expect(first.json.errors).toBeUndefined();
  expect(second.json.errors).toBeUndefined();
  expect(first.cache).toBeNull();
  expect(second.cache).toBeNull();
  expect(second.body).not.toBe(first.body);
  const orders = "query { orders(first: 10) { edges { node { id } } } }";
  await post(storefront, orders);
  expect((await post(storefront, orders)).cache).toBe("miss");
});

test("a renamed product, a new price, an unpublished product and new stock show on the next reads", async () => {
  const { tenant, storefront, productId, locationId } = await openShop();
  await post(storefront, listing, { first: 10 });
  expect((await post(storefront, listing, { first: 10 })).cache).toBe("hit");

  await tenant.api.data(
    'mutation ($id: ID!) { updateProduct(id: $id, input: { name: "Sun hat", price: "25.50" }) { id } }',
    { id: productId },
  );
  const renamed = await untilShown(storefront, (data) => data.products.edges[0]?.node.name === "Sun hat");
  expect(nodes(renamed)[0]!.price.amount).toBe("25.50");

  await setStock(tenant.api, productId, locationId, 3);
  await untilShown(storefront, (data) => data.products.edges[0]?.node.available === 3);

  await tenant.api.data("mutation ($id: ID!) { unpublishProduct(id: $id) { id } }", { id: productId });
  await untilShown(storefront, (data) => data.products.edges.length === 0);
  const second = await createPublishedProduct(tenant.api, "CAP", "5.00");
  const published = await untilShown(storefront, (data) => data.products.edges.length === 1);
  expect(nodes(published)[0]!.id).toBe(second);
  // Once shown, it stays shown: the cache holds the new answer, never the old one again.
  for (let i = 0; i < 5; i++) expect(nodes(await post(storefront, listing, { first: 10 }))[0]!.id).toBe(second);
});

test("a renamed category shows on the very next read: the committing process invalidates, no event needed", async () => {
  const { tenant, storefront, productId } = await openShop();
  const { createCategory } = await tenant.api.data<{ createCategory: { id: string } }>(
    'mutation { createCategory(input: { name: "Hats", slug: "hats" }) { id } }',
  );
  await tenant.api.data(
    "mutation ($id: ID!, $categoryId: ID!) { updateProduct(id: $id, input: { categoryId: $categoryId }) { id } }",
    {
      id: productId,
      categoryId: createCategory.id,
    },
  );
  const query = "query ($id: ID!) { product(id: $id) { category { name } } }";
  const categoryOf = async () => {
    const answer = await post(storefront, query, { id: productId });
    const data = answer.json.data as unknown as { product: { category: { name: string } | null } };
    return { cache: answer.cache, name: data.product.category?.name };
  };
  await waitFor(async () => (await categoryOf()).name === "Hats", 20_000, "the product in its category");
  await waitFor(async () => (await categoryOf()).cache === "hit", 20_000, "the answer cached");
  await tenant.api.data('mutation ($id: ID!) { updateCategory(id: $id, input: { name: "Headwear" }) { id } }', {
    id: createCategory.id,
  });
  expect(await categoryOf()).toEqual({ cache: "miss", name: "Headwear" });
});

test("GET: If-None-Match gets 304 without a body until the answer changes, then 200 with a new ETag", async () => {
  const { tenant, browser, productId } = await openShop();
  const first = await get(browser, listing, { first: 10 });
  expect([first.status, first.cache]).toEqual([200, "miss"]);
  expect(first.etag).toMatch(/^W\/".+"$/);
  const again = await get({ ...browser, "if-none-match": first.etag! }, listing, { first: 10 });
  expect([again.status, again.cache, again.body]).toEqual([304, "hit", ""]);

  await tenant.api.data('mutation ($id: ID!) { updateProduct(id: $id, input: { name: "Straw hat" }) { id } }', {
    id: productId,
  });
  let changed: Answer | undefined;
  await waitFor(
    async () => {
      changed = await get({ ...browser, "if-none-match": first.etag! }, listing, { first: 10 });
      return changed.status !== 304;
    },
    20_000,
    "a 200 for the changed answer",
  );
  expect(changed!.status).toBe(200);
  expect(changed!.etag).not.toBe(first.etag);
  expect(nodes(changed!)[0]!.name).toBe("Straw hat");
  const headers = await fetch(
    Object.assign(new URL(stack.gateway.url), {
      search: `?query=${encodeURIComponent(listing)}&variables=${encodeURIComponent('{"first":10}')}`,
    }),
    { headers: { "apollo-require-preflight": "true", ...browser } },
  );
  expect(headers.headers.get("cache-control")).toBe("private, no-cache");
  expect(headers.headers.get("vary")).toContain("client-x-api-key");
});

test("a GET without Apollo's preflight header is still refused, cached answer or not", async () => {
  const { browser } = await openShop();
  await get(browser, listing, { first: 10 });
  const url = new URL(stack.gateway.url);
  url.searchParams.set("query", listing);
  url.searchParams.set("variables", JSON.stringify({ first: 10 }));
  const response = await fetch(url, { headers: browser });
  expect(response.status).toBe(400);
  expect(response.headers.get("x-omni-cache")).toBeNull();
});

test("the metrics count hits and misses", async () => {
  const { storefront } = await openShop();
  await post(storefront, listing, { first: 2 });
  await post(storefront, listing, { first: 2 });
  const metrics = await (await fetch(new URL("/metrics", stack.gateway.url))).text();
  expect(metrics).toMatch(/omnistack_response_cache_lookups_total\{result="hit"\} [1-9]/);
  expect(metrics).toMatch(/omnistack_response_cache_lookups_total\{result="miss"\} [1-9]/);
});

test("the same key with its own GraphqlClient sees the cache as any client does", async () => {
  const { storefront } = await openShop();
  const client = new GraphqlClient(stack.gateway.url, storefront);
  const one = await client.request<Listing>(listing, { first: 10 });
  const two = await client.request<Listing>(listing, { first: 10 });
  expect(two.headers.get("x-omni-cache")).toBe("hit");
  expect(two.data).toEqual(one.data);
});

test("hostile input to a cached caller's request is refused as without the cache, and nothing is kept", async () => {
  const { storefront } = await openShop();
  // Variables nested far past the input depth limit (written by hand: JSON.stringify would
  // overflow first): the cache key must not be where such a request breaks.
  const levels = 50_000;
  const deep = `{"a":`.repeat(levels) + "1" + "}".repeat(levels);
  const nested = await answerOf(
    await fetch(stack.gateway.url, {
      method: "POST",
      headers: { "content-type": "application/json", ...storefront },
      body: `{"query":${JSON.stringify(listing)},"variables":{"first":10,"extra":${deep}}}`,
    }),
  );
  expect(nested.status).toBe(400);
  expect(nested.json.errors?.[0]?.extensions?.code).toBe("QUERY_TOO_COMPLEX");
  expect(nested.cache).toBeNull();

  // A NUL byte and a wrong type in the variables: Apollo's refusals, never stored answers.
  for (const variables of [{ first: "ten" }, { first: 10, after: "\u0000" }]) {
    const first = await post(storefront, listing, variables);
    const again = await post(storefront, listing, variables);
    expect(first.status).toBe(again.status);
    expect(again.cache).not.toBe("hit");
    expect(again.json.errors?.length).toBeGreaterThan(0);
  }
  // variables that are not an object, and an operation name that is not a string, go to Apollo.
  for (const body of [
    { query: listing, variables: [1, 2] },
    { query: listing, operationName: { $gt: "" } },
  ]) {
    const response = await fetch(stack.gateway.url, {
      method: "POST",
      headers: { "content-type": "application/json", ...storefront },
      body: JSON.stringify(body),
    });
    expect(response.status).toBe(400);
    expect(response.headers.get("x-omni-cache")).toBeNull();
  }

  // A document too long for the kept digests (a 20 KB comment) is hashed each time and still
  // found again; with a NUL byte it is Apollo's syntax error, each time, never kept.
  const padded = `${listing}\n#${"x".repeat(20_000)}`;
  expect((await post(storefront, padded, { first: 10 })).status).toBe(200);
  const paddedAgain = await post(storefront, padded, { first: 10 });
  expect(paddedAgain.status).toBe(200);
  expect(paddedAgain.cache).toBe("hit");
  for (let attempt = 0; attempt < 2; attempt++) {
    const withNul = await post(storefront, `${listing}\u0000${padded.slice(listing.length)}`, { first: 10 });
    expect(withNul.status).toBe(400);
    expect(withNul.cache).not.toBe("hit");
  }

  // A huge If-None-Match is compared, not trusted: the full answer comes back.
  await get(storefront, listing, { first: 10 });
  const huge = await get({ ...storefront, "if-none-match": `W/"${"x".repeat(7000)}", *x` }, listing, { first: 10 });
  expect(huge.status).toBe(200);
  expect(nodes(huge)).toHaveLength(1);
});
