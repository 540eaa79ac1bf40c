import { createLocation, createOrder, createPublishedProduct, setStock } from "../helpers/commerce";
import type { GraphqlResponse } from "../helpers/graphql-client";
import { startStack, type TestStack } from "../helpers/stack";
import { createPlatform, createTenant, registerTenant, type Tenant } from "../helpers/tenants";

/**
 * Bad input gets a client error: text the database cannot store, dates outside what it holds
 * and amounts too large for a money column are the caller's mistake, answered with
 * BAD_USER_INPUT and what was wrong, never with an internal error. And what a caller types is
 * taken as it is: a search for `%` looks for a percent sign.
 */

let stack: TestStack;
let tenant: Tenant;
beforeAll(async () => {
  stack = await startStack();
  tenant = await createTenant(stack.http);
});
afterAll(() => stack.stop());

/** A client error, as the gateway answers any other: HTTP 200 or 400, code BAD_USER_INPUT, no data. */
function expectBadInput(response: GraphqlResponse, message?: RegExp): void {
  expect({ status: [200, 400].includes(response.status), errors: response.errors }).toMatchObject({
    status: true,
    errors: [{ extensions: { code: "BAD_USER_INPUT" }, ...(message && { message: expect.stringMatching(message) }) }],
  });
  expect(Object.values(response.data ?? {}).filter((value) => value != null)).toEqual([]);
}

describe("text the database cannot store", () => {
  const nul = "\u0000";

  test.each([
    [
      "a NUL byte in a product search",
      "query ($s: String) { products(filter: { search: $s }) { totalCount } }",
      { s: `a${nul}b` },
      "$s",
    ],
    ["a NUL byte in a SKU", "query ($sku: String!) { productBySku(sku: $sku) { id } }", { sku: nul }, "$sku"],
    [
      "a NUL byte in a product name",
      "mutation ($input: CreateProductInput!) { createProduct(input: $input) { id } }",
      { input: { sku: "NUL-1", name: `Mug${nul}`, price: "1.00" } },
      "$input.name",
    ],
    [
      "a NUL byte in a setting's JSON value",
      'mutation ($value: JSON!) { setSetting(key: "theme", value: $value) }',
      { value: { colours: ["red", `blue${nul}`] } },
      "$value.colours[1]",
    ],
    [
      "a NUL byte in a setting's JSON key",
      'mutation ($value: JSON!) { setSetting(key: "theme", value: $value) }',
      { value: { [`colour${nul}`]: "red" } },
      "$value",
    ],
    [
      "an unpaired surrogate in a setting",
      'mutation ($value: JSON!) { setSetting(key: "theme", value: $value) }',
      { value: { colour: "\ud800" } },
      "$value.colour",
    ],
  ])("%s is refused, naming the variable", async (_what, query, variables, where) => {
    const response = await tenant.api.request(query, variables);
    expectBadInput(response, new RegExp(`^Text in ${where.replace(/[$.[\]]/g, "\\$&")} must not contain NUL`));
    expect(response.errors![0]!.extensions).toMatchObject({ argument: where });
  });

  test("a NUL byte in a literal is refused, naming the argument", async () => {
    expectBadInput(
      await tenant.api.request('{ products(filter: { search: "a\\u0000b" }) { totalCount } }'),
      /^Text in filter\.search /,
    );
    expectBadInput(await tenant.api.request('mutation { setSetting(key: "theme", value: { colour: "\\u0000" }) }'));
    // Written out rather than escaped: GraphQL's lexer lets a raw NUL through in a string.
    expectBadInput(await tenant.api.request(`{ productBySku(sku: "a${nul}b") { id } }`), /^Text in sku /);
  });

  test("a NUL byte in a client search or an idempotency key is refused too", async () => {
    expectBadInput(
      await tenant.platform.api.request("query ($s: String) { clients(filter: { search: $s }) { totalCount } }", {
        s: nul,
      }),
    );
    const location = await createLocation(tenant.api, "NUL-LOC");
    const productId = await createPublishedProduct(tenant.api, "NUL-ORDER");
    await setStock(tenant.api, productId, location, 5);
    expectBadInput(await createOrder(tenant.api, [{ productId, locationId: location, quantity: 1 }], `key${nul}`));
  });

  test("text with other control characters and astral characters is stored as sent", async () => {
    const name = "Tab\there, emoji \u{1f600}, bell \u0007";
    const { createProduct } = await tenant.api.data<{ createProduct: { name: string } }>(
      "mutation ($input: CreateProductInput!) { createProduct(input: $input) { name } }",
      { input: { sku: "TEXT-OK", name, price: "1.00" } },
    );
    expect(createProduct.name).toBe(name);
  });
});

describe("dates", () => {
  const ordersAfter = "query ($after: DateTime) { orders(filter: { createdAfter: $after }) { totalCount } }";

  test.each([
    ["year 0, which PostgreSQL has not", "0000-01-01T00:00:00Z"],
    ["year 1 that an offset moves into year 0", "0001-01-01T00:00:00+01:00"],
    ["a five-digit year", "10000-01-01T00:00:00Z"],
    ["a negative year", "-000001-01-01T00:00:00Z"],
    ["a day that does not exist", "2026-02-30T00:00:00Z"],
    ["words", "yesterday"],
    ["a number", 1e20],
  ])("%s is refused as a variable and as a literal", async (_what, after) => {
    expectBadInput(await tenant.api.request(ordersAfter, { after }), /^Variable "\$after" .*DateTime/);
    expectBadInput(
      await tenant.api.request(`{ orders(filter: { createdAfter: ${JSON.stringify(after)} }) { totalCount } }`),
      /DateTime/,
    );
  });

  test("the first moment of year 1 and the last of year 9999 are accepted", async () => {
    for (const after of ["0001-01-01T00:00:00Z", "9999-12-31T23:59:59.999Z"]) {
      const { orders } = await tenant.api.data<{ orders: { totalCount: number } }>(ordersAfter, { after });
      expect(orders.totalCount).toBe(0);
    }
  });
});

describe("amounts", () => {
  test("an order whose total a money column cannot hold is refused, and reserves nothing", async () => {
    const location = await createLocation(tenant.api, "BIG-LOC");
    const productId = await createPublishedProduct(tenant.api, "YACHT", "9999999999.99");
    await setStock(tenant.api, productId, location, 10);

    expectBadInput(
      await createOrder(tenant.api, [{ productId, locationId: location, quantity: 2 }]),
      /total .*9999999999\.99/,
    );
    const { product } = await tenant.api.data<{ product: { available: number } }>(
      "query ($id: ID!) { product(id: $id) { available } }",
      { id: productId },
    );
    expect(product.available).toBe(10);

    const placed = await createOrder(tenant.api, [{ productId, locationId: location, quantity: 1 }]);
    expect(placed.errors).toBeUndefined();
  });

  test("stock that would grow past what its column holds is refused, and stays as it was", async () => {
    const location = await createLocation(tenant.api, "FULL-LOC");
    const spare = await createLocation(tenant.api, "SPARE-LOC");
    const productId = await createPublishedProduct(tenant.api, "SAND");
    await setStock(tenant.api, productId, spare, 1_000_000);
    // Reaching the top through the API takes some 2,148 adjustments of a million units: the
    // level is put just under it directly instead.
    const nearlyFull = 2 ** 31 - 1 - 999_999;
    await setStock(tenant.api, productId, location, 10);
    await stack.database.db.prisma.inventoryLevel.updateMany({
      where: { productId, locationId: location },
      data: { onHand: nearlyFull },
    });

    const increases: [string, Record<string, unknown>][] = [
      [
        "mutation ($input: AdjustInventoryInput!) { adjustInventory(input: $input) { onHand } }",
        { productId, locationId: location, delta: 1_000_000 },
      ],
      [
        "mutation ($input: ReceiveBatchInput!) { receiveBatch(input: $input) { id } }",
        { productId, locationId: location, quantity: 1_000_000, lotNumber: "LOT-1" },
      ],
      [
        "mutation ($input: TransferInventoryInput!) { transferInventory(input: $input) { onHand } }",
        { productId, fromLocationId: spare, toLocationId: location, quantity: 1_000_000 },
      ],
    ];
    for (const [mutation, input] of increases) {
      expectBadInput(await tenant.api.request(mutation, { input }), /cannot exceed 2147483647/);
    }

    const { inventoryLevels } = await tenant.api.data<{
      inventoryLevels: { edges: { node: { location: { id: string }; onHand: number } }[] };
    }>(
      "query ($productId: ID!) { inventoryLevels(filter: { productId: $productId }) { edges { node { location { id } onHand } } } }",
      { productId },
    );
    expect(Object.fromEntries(inventoryLevels.edges.map(({ node }) => [node.location.id, node.onHand]))).toEqual({
      [location]: nearlyFull,
      [spare]: 1_000_000,
    });
  });
});

describe("searching clients", () => {
  test("% and _ match themselves, not any text", async () => {
    const platform = await createPlatform(stack.http);
    await registerTenant(platform, "plain");
    await registerTenant(platform, "fifty_percent");
    const codes = async (search: string) => {
      const { clients } = await platform.api.data<{ clients: { edges: { node: { code: string } }[] } }>(
        "query ($search: String) { clients(filter: { search: $search }) { edges { node { code } } } }",
        { search },
      );
      return clients.edges.map((edge) => edge.node.code);
    };
    expect(await codes("%")).toEqual([]);
    expect(await codes("_")).toEqual(["fifty_percent"]);
    expect(await codes("fifty_")).toEqual(["fifty_percent"]);
    expect(await codes("y_p")).toEqual(["fifty_percent"]);
    expect(await codes("plain")).toEqual(["plain"]);
  });
});
