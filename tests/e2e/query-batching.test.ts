import { v7 as uuidv7 } from "uuid";
import { Prisma } from "../../subgraphs/core/src/db/generated/client";
import { createLocation, createPublishedProduct, setStock } from "../helpers/commerce";
import { startStack, type TestStack } from "../helpers/stack";
import { createTenant, type Tenant } from "../helpers/tenants";
import { distributedTopology } from "../helpers/topology";

/**
 * One nested query across four subgraphs must cost a fixed number of SQL statements,
 * whatever the page size: every cross-subgraph hop goes through per-request DataLoaders.
 */
let stack: TestStack;
let tenant: Tenant;
let recording: string[] | null = null;

beforeAll(async () => {
  // No dispatcher: its polling would add statements that are not the request's. No key
  // cache: whether a lookup is cached depends on timing; the count includes it, always. No
  // catalog cache: what is counted is the database path (catalog-cache.test.ts covers the cache).
  stack = await startStack({
    onQuery: (sql) => recording?.push(sql),
    dispatcher: false,
    config: { authCacheTtlMs: 0, catalogCacheTtlMs: 0 },
  });
  tenant = await createTenant(stack.http);
  const { createCategory } = await tenant.api.data<{ createCategory: { id: string } }>(
    'mutation { createCategory(input: { name: "Kitchen", slug: "kitchen" }) { id } }',
  );
  const locations = [await createLocation(tenant.api, "A"), await createLocation(tenant.api, "B")];
  const products: string[] = [];
  for (let index = 0; index < 12; index++) {
    const productId = await createPublishedProduct(tenant.api, `BATCH-${index}`);
    await tenant.api.data(
      "mutation ($id: ID!, $input: UpdateProductInput!) { updateProduct(id: $id, input: $input) { id } }",
      {
        id: productId,
        input: { categoryId: createCategory.id },
      },
    );
    for (const locationId of locations) await setStock(tenant.api, productId, locationId, 50);
    products.push(productId);
  }
  // Orders are read-only here, so they are written straight to the table: 100 API calls would only slow the test.
  const { prisma } = stack.database.db;
  for (let number = 1; number <= 100; number++) {
    const lines = [products[number % 12]!, products[(number * 7) % 12]!, products[(number * 5) % 12]!];
    await prisma.order.create({
      data: {
        id: uuidv7(),
        clientId: tenant.clientId,
        number,
        currency: "USD",
        total: new Prisma.Decimal(30),
        items: {
          create: lines.map((productId) => ({
            productId,
            locationId: locations[0]!,
            sku: "SKU",
            quantity: 1,
            unitPrice: new Prisma.Decimal(10),
            currency: "USD" as const,
            lineTotal: new Prisma.Decimal(10),
          })),
        },
      },
    });
  }
});
afterAll(() => stack.stop());

const nested = `query ($first: Int!) {
  orders(first: $first) {
    edges { node { items { product { name category { name } available inventory { available } } } } }
  }
}`;

async function statementsFor(first: number): Promise<{ count: number; orders: number }> {
  await tenant.api.data(nested, { first }); // warm: key lookup bookkeeping, plan caches
  recording = [];
  const data = await tenant.api.data<{ orders: { edges: { node: { items: { product: { name: string } }[] } }[] } }>(
    nested,
    { first },
  );
  const count = recording.length;
  if (process.env.SHOW_SQL) process.stdout.write(recording.join("\n") + "\n");
  recording = null;
  for (const edge of data.orders.edges) {
    for (const item of edge.node.items) expect(item.product.name).toMatch(/^Product BATCH-/);
  }
  return { count, orders: data.orders.edges.length };
}

test("orders → items → product → category, stock: the same few statements for 10 or 100 orders", async () => {
  const ten = await statementsFor(10);
  const hundred = await statementsFor(100);
  expect(ten.orders).toBe(10);
  expect(hundred.orders).toBe(100);
  expect(hundred.count).toBe(ten.count);
  expect(hundred.count).toBeLessThanOrEqual(7);
  process.stdout.write(`SQL statements per request: ${ten.count} (10 orders), ${hundred.count} (100 orders)\n`);
});

const storefrontListing = `query ($first: Int!) {
  products(first: $first, filter: { status: PUBLISHED }) {
    edges { node { id name sku price { amount currency } category { name } available } }
  }
}`;

test("storefront listing: products → price, category, stock in the same statements for 5 or 12 products", async () => {
  const countFor = async (first: number) => {
    await tenant.api.data(storefrontListing, { first });
    recording = [];
    const data = await tenant.api.data<{ products: { edges: { node: { category: { name: string } } }[] } }>(
      storefrontListing,
      { first },
    );
    const count = recording.length;
    recording = null;
    expect(data.products.edges).toHaveLength(first);
    for (const edge of data.products.edges) expect(edge.node.category.name).toBe("Kitchen");
    return count;
  };
  const five = await countFor(5);
  const twelve = await countFor(12);
  expect(twelve).toBe(five);
  process.stdout.write(`SQL statements per listing: ${five} (5 products), ${twelve} (12 products)\n`);
});

// Meaningless when the topology under test serves the subgraphs over HTTP on purpose.
(distributedTopology ? test.skip : test)(
  "in-process subgraphs: a request across every subgraph makes no HTTP call of its own",
  async () => {
    // Node reports every outgoing request on these channels: http(s) and fetch (undici).
    const outgoing: string[] = [];
    const onHttp = (message: unknown) =>
      outgoing.push(`http ${String((message as { request: { path: string } }).request.path)}`);
    const onFetch = (message: unknown) =>
      outgoing.push(`fetch ${String((message as { request: { path: string } }).request.path)}`);
    const diagnostics = await import("node:diagnostics_channel");
    // The test's own request to the gateway counts too; only it may show up.
    diagnostics.subscribe("http.client.request.start", onHttp);
    diagnostics.subscribe("undici:request:create", onFetch);
    try {
      await tenant.api.data(nested, { first: 10 });
      await tenant.api.data("{ me { client { id } } connections { id } }");
    } finally {
      diagnostics.unsubscribe("http.client.request.start", onHttp);
      diagnostics.unsubscribe("undici:request:create", onFetch);
    }
    expect(outgoing).toEqual(["fetch /graphql", "fetch /graphql"]);
  },
);
