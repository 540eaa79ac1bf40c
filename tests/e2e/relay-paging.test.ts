import { createLocation, createOrder, createPublishedProduct, setStock } from "../helpers/commerce";
import { startStack, type TestStack } from "../helpers/stack";
import { createTenant, type Tenant } from "../helpers/tenants";

/**
 * A client pages a list from either end, Relay's way: `first`/`after` forward, `last`/`before`
 * backward, in the list's own order either way, with both cursors and both flags. Products
 * (oldest first), orders (newest first), categories and a category's products (hand-written
 * SQL) all answer the same.
 */
let stack: TestStack;
let tenant: Tenant;
let kitchenId: string;
const products: string[] = [];
const orders: string[] = [];
const categories: string[] = [];

interface PageInfo {
  hasNextPage: boolean;
  hasPreviousPage: boolean;
  startCursor: string | null;
  endCursor: string | null;
}
interface Page {
  edges: { cursor: string; node: { id: string } }[];
  pageInfo: PageInfo;
  totalCount: number;
}

const listOf = {
  products: (args: string) => `products(${args})`,
  orders: (args: string) => `orders(${args})`,
  categoriesConnection: (args: string) => `categoriesConnection(${args})`,
};
type ListName = keyof typeof listOf;

const pageQuery = (list: ListName) => `query ($first: Int, $after: String, $last: Int, $before: String) {
  list: ${listOf[list]("first: $first, after: $after, last: $last, before: $before")} {
    edges { cursor node { id } }
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
    totalCount
  }
}`;

async function page(list: ListName, variables: Record<string, unknown>): Promise<Page> {
  return (await tenant.api.data<{ list: Page }>(pageQuery(list), variables)).list;
}

/** Every id of the list, walked forward 5 at a time from the start. */
async function walkForward(list: ListName): Promise<string[]> {
  const ids: string[] = [];
  let after: string | null = null;
  for (;;) {
    const current: Page = await page(list, { first: 5, after });
    ids.push(...current.edges.map((edge) => edge.node.id));
    expect(current.pageInfo.hasPreviousPage).toBe(after !== null);
    if (!current.pageInfo.hasNextPage) return ids;
    after = current.pageInfo.endCursor;
  }
}

/** Every id of the list, walked backward 5 at a time from the end, put back in list order. */
async function walkBackward(list: ListName): Promise<{ ids: string[]; pages: Page[] }> {
  const pages: Page[] = [];
  let before: string | null = null;
  for (;;) {
    const current: Page = await page(list, { last: 5, before });
    pages.push(current);
    expect(current.pageInfo.hasNextPage).toBe(before !== null);
    if (!current.pageInfo.hasPreviousPage) break;
    before = current.pageInfo.startCursor;
  }
  return { ids: pages.reverse().flatMap((current) => current.edges.map((edge) => edge.node.id)), pages };
}

beforeAll(async () => {
  stack = await startStack({ dispatcher: false });
  tenant = await createTenant(stack.http);
  const locationId = await createLocation(tenant.api, "MAIN");
  for (let index = 0; index < 12; index++) {
    products.push(await createPublishedProduct(tenant.api, `PAGE-${String(index).padStart(2, "0")}`));
  }
  await setStock(tenant.api, products[0]!, locationId, 100);
  for (let index = 0; index < 12; index++) {
    const { data } = await createOrder(tenant.api, [{ productId: products[0]!, locationId, quantity: 1 }]);
    orders.unshift(data!.createOrder.id); // the list is newest first
  }
  for (let index = 0; index < 12; index++) {
    const { createCategory } = await tenant.api.data<{ createCategory: { id: string } }>(
      "mutation ($input: CreateCategoryInput!) { createCategory(input: $input) { id } }",
      { input: { name: `Shelf ${index}`, slug: `shelf-${index}` } },
    );
    categories.push(createCategory.id);
  }
  kitchenId = categories[0]!;
  for (const productId of products.slice(0, 7)) {
    await tenant.api.data(
      "mutation ($id: ID!, $input: UpdateProductInput!) { updateProduct(id: $id, input: $input) { id } }",
      {
        id: productId,
        input: { categoryId: kitchenId },
      },
    );
  }
}, 120_000);
afterAll(() => stack.stop());

describe.each([
  ["products", () => products],
  ["orders", () => orders],
  ["categoriesConnection", () => categories],
] as const)("%s", (list, expected) => {
  test("last: 5 is the end of the list, in its order, with a previous page and no next one", async () => {
    const end = await page(list, { last: 5 });
    expect(end.edges.map((edge) => edge.node.id)).toEqual(expected().slice(-5));
    expect(end.pageInfo).toEqual({
      hasNextPage: false,
      hasPreviousPage: true,
      startCursor: end.edges[0]!.cursor,
      endCursor: end.edges[4]!.cursor,
    });
    expect(end.totalCount).toBe(12);
  });

  test("walked backward it reaches the start, and agrees with the walk forward", async () => {
    const backward = await walkBackward(list);
    expect(backward.pages.map((current) => current.edges.length)).toEqual([2, 5, 5]);
    expect(backward.pages[0]!.pageInfo.hasPreviousPage).toBe(false);
    expect(backward.ids).toEqual(expected());
    expect(await walkForward(list)).toEqual(expected());
  });

  test("first with before, and last with after, page inside the cursors", async () => {
    const all = await page(list, { first: 12 });
    const cursor = (index: number) => all.edges[index]!.cursor;
    const middle = await page(list, { first: 3, after: cursor(2), before: cursor(9) });
    expect(middle.edges.map((edge) => edge.node.id)).toEqual(expected().slice(3, 6));
    expect(middle.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: true });
    const tail = await page(list, { last: 3, after: cursor(2), before: cursor(9) });
    expect(tail.edges.map((edge) => edge.node.id)).toEqual(expected().slice(6, 9));
    expect(tail.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: true });
  });
});

test("a category's products page backward too, from several categories at once", async () => {
  const query = `query ($last: Int, $before: String) {
    categoriesConnection(first: 2) {
      edges { node { id products(last: $last, before: $before) {
        edges { node { id } } pageInfo { hasNextPage hasPreviousPage startCursor } totalCount
      } } }
    }
  }`;
  type Answer = { categoriesConnection: { edges: { node: { id: string; products: Page } }[] } };
  const end = await tenant.api.data<Answer>(query, { last: 3 });
  const [kitchen, empty] = end.categoriesConnection.edges.map((edge) => edge.node.products);
  expect(kitchen!.edges.map((edge) => edge.node.id)).toEqual(products.slice(4, 7));
  expect(kitchen!.pageInfo).toMatchObject({ hasNextPage: false, hasPreviousPage: true });
  expect(empty).toMatchObject({ edges: [], totalCount: 0, pageInfo: { hasPreviousPage: false, startCursor: null } });

  const before = await tenant.api.data<Answer>(query, { last: 3, before: kitchen!.pageInfo.startCursor });
  const previous = before.categoriesConnection.edges[0]!.node.products;
  expect(previous.edges.map((edge) => edge.node.id)).toEqual(products.slice(1, 4));
  expect(previous.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: true });
});

test("categoriesConnection pages the children of parentId; the plain list still answers, deprecated", async () => {
  const { createCategory: child } = await tenant.api.data<{ createCategory: { id: string } }>(
    "mutation ($input: CreateCategoryInput!) { createCategory(input: $input) { id } }",
    { input: { name: "Pans", slug: "pans", parentId: kitchenId } },
  );
  const { categoriesConnection, categories: plain } = await tenant.api.data<{
    categoriesConnection: Page;
    categories: { id: string }[];
  }>(
    "query ($parentId: ID) { categoriesConnection(parentId: $parentId, last: 5) { edges { node { id } } totalCount } categories(parentId: $parentId) { id } }",
    { parentId: kitchenId },
  );
  expect(categoriesConnection.edges.map((edge) => edge.node.id)).toEqual([child.id]);
  expect(categoriesConnection.totalCount).toBe(1);
  expect(plain).toEqual([{ id: child.id }]);
});

describe("refused page arguments", () => {
  const refusal = async (variables: Record<string, unknown>, list: ListName = "products") => {
    const response = await tenant.api.request(pageQuery(list), variables);
    expect(response.data ?? null).toBeNull();
    return { code: response.errors?.[0]?.extensions?.code, message: response.errors?.[0]?.message };
  };

  test("first with last names both arguments", async () => {
    for (const list of Object.keys(listOf) as ListName[]) {
      expect(await refusal({ first: 5, last: 5 }, list)).toEqual({
        code: "BAD_USER_INPUT",
        message: "Pass first or last, not both: first pages forward from after, last backward from before",
      });
    }
  });

  test("a negative or huge last, and a cursor that is not ours, are refused with a code", async () => {
    expect(await refusal({ last: -1 })).toEqual({
      code: "BAD_USER_INPUT",
      message: "last must be between 0 and 100",
    });
    // Over 100 the operation limits refuse it before it runs, as they refuse first: 101.
    expect(await refusal({ last: 101 })).toEqual(await refusal({ first: 101 }));
    expect(await refusal({ last: 101 })).toMatchObject({ code: "QUERY_TOO_COMPLEX" });
    expect(await refusal({ last: 5, before: "garbage" })).toEqual({
      code: "BAD_USER_INPUT",
      message: "before is not a cursor returned by this API",
    });
    expect(await refusal({ last: 5, before: "x".repeat(10_000) }, "orders")).toMatchObject({ code: "BAD_USER_INPUT" });
    // Beyond GraphQL's Int too: refused before anything runs.
    const huge = await tenant.api.request(pageQuery("categoriesConnection"), { last: 2 ** 40 });
    expect(huge.status).toBe(400);
    expect(huge.errors?.[0]?.extensions?.code).toBe("QUERY_TOO_COMPLEX");
  });

  test("a level of categories asked for with a hostile parent is an empty level or a client error", async () => {
    const level = `query ($parentId: ID) { categoriesConnection(parentId: $parentId, first: 50) {
      edges { node { id } } totalCount } }`;
    for (const parentId of ["\u0000", "01a24bfd-496c-7178-8e44-7080f66aa814\u0000", "x".repeat(50_000)]) {
      const answer = await tenant.api.request(level, { parentId });
      expect(answer.status).toBeLessThan(500);
      if (!answer.errors) expect(answer.data).toEqual({ categoriesConnection: { edges: [], totalCount: 0 } });
      else expect(answer.errors[0]?.extensions?.code).toMatch(/BAD_USER_INPUT|QUERY_TOO_COMPLEX|BAD_REQUEST/);
    }
    const wrongType = await tenant.api.request(level, { parentId: { id: "x" } });
    expect(wrongType.status).toBe(400);
    expect(wrongType.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
  });

  test("last: 0 answers an empty page without cursors", async () => {
    const empty = await page("orders", { last: 0 });
    expect(empty.edges).toEqual([]);
    expect(empty.pageInfo).toEqual({ hasNextPage: false, hasPreviousPage: true, startCursor: null, endCursor: null });
  });
});

describe("REST", () => {
  const rest = (path: string) =>
    fetch(`${stack.http.url.replace(/\/graphql$/, "/api/v1")}${path}`, {
      headers: { "x-api-key": tenant.platform.platformKey, "client-x-api-key": tenant.clientKey },
    });
  const linksOf = (response: Response): Record<string, URL> =>
    Object.fromEntries(
      (response.headers.get("link") ?? "")
        .split(", ")
        .filter(Boolean)
        .map((link) => {
          const [, url, rel] = /^<([^>]+)>; rel="(\w+)"$/.exec(link)!;
          return [rel!, new URL(url!)];
        }),
    );

  test('GET /products?last=5 answers the last five and a rel="prev" link that walks back to the start', async () => {
    const response = await rest("/products?last=5");
    expect(response.status).toBe(200);
    const body = (await response.json()) as Page;
    expect(body.edges.map((edge) => edge.node.id)).toEqual(products.slice(-5));
    const links = linksOf(response);
    expect(Object.keys(links)).toEqual(["prev"]);
    expect(links.prev!.searchParams.get("last")).toBe("5");
    expect(links.prev!.searchParams.get("before")).toBe(body.pageInfo.startCursor);

    const seen = [...body.edges.map((edge) => edge.node.id)];
    let prev: URL | undefined = links.prev;
    while (prev) {
      const earlier = await rest(`${prev.pathname.replace(/^\/api\/v1/, "")}${prev.search}`);
      seen.unshift(...((await earlier.json()) as Page).edges.map((edge) => edge.node.id));
      const earlierLinks = linksOf(earlier);
      expect(earlierLinks.next).toBeDefined();
      prev = earlierLinks.prev;
    }
    expect(seen).toEqual(products);
  });

  test('a middle page links both ways: rel="next" with first/after, rel="prev" with last/before', async () => {
    const start = (await (await rest("/products?first=4")).json()) as Page;
    const response = await rest(`/products?first=4&after=${start.pageInfo.endCursor}`);
    const links = linksOf(response);
    expect(links.next!.searchParams.get("first")).toBe("4");
    expect(links.next!.searchParams.has("before")).toBe(false);
    expect(links.prev!.searchParams.get("last")).toBe("4");
    expect(links.prev!.searchParams.has("after")).toBe(false);
  });

  test("GET /catalog/categories is the paged list; GET /categories stays the plain one", async () => {
    const paged = await rest("/catalog/categories?last=5");
    expect(paged.status).toBe(200);
    const body = (await paged.json()) as Page;
    expect(body.edges.map((edge) => edge.node.id)).toEqual(categories.slice(-5));
    expect(linksOf(paged).prev).toBeDefined();
    const found = (await (await rest("/catalog/categories?search=SHELF%201")).json()) as Page;
    expect(found.edges.map((edge) => edge.node.id)).toEqual([categories[1], categories[10], categories[11]]);
    // A search named twice (which would search "a,b") or far too long is the caller's mistake.
    for (const hostile of ["?search=a&search=b", `?search=${"x".repeat(5_000)}`]) {
      const refused = await rest(`/catalog/categories${hostile}`);
      expect(refused.status).toBe(422);
      expect(await refused.json()).toMatchObject({ error: { code: "BAD_USER_INPUT" } });
    }
    const plain = await rest("/categories");
    expect(((await plain.json()) as { id: string }[]).map((category) => category.id).sort()).toEqual(
      [...categories].sort(),
    );
  });

  test("bad page arguments are a 4xx with the code, never a 500", async () => {
    const refusals: Record<string, string> = {
      "last=-3": "BAD_USER_INPUT",
      "last=5&before=garbage": "BAD_USER_INPUT",
      "first=2&last=2": "BAD_USER_INPUT",
      "last=abc": "BAD_USER_INPUT",
      "last=1000": "QUERY_TOO_COMPLEX",
    };
    for (const [query, code] of Object.entries(refusals)) {
      const response = await rest(`/products?${query}`);
      expect({ query, status: response.status < 500 && response.status >= 400 }).toEqual({ query, status: true });
      expect(((await response.json()) as { error: { code: string } }).error.code).toBe(code);
    }
  });
});
