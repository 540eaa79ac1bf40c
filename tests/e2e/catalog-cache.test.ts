import { loadConfig } from "../../subgraphs/core/src/config";
import { createPublishedProduct } from "../helpers/commerce";
import { GraphqlClient } from "../helpers/graphql-client";
import { startStack, type TestStack } from "../helpers/stack";
import { createTenant, issueTenantKey, type Tenant } from "../helpers/tenants";
import { recordEvent } from "../../subgraphs/core/src/events/outbox";
import { moduleDatabase } from "../../subgraphs/core/src/db/module-db";

/**
 * Published catalog data is read through a per-tenant cache. What a user must never notice
 * is the cache itself: no other tenant's products, no old price once a change is made or
 * its product.updated event delivered. What the database notices is fewer statements.
 */
const listing = `query ($first: Int, $after: String) {
  products(first: $first, after: $after, filter: { status: PUBLISHED }) {
    totalCount
    edges { node { id sku price { amount currency } category { name } } }
  }
}`;

interface Listing {
  products: { totalCount: number; edges: { node: { id: string; sku: string; price: { amount: string } } }[] };
}

const prices = (result: Listing) => result.products.edges.map(({ node }) => `${node.sku}=${node.price.amount}`);

let stack: TestStack;
let recording: string[] | null = null;
/** The catalog tables' statements a call makes. */
async function catalogStatements<T>(call: () => Promise<T>): Promise<{ result: T; statements: string[] }> {
  recording = [];
  try {
    const result = await call();
    return { result, statements: recording.filter((sql) => /"(Product|Category)"/.test(sql)) };
  } finally {
    recording = null;
  }
}

beforeAll(async () => {
  // The dispatcher is started by the test that needs it: until then, only the API's own
  // invalidations apply, and an event sitting in the outbox shows what the cache holds.
  stack = await startStack({ onQuery: (sql) => recording?.push(sql), dispatcher: false });
});
afterAll(() => stack.stop());

async function storefrontOf(tenant: Tenant): Promise<Tenant> {
  return issueTenantKey(tenant, ["STOREFRONT"]);
}

describe("catalog cache", () => {
  let tenant: Tenant;
  let storefront: Tenant;
  let hat: string;

  beforeAll(async () => {
    tenant = await createTenant(stack.http);
    storefront = await storefrontOf(tenant);
    const { createCategory } = await tenant.api.data<{ createCategory: { id: string } }>(
      'mutation { createCategory(input: { name: "Hats", slug: "hats" }) { id } }',
    );
    hat = await createPublishedProduct(tenant.api, "HAT", "20.00");
    await createPublishedProduct(tenant.api, "CAP", "12.00");
    await tenant.api.data(
      "mutation ($id: ID!, $categoryId: ID!) { updateProduct(id: $id, input: { categoryId: $categoryId }) { id } }",
      {
        id: hat,
        categoryId: createCategory.id,
      },
    );
  });

  it("serves a repeated storefront listing without reading the catalog tables again", async () => {
    const first = await catalogStatements(() => storefront.api.data<Listing>(listing, { first: 10 }));
    const second = await catalogStatements(() => storefront.api.data<Listing>(listing, { first: 10 }));
    expect(prices(first.result)).toEqual(["HAT=20.00", "CAP=12.00"]);
    expect(second.result).toEqual(first.result);
    expect(first.statements.length).toBeGreaterThanOrEqual(2);
    expect(second.statements).toEqual([]);
  });

  it("shows a new price at once after updateProduct", async () => {
    await storefront.api.data<Listing>(listing, { first: 10 });
    await tenant.api.data('mutation ($id: ID!) { updateProduct(id: $id, input: { price: "25.50" }) { id } }', {
      id: hat,
    });
    expect(prices(await storefront.api.data<Listing>(listing, { first: 10 }))).toEqual(["HAT=25.50", "CAP=12.00"]);
    const { product } = await storefront.api.data<{ product: { price: { amount: string } } }>(
      "query ($id: ID!) { product(id: $id) { price { amount } } }",
      { id: hat },
    );
    expect(product.price.amount).toBe("25.50");
  });

  it("drops an unpublished product from the published listing at once", async () => {
    const scarf = await createPublishedProduct(tenant.api, "SCARF", "9.00");
    expect(prices(await storefront.api.data<Listing>(listing, { first: 10 }))).toContain("SCARF=9.00");
    await tenant.api.data("mutation ($id: ID!) { unpublishProduct(id: $id) { id } }", { id: scarf });
    const after = await storefront.api.data<Listing>(listing, { first: 10 });
    expect(prices(after)).not.toContain("SCARF=9.00");
    expect(after.products.totalCount).toBe(2);
  });

  it("shows a renamed category at once", async () => {
    const named = async () => {
      const { product } = await storefront.api.data<{ product: { category: { id: string; name: string } } }>(
        "query ($id: ID!) { product(id: $id) { category { id name } } }",
        { id: hat },
      );
      return product.category;
    };
    const category = await named();
    await tenant.api.data('mutation ($id: ID!) { updateCategory(id: $id, input: { name: "Headwear" }) { id } }', {
      id: category.id,
    });
    expect((await named()).name).toBe("Headwear");
  });

  it("never answers one tenant with another tenant's cached products", async () => {
    const other = await createTenant(stack.http);
    const otherStorefront = await storefrontOf(other);
    await createPublishedProduct(other.api, "HAT", "99.00");
    const mine = await storefront.api.data<Listing>(listing, { first: 10 });
    const theirs = await otherStorefront.api.data<Listing>(listing, { first: 10 });
    expect(prices(theirs)).toEqual(["HAT=99.00"]);
    expect(prices(mine)).not.toContain("HAT=99.00");
    // The same id, cached for its owner, is no product at all for another tenant.
    const { product } = await otherStorefront.api.data<{ product: unknown }>(
      "query ($id: ID!) { product(id: $id) { id } }",
      {
        id: hat,
      },
    );
    expect(product).toBeNull();
  });

  it("drops what another process changed once its product.updated event is delivered", async () => {
    const before = await storefront.api.data<Listing>(listing, { first: 10 });
    expect(prices(before)).toContain("CAP=12.00");
    const cap = before.products.edges.find(({ node }) => node.sku === "CAP")!.node.id;
    // As a process that died between its commit and its own invalidation leaves it: the row
    // changed, its event in the outbox.
    await moduleDatabase(stack.database.db.prisma).$transaction(async (tx) => {
      const after = await tx.product.update({ where: { id: cap }, data: { price: "13.00" } });
      await recordEvent(tx, {
        type: "product.updated",
        clientId: tenant.clientId,
        aggregate: `Product:${cap}`,
        payload: { productId: cap, status: after.status, at: after.updatedAt.toISOString() },
      });
    });
    // Still cached: the event has not been delivered.
    expect(prices(await storefront.api.data<Listing>(listing, { first: 10 }))).toContain("CAP=12.00");
    const delivered = new Promise<void>((resolve) => {
      const unsubscribe = stack.bus.subscribe((event) => {
        if (event.type === "product.updated" && event.payload.productId === cap) {
          unsubscribe();
          resolve();
        }
      });
    });
    stack.startDispatcher();
    // The gateway's feed subscribed before this test did: it has invalidated by now.
    await delivered;
    expect(prices(await storefront.api.data<Listing>(listing, { first: 10 }))).toContain("CAP=13.00");
  });
});

const redisUrl = loadConfig().redisUrl;
const withRedis = redisUrl ? describe : describe.skip;

withRedis("catalog cache shared by two replicas on Redis (REDIS_URL)", () => {
  test("a change through one replica is seen through the other at once; Redis keeps prices exact", async () => {
    const a = await startStack({ redisUrl, config: { redisUrl } });
    const b = await startStack({ redisUrl, config: { redisUrl }, database: a.database });
    try {
      const tenant = await createTenant(a.http);
      const storefront = await storefrontOf(tenant);
      const storefrontOnB = new GraphqlClient(b.gateway.url, {
        "x-api-key": tenant.platform.platformKey,
        "client-x-api-key": storefront.clientKey,
      });
      const id = await createPublishedProduct(tenant.api, "SHARED", "19.99");
      const first = await storefrontOnB.data<Listing>(listing, { first: 5 });
      // Served from Redis now: Decimal and Date come back as they went in.
      expect(await storefrontOnB.data<Listing>(listing, { first: 5 })).toEqual(first);
      expect(prices(first)).toEqual(["SHARED=19.99"]);
      await tenant.api.data('mutation ($id: ID!) { updateProduct(id: $id, input: { price: "21.00" }) { id } }', { id });
      expect(prices(await storefrontOnB.data<Listing>(listing, { first: 5 }))).toEqual(["SHARED=21.00"]);
    } finally {
      await b.stop();
      await a.stop();
    }
  });
});
