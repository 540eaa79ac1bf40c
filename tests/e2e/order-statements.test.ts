import { createLocation, createOrder, createPublishedProduct, setStock } from "../helpers/commerce";
import { startStack, type TestStack } from "../helpers/stack";
import { createTenant, type Tenant } from "../helpers/tenants";

/**
 * A checkout's cost in SQL does not grow with its lines: stock for every line is reserved,
 * and the order with its items written, by the same statements for 1 item as for 5.
 */
let stack: TestStack;
let tenant: Tenant;
let locationId: string;
const products: string[] = [];
let recording: string[] | null = null;

beforeAll(async () => {
  // No dispatcher: its polling would add statements that are not the request's. No key
  // cache: whether a lookup is cached depends on timing; the count includes it, always.
  stack = await startStack({
    onQuery: (sql) => recording?.push(sql),
    dispatcher: false,
    config: { authCacheTtlMs: 0 },
  });
  tenant = await createTenant(stack.http);
  locationId = await createLocation(tenant.api, "SHOP");
  for (let index = 0; index < 5; index++) {
    const productId = await createPublishedProduct(tenant.api, `LINE-${index}`);
    await setStock(tenant.api, productId, locationId, 100);
    products.push(productId);
  }
});
afterAll(() => stack.stop());

async function statementsToOrder(lineCount: number): Promise<number> {
  const items = products.slice(0, lineCount).map((productId) => ({ productId, locationId, quantity: 2 }));
  await createOrder(tenant.api, items); // warm: plan caches, the tenant's order counter row
  recording = [];
  const { data, errors } = await createOrder(tenant.api, items);
  const count = recording.length;
  if (process.env.SHOW_SQL) process.stdout.write(recording.join("\n") + "\n");
  recording = null;
  expect(errors).toBeUndefined();
  expect(data?.createOrder.status).toBe("PENDING");
  return count;
}

test("an order of 5 items costs the same SQL statements as an order of 1", async () => {
  const one = await statementsToOrder(1);
  const five = await statementsToOrder(5);
  expect(five).toBe(one);
  // The key lookup, the products, the order's one statement and the items it answers with.
  expect(one).toBeLessThanOrEqual(4);
  process.stdout.write(`SQL statements per createOrder: ${one} (1 item), ${five} (5 items)\n`);

  // Every line got its reservation: 2 orders of 1 item on the first product, 2 of 5 on all.
  const { product } = await tenant.api.data<{ product: { inventory: { reserved: number }[] } }>(
    "query ($id: ID!) { product(id: $id) { inventory { reserved } } }",
    { id: products[0] },
  );
  expect(product.inventory).toEqual([{ reserved: 8 }]);
  const { product: last } = await tenant.api.data<{ product: { inventory: { reserved: number }[] } }>(
    "query ($id: ID!) { product(id: $id) { inventory { reserved } } }",
    { id: products[4] },
  );
  expect(last.inventory).toEqual([{ reserved: 4 }]);
});
