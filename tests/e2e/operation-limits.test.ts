import { createHash } from "node:crypto";
import { getIntrospectionQuery } from "graphql";
import type { Client } from "graphql-ws";
import { loadConfig } from "../../subgraphs/core/src/config";
import { createPublishedProduct } from "../helpers/commerce";
import { startStack, type TestStack } from "../helpers/stack";
import { connect } from "../helpers/subscriptions";
import { createTenant, issueTenantKey, type Tenant } from "../helpers/tenants";

/**
 * Operations over a limit are refused with QUERY_TOO_COMPLEX, the limit and both figures,
 * before anything runs: not one SQL statement reaches the database for them.
 */
let stack: TestStack;
let tenant: Tenant;
let recording: string[] | null = null;

beforeAll(async () => {
  // No dispatcher: its polling would add statements that are not the request's.
  // The production bucket (1,000 points, 50 a second), which test stacks otherwise make boundless.
  stack = await startStack({
    onQuery: (sql) => recording?.push(sql),
    dispatcher: false,
    config: { rateLimit: loadConfig({}).rateLimit },
  });
  tenant = await createTenant(stack.http);
  await createPublishedProduct(tenant.api, "LIMITS-1");
  await createPublishedProduct(tenant.api, "LIMITS-2");
});
afterAll(() => stack.stop());

/** The SQL a request issues, after a first request has put the keys and limits in the caches. */
async function sqlOf<T>(send: () => Promise<T>): Promise<{ result: T; statements: string[] }> {
  await tenant.api.data("{ me { client { id } } }");
  recording = [];
  try {
    const result = await send();
    return { result, statements: recording };
  } finally {
    recording = null;
  }
}

function nested(field: string, levels: number, leaf: string): string {
  return levels === 0 ? leaf : `${field} { ${nested(field, levels - 1, leaf)} }`;
}

const unknownId = "01936b2e-0000-7000-8000-000000000000";

test("a depth-20 query is refused before any resolver runs", async () => {
  const query = `{ category(id: "${unknownId}") { ${nested("parent", 18, "id")} } }`;
  const { result, statements } = await sqlOf(() => tenant.api.request(query));
  expect(result.status).toBe(400);
  expect(result.errors?.[0]?.extensions).toMatchObject({
    code: "QUERY_TOO_COMPLEX",
    limit: "depth",
    computed: 20,
    allowed: 10,
  });
  expect(statements).toEqual([]);
});

test("an alias bomb of 500 aliases is refused before any resolver runs", async () => {
  const aliases = Array.from({ length: 500 }, (_, index) => `a${index}: client { id }`).join(" ");
  const { result, statements } = await sqlOf(() => tenant.api.request(`{ me { ${aliases} } }`));
  expect(result.status).toBe(400);
  expect(result.errors?.[0]?.extensions).toMatchObject({ code: "QUERY_TOO_COMPLEX" });
  expect(statements).toEqual([]);

  const fewer = Array.from({ length: 40 }, (_, index) => `a${index}: client { id }`).join(" ");
  const refused = await tenant.api.request(`{ me { ${fewer} } }`);
  expect(refused.errors?.[0]?.extensions).toMatchObject({ limit: "aliases", computed: 40, allowed: 15 });
});

test("a document over the token limit is refused before it is parsed", async () => {
  const { result, statements } = await sqlOf(() => tenant.api.request(`{ me { ${"__typename ".repeat(2100)} } }`));
  expect(result.status).toBe(400);
  expect(result.errors?.[0]?.extensions).toMatchObject({ code: "QUERY_TOO_COMPLEX", limit: "tokens", allowed: 2000 });
  expect(statements).toEqual([]);
});

test("more root fields than allowed are refused", async () => {
  const fields = Array.from({ length: 25 }, (_, index) => `r${index}: me { client { id } }`).join(" ");
  const result = await stack.http
    .with({ "x-api-key": tenant.platform.platformKey, "client-x-api-key": tenant.clientKey })
    .request(`{ ${fields} }`);
  expect(result.errors?.[0]?.extensions).toMatchObject({
    code: "QUERY_TOO_COMPLEX",
    limit: "rootFields",
    computed: 25,
    allowed: 20,
  });
});

test("first: 500 is refused, as a literal and as a variable", async () => {
  const literal = await tenant.api.request("{ products(first: 500) { edges { node { id } } } }");
  expect(literal.status).toBe(400);
  expect(literal.errors?.[0]?.extensions).toMatchObject({
    code: "QUERY_TOO_COMPLEX",
    limit: "listSize",
    computed: 500,
    allowed: 100,
  });
  const { result, statements } = await sqlOf(() =>
    tenant.api.request("query ($n: Int) { products(first: $n) { edges { node { id } } } }", { n: 500 }),
  );
  expect(result.errors?.[0]?.extensions).toMatchObject({ limit: "listSize", computed: 500 });
  expect(statements).toEqual([]);
});

test("a response states what the query was priced and what it actually cost", async () => {
  const before = await tenant.api.request("{ __typename }");
  expect(before.extensions?.cost).toMatchObject({ requestedQueryCost: 0, actualQueryCost: 0 });
  const availableBefore = (before.extensions?.cost as { throttleStatus: { currentlyAvailable: number } }).throttleStatus
    .currentlyAvailable;
  // 1 connection + 1 totalCount + 10 × (node 1 + category 1); two products, neither in a category.
  const response = await tenant.api.request(
    "{ products(first: 10) { edges { node { sku category { id } } } totalCount } }",
  );
  expect(response.status).toBe(200);
  expect(response.data).toMatchObject({ products: { totalCount: 2 } });
  const cost = response.extensions?.cost as Record<string, unknown> & {
    throttleStatus: { currentlyAvailable: number };
  };
  expect(cost).toMatchObject({
    requestedQueryCost: 22,
    actualQueryCost: 4,
    throttleStatus: { maximumAvailable: 1000, restoreRate: 50 },
  });
  // Only the actual cost stays spent: without the refund, 18 points would need 360 ms to come back.
  expect(cost.throttleStatus.currentlyAvailable).toBeGreaterThanOrEqual(availableBefore - 4);

  const mutation = await tenant.api.request(
    'mutation { createLocation(input: { name: "Costly", code: "COST" }) { id } }',
  );
  expect(mutation.extensions?.cost).toMatchObject({ requestedQueryCost: 10, actualQueryCost: 10 });

  const refused = await tenant.api.request("{ products(first: 500) { edges { node { id } } } }");
  expect(refused.extensions?.cost).toMatchObject({ requestedQueryCost: 0, actualQueryCost: 0 });
});

test("introspection still works, with the keys and without them", async () => {
  for (const api of [tenant.api, stack.http]) {
    const response = await api.request<{ __schema: { queryType: { name: string } } }>(getIntrospectionQuery());
    expect(response.status).toBe(200);
    expect(response.data?.__schema.queryType.name).toBe("Query");
  }
});

test("a body over 1 MB gets 413 with a typed error", async () => {
  const response = await fetch(stack.gateway.url, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ query: `{ __typename }`, variables: { padding: "x".repeat(1_100_000) } }),
  });
  expect(response.status).toBe(413);
  const body = (await response.json()) as { errors: { extensions: Record<string, unknown> }[] };
  expect(body.errors[0]?.extensions).toMatchObject({
    code: "QUERY_TOO_COMPLEX",
    limit: "bodySize",
    allowed: 1_048_576,
  });
});

describe("input nesting", () => {
  const setSetting = (value: string) => `mutation { setSetting(key: "theme", value: ${value}) }`;
  const nestedList = (levels: number) => `${"[".repeat(levels)}1${"]".repeat(levels)}`;

  test("a list literal nested 20 deep is refused before planning, whatever the key's scope", async () => {
    // Apollo's query planner walks each level of a nested list twice: every level doubles its time.
    const storefront = await issueTenantKey(tenant, ["STOREFRONT"]);
    await storefront.api.data("{ me { client { id } } }");
    const { result, statements } = await sqlOf(() => storefront.api.request(setSetting(nestedList(20))));
    expect(result.status).toBe(400);
    expect(result.errors?.[0]?.extensions).toMatchObject({
      code: "QUERY_TOO_COMPLEX",
      limit: "inputDepth",
      computed: 20,
      allowed: 10,
    });
    expect(statements).toEqual([]);
  });

  test("objects nest like lists, and a variable's default value counts like an argument", async () => {
    const objects = await tenant.api.request(setSetting(`${"{ a: ".repeat(11)}1${" }".repeat(11)}`));
    expect(objects.errors?.[0]?.extensions).toMatchObject({ limit: "inputDepth", computed: 11, allowed: 10 });
    const defaulted = await tenant.api.request(
      `mutation ($value: JSON! = ${nestedList(12)}) { setSetting(key: "theme", value: $value) }`,
    );
    expect(defaulted.errors?.[0]?.extensions).toMatchObject({ limit: "inputDepth", computed: 12 });
    await tenant.api.data(setSetting(nestedList(10)));
  });

  test("a JSON variable nested 5,000 deep is a typed 400, not an internal error", async () => {
    // Written by hand: JSON.stringify itself recurses, and overflows on such a value.
    const value = `${'{"a":['.repeat(5000)}1${"]}".repeat(5000)}`;
    const query = JSON.stringify('mutation ($value: JSON!) { setSetting(key: "theme", value: $value) }');
    const { result, statements } = await sqlOf(async () => {
      const response = await fetch(stack.gateway.url, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          "x-api-key": tenant.platform.platformKey,
          "client-x-api-key": tenant.clientKey,
        },
        body: `{"query":${query},"variables":{"value":${value}}}`,
      });
      return { status: response.status, body: (await response.json()) as { errors?: { extensions?: unknown }[] } };
    });
    expect(result.status).toBe(400);
    expect(result.body.errors?.[0]?.extensions).toMatchObject({
      code: "QUERY_TOO_COMPLEX",
      limit: "inputDepth",
      computed: 10_000,
      allowed: 10,
    });
    expect(statements).toEqual([]);
  });
});

test("a fragment spread twice in each of 28 chained fragments is priced and answered at once", async () => {
  // Scalars are free and fields merge when executed: the operation is cheap and its answer
  // small, but walked without remembering fragments, pricing the answer takes 2^28 steps.
  const chain = Array.from(
    { length: 28 },
    (_, index) => `fragment F${index + 1} on Client { ...F${index} ...F${index} }`,
  );
  const query = `{ me { client { ...F28 } } } fragment F0 on Client { id name } ${chain.join(" ")}`;
  const response = await tenant.api.request(query);
  expect(response.status).toBe(200);
  expect(response.data).toEqual({ me: { client: { id: tenant.clientId, name: expect.any(String) } } });
  expect(response.extensions?.cost).toMatchObject({ requestedQueryCost: 2, actualQueryCost: 2 });
}, 20_000);

describe("automatic persisted queries", () => {
  const post = async (body: Record<string, unknown>) => {
    const response = await fetch(stack.gateway.url, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "x-api-key": tenant.platform.platformKey,
        "client-x-api-key": tenant.clientKey,
      },
      body: JSON.stringify(body),
    });
    return {
      status: response.status,
      ...((await response.json()) as { data?: unknown; errors?: { extensions?: Record<string, unknown> }[] }),
    };
  };
  const persisted = (query: string) => ({
    persistedQuery: { version: 1, sha256Hash: createHash("sha256").update(query).digest("hex") },
  });

  test("a hash alone is unknown, then registered with its query, then enough", async () => {
    const query = "{ me { client { id } } }";
    const unknown = await post({ extensions: persisted(query) });
    expect(unknown.errors?.[0]?.extensions?.code).toBe("PERSISTED_QUERY_NOT_FOUND");
    const registered = await post({ query, extensions: persisted(query) });
    expect(registered.data).toEqual({ me: { client: { id: tenant.clientId } } });
    const byHash = await post({ extensions: persisted(query) });
    expect(byHash.data).toEqual({ me: { client: { id: tenant.clientId } } });
  });

  test("a persisted query over a limit is refused and never stored", async () => {
    const query = `{ category(id: "${unknownId}") { ${nested("parent", 18, "id")} } }`;
    const registering = await post({ query, extensions: persisted(query) });
    expect(registering.errors?.[0]?.extensions).toMatchObject({ code: "QUERY_TOO_COMPLEX", limit: "depth" });
    const byHash = await post({ extensions: persisted(query) });
    expect(byHash.errors?.[0]?.extensions?.code).toBe("PERSISTED_QUERY_NOT_FOUND");
  });
});

describe("subscriptions over graphql-ws", () => {
  let client: Client;
  beforeAll(async () => {
    const connection = connect(stack.gateway.url, {
      "x-api-key": tenant.platform.platformKey,
      "client-x-api-key": tenant.clientKey,
    });
    client = connection.client;
    await connection.connected;
  });
  afterAll(() => client.dispose());

  const firstError = (query: string) =>
    new Promise<Record<string, unknown> | undefined>((resolve, reject) => {
      client.subscribe(
        { query },
        {
          next: () => reject(new Error("the subscription was accepted")),
          error: (errors) => resolve((errors as { extensions?: Record<string, unknown> }[])[0]?.extensions),
          complete: () => reject(new Error("the subscription completed")),
        },
      );
    });

  test("an alias bomb and a deep selection are refused with the same limits", async () => {
    const aliases = Array.from({ length: 30 }, (_, index) => `a${index}: onHand`).join(" ");
    expect(await firstError(`subscription { stockChanged { ${aliases} } }`)).toMatchObject({
      code: "QUERY_TOO_COMPLEX",
      limit: "aliases",
      computed: 30,
      allowed: 15,
    });
    const deep = `subscription { stockChanged { product { category { ${nested("parent", 10, "id")} } } } }`;
    expect(await firstError(deep)).toMatchObject({ code: "QUERY_TOO_COMPLEX", limit: "depth", allowed: 10 });
  });
});
