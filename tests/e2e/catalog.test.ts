import { createCatalogLoaders } from "../../subgraphs/catalog/src/loaders";
import { moveProduct } from "../../subgraphs/catalog/src/services/products";
import type { TenantAuth } from "../../subgraphs/core/src/auth/context";
import { createTenantCache } from "../../subgraphs/core/src/cache/tenant-cache";
import type { PrismaClient } from "../../subgraphs/core/src/db/generated/client";
import { silentLogger } from "../../subgraphs/core/src/logger";
import type { GraphqlResponse } from "../helpers/graphql-client";
import { startStack, type TestStack } from "../helpers/stack";
import { createTenant, type Tenant } from "../helpers/tenants";
import { waitFor } from "../helpers/wait";
import { moduleDatabase } from "../../subgraphs/core/src/db/module-db";

let stack: TestStack;

beforeAll(async () => {
  stack = await startStack();
});
afterAll(() => stack.stop());

const productFields = `id sku name description status publishedAt createdAt updatedAt
  price { amount currency } category { id slug }`;

interface ProductView {
  id: string;
  sku: string;
  name: string;
  description: string | null;
  status: "DRAFT" | "PUBLISHED" | "ARCHIVED";
  publishedAt: string | null;
  price: { amount: string; currency: string };
  category: { id: string; slug: string } | null;
}

interface CategoryView {
  id: string;
  name: string;
  slug: string;
  parent: { id: string } | null;
  children: { id: string; slug: string }[];
}

type ProductPage = {
  totalCount: number;
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  edges: { cursor: string; node: { sku: string } }[];
};

const createCategoryMutation = `mutation ($input: CreateCategoryInput!) {
  createCategory(input: $input) { id name slug parent { id } children { id slug } }
}`;
const updateCategoryMutation = `mutation ($id: ID!, $input: UpdateCategoryInput!) {
  updateCategory(id: $id, input: $input) { id name slug parent { id } children { id slug } }
}`;
const deleteCategoryMutation = "mutation ($id: ID!) { deleteCategory(id: $id) }";
const createProductMutation = `mutation ($input: CreateProductInput!) { createProduct(input: $input) { ${productFields} } }`;
const updateProductMutation = `mutation ($id: ID!, $input: UpdateProductInput!) {
  updateProduct(id: $id, input: $input) { ${productFields} }
}`;
const productQuery = `query ($id: ID!) { product(id: $id) { ${productFields} } }`;

const moves = {
  publish: "publishProduct",
  unpublish: "unpublishProduct",
  archive: "archiveProduct",
  restore: "restoreProduct",
} as const;
type Move = keyof typeof moves;

async function createCategory(tenant: Tenant, input: Record<string, unknown>): Promise<CategoryView> {
  const { createCategory } = await tenant.api.data<{ createCategory: CategoryView }>(createCategoryMutation, { input });
  return createCategory;
}

async function createProduct(tenant: Tenant, input: Record<string, unknown>): Promise<ProductView> {
  const { createProduct } = await tenant.api.data<{ createProduct: ProductView }>(createProductMutation, {
    input: { name: `Product ${String(input.sku)}`, price: "10.00", ...input },
  });
  return createProduct;
}

function move(tenant: Tenant, id: string, name: Move): Promise<GraphqlResponse<Record<string, ProductView>>> {
  return tenant.api.request<Record<string, ProductView>>(
    `mutation ($id: ID!) { ${moves[name]}(id: $id) { ${productFields} } }`,
    { id },
  );
}

async function moved(tenant: Tenant, id: string, name: Move): Promise<ProductView> {
  const response = await move(tenant, id, name);
  if (response.errors) throw new Error(`${name} failed: ${JSON.stringify(response.errors)}`);
  return response.data![moves[name]]!;
}

async function readProduct(tenant: Tenant, id: string): Promise<ProductView | null> {
  return (await tenant.api.data<{ product: ProductView | null }>(productQuery, { id })).product;
}

function errorOf(response: GraphqlResponse<unknown>, code: string): Record<string, unknown> {
  expect(response.errors?.[0]?.extensions?.code).toBe(code);
  return response.errors![0]!.extensions!;
}

/** The fields a BAD_USER_INPUT names, whether class-validator or the service found the problem. */
function invalidFields(response: GraphqlResponse<unknown>): string[] {
  const extensions = errorOf(response, "BAD_USER_INPUT");
  return (extensions.fields as { field: string }[]).map((entry) => entry.field);
}

/** What the gateway resolves the tenant's keys to, for the tests that call catalog code directly. */
function tenantAuth(tenant: Tenant): TenantAuth {
  return {
    clientAppId: tenant.platform.clientAppId,
    clientId: tenant.clientId,
    keyId: tenant.keyId,
    userId: null,
    scopes: ["admin"],
    isAdmin: false,
  };
}

let skuCounter = 0;
const nextSku = () => `SKU-${++skuCounter}`;

describe("a product's life", () => {
  let tenant: Tenant;

  beforeAll(async () => {
    tenant = await createTenant(stack.http);
    await tenant.platform.api.data(
      "mutation ($id: ID!) { updateClient(id: $id, input: { defaultCurrency: CHF }) { id } }",
      { id: tenant.clientId },
    );
  });

  test("a shop sets up a category and a draft product, then publishes, unpublishes, archives and restores it", async () => {
    const shirts = await createCategory(tenant, { name: "Shirts", slug: "shirts" });
    const created = await createProduct(tenant, {
      sku: "TEE-001",
      name: "Linen tee",
      description: "Breathable",
      price: "19.99",
      categoryId: shirts.id,
    });
    expect(created).toMatchObject({
      sku: "TEE-001",
      name: "Linen tee",
      description: "Breathable",
      status: "DRAFT",
      publishedAt: null,
      price: { amount: "19.99", currency: "CHF" },
      category: { id: shirts.id, slug: "shirts" },
    });

    const skipped = await move(tenant, created.id, "archive");
    const refusal = errorOf(skipped, "INVALID_STATE_TRANSITION");
    expect(refusal).toMatchObject({ from: "DRAFT", to: "ARCHIVED" });
    expect(skipped.errors?.[0]?.message).toContain("DRAFT");
    expect(skipped.errors?.[0]?.message).toContain("ARCHIVED");
    expect((await readProduct(tenant, created.id))?.status).toBe("DRAFT");

    const published = await moved(tenant, created.id, "publish");
    expect(published.status).toBe("PUBLISHED");
    expect(Date.parse(published.publishedAt!)).toBeGreaterThan(Date.now() - 60_000);

    expect((await moved(tenant, created.id, "unpublish")).status).toBe("DRAFT");
    await moved(tenant, created.id, "publish");
    expect((await moved(tenant, created.id, "archive")).status).toBe("ARCHIVED");
    const restored = await moved(tenant, created.id, "restore");
    expect(restored.status).toBe("DRAFT");
    expect(await readProduct(tenant, created.id)).toMatchObject({ status: "DRAFT", sku: "TEE-001" });
  });

  // The flow, written out here rather than read from the code, so a wrong table fails.
  const legal: Record<ProductView["status"], Move[]> = {
    DRAFT: ["publish"],
    PUBLISHED: ["unpublish", "archive"],
    ARCHIVED: ["restore"],
  };
  const target: Record<Move, ProductView["status"]> = {
    publish: "PUBLISHED",
    unpublish: "DRAFT",
    archive: "ARCHIVED",
    restore: "DRAFT",
  };
  const pathTo: Record<ProductView["status"], Move[]> = {
    DRAFT: [],
    PUBLISHED: ["publish"],
    ARCHIVED: ["publish", "archive"],
  };
  const cases = (Object.keys(legal) as ProductView["status"][]).flatMap((from) =>
    (Object.keys(moves) as Move[]).map((name) => ({ from, name, allowed: legal[from].includes(name) })),
  );

  test.each(cases)("$name on a $from product: allowed = $allowed", async ({ from, name, allowed }) => {
    const product = await createProduct(tenant, { sku: nextSku() });
    for (const step of pathTo[from]) await moved(tenant, product.id, step);
    const response = await move(tenant, product.id, name);
    if (allowed) {
      expect(response.errors).toBeUndefined();
      expect(response.data?.[moves[name]]?.status).toBe(target[name]);
    } else {
      expect(errorOf(response, "INVALID_STATE_TRANSITION")).toMatchObject({ from, to: target[name] });
      expect(response.errors?.[0]?.message).toContain(from);
      expect((await readProduct(tenant, product.id))?.status).toBe(from);
    }
  });

  test("a product's currency may be given, else it is the client's default", async () => {
    expect((await createProduct(tenant, { sku: nextSku(), currency: "EUR" })).price.currency).toBe("EUR");
    expect((await createProduct(tenant, { sku: nextSku() })).price.currency).toBe("CHF");
    const usdTenant = await createTenant(stack.http);
    expect((await createProduct(usdTenant, { sku: nextSku() })).price.currency).toBe("USD");
  });

  test("updateProduct changes the given fields only; null clears the description and the category", async () => {
    const category = await createCategory(tenant, { name: "Hats", slug: "hats" });
    const product = await createProduct(tenant, {
      sku: nextSku(),
      name: "Cap",
      description: "Blue",
      categoryId: category.id,
    });
    const { updateProduct } = await tenant.api.data<{ updateProduct: ProductView }>(updateProductMutation, {
      id: product.id,
      input: { name: "Wool cap", price: "24.50" },
    });
    expect(updateProduct).toMatchObject({
      sku: product.sku,
      name: "Wool cap",
      description: "Blue",
      price: { amount: "24.50", currency: "CHF" },
      category: { id: category.id },
      status: "DRAFT",
    });
    const cleared = await tenant.api.data<{ updateProduct: ProductView }>(updateProductMutation, {
      id: product.id,
      input: { description: null, categoryId: null, sku: "CAP-RENAMED" },
    });
    expect(cleared.updateProduct).toMatchObject({
      name: "Wool cap",
      description: null,
      category: null,
      sku: "CAP-RENAMED",
    });
  });

  test("productBySku finds the product by its exact sku, or answers null", async () => {
    const product = await createProduct(tenant, { sku: "FIND.me_1" });
    const found = await tenant.api.data<{ productBySku: { id: string } | null }>(
      "query ($sku: String!) { productBySku(sku: $sku) { id } }",
      { sku: "FIND.me_1" },
    );
    expect(found.productBySku).toEqual({ id: product.id });
    const missing = await tenant.api.data<{ productBySku: null }>(
      "query ($sku: String!) { productBySku(sku: $sku) { id } }",
      { sku: "find.me_1" },
    );
    expect(missing.productBySku).toBeNull();
  });

  test("a sku already used by the client is a CONFLICT naming sku, on create and on update", async () => {
    await createProduct(tenant, { sku: "DUP-1" });
    const other = await createProduct(tenant, { sku: "DUP-2" });
    const onCreate = await tenant.api.request(createProductMutation, {
      input: { sku: "DUP-1", name: "Again", price: "1.00" },
    });
    expect(errorOf(onCreate, "CONFLICT")).toMatchObject({ field: "sku" });
    const onUpdate = await tenant.api.request(updateProductMutation, { id: other.id, input: { sku: "DUP-1" } });
    expect(errorOf(onUpdate, "CONFLICT")).toMatchObject({ field: "sku" });
    expect((await readProduct(tenant, other.id))?.sku).toBe("DUP-2");
    // Keeping its own sku is no conflict.
    await tenant.api.data(updateProductMutation, { id: other.id, input: { sku: "DUP-2", name: "Same sku" } });
  });

  test("bad product input is a BAD_USER_INPUT naming each field, never a 500", async () => {
    const base = { sku: nextSku(), name: "Valid", price: "1.00" };
    const cases: [Record<string, unknown>, string[]][] = [
      [{ ...base, sku: "-starts-with-dash" }, ["sku"]],
      [{ ...base, sku: "has space" }, ["sku"]],
      [{ ...base, sku: "x".repeat(65) }, ["sku"]],
      [{ ...base, name: "" }, ["name"]],
      [{ ...base, sku: "", name: "" }, ["sku", "name"]],
      [{ ...base, description: "d".repeat(5001) }, ["description"]],
      [{ ...base, price: "-0.01" }, ["price"]],
      [{ ...base, price: "1.999" }, ["price"]],
      [{ ...base, categoryId: "not-an-id" }, ["categoryId"]],
    ];
    for (const [input, fields] of cases) {
      const response = await tenant.api.request(createProductMutation, { input });
      expect(response.status).toBe(200);
      expect(invalidFields(response).sort()).toEqual([...fields].sort());
    }
    const badPriceUpdate = await tenant.api.request(updateProductMutation, {
      id: (await createProduct(tenant, { sku: nextSku() })).id,
      input: { price: "-5" },
    });
    expect(invalidFields(badPriceUpdate)).toEqual(["price"]);
    const notADecimal = await tenant.api.request(createProductMutation, { input: { ...base, price: "ten" } });
    expect(notADecimal.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
    const { products } = await tenant.api.data<{ products: { totalCount: number } }>(
      "query ($search: String) { products(filter: { search: $search }) { totalCount } }",
      { search: base.sku },
    );
    expect(products.totalCount).toBe(0);
  });

  test("a product in a category that does not exist is NOT_FOUND naming categoryId", async () => {
    const response = await tenant.api.request(createProductMutation, {
      input: { sku: nextSku(), name: "Lost", price: "1.00", categoryId: "0190a0a0-0000-7000-8000-000000000000" },
    });
    expect(errorOf(response, "NOT_FOUND")).toMatchObject({ field: "categoryId" });
  });

  test("an unknown or malformed id: product answers null, mutations NOT_FOUND", async () => {
    for (const id of ["0190a0a0-0000-7000-8000-000000000000", "not-an-id"]) {
      expect(await readProduct(tenant, id)).toBeNull();
      for (const name of Object.keys(moves) as Move[]) errorOf(await move(tenant, id, name), "NOT_FOUND");
      errorOf(await tenant.api.request(updateProductMutation, { id, input: { name: "x" } }), "NOT_FOUND");
    }
  });
});

describe("a category tree", () => {
  let tenant: Tenant;

  beforeAll(async () => {
    tenant = await createTenant(stack.http);
  });

  const categoryQuery = `query ($id: ID!) {
    category(id: $id) {
      id name slug parent { id slug } children { slug children { slug } }
      products(first: 10) { totalCount edges { node { sku } } }
    }
  }`;

  test("categories nest: roots, children, parents and their products", async () => {
    const clothing = await createCategory(tenant, { name: "Clothing", slug: "clothing" });
    const shoes = await createCategory(tenant, { name: "Shoes", slug: "shoes" });
    const shirts = await createCategory(tenant, { name: "Shirts", slug: "shirts", parentId: clothing.id });
    const coats = await createCategory(tenant, { name: "Coats", slug: "coats", parentId: clothing.id });
    const polos = await createCategory(tenant, { name: "Polos", slug: "polos", parentId: shirts.id });
    expect(shirts.parent).toEqual({ id: clothing.id });
    await createProduct(tenant, { sku: "POLO-1", categoryId: polos.id });

    const { category } = await tenant.api.data<{ category: Record<string, unknown> }>(categoryQuery, {
      id: clothing.id,
    });
    expect(category).toEqual({
      id: clothing.id,
      name: "Clothing",
      slug: "clothing",
      parent: null,
      children: [
        { slug: "coats", children: [] },
        { slug: "shirts", children: [{ slug: "polos" }] },
      ],
      products: { totalCount: 0, edges: [] },
    });
    const polosView = await tenant.api.data<{ category: Record<string, unknown> }>(categoryQuery, { id: polos.id });
    expect(polosView.category).toMatchObject({
      parent: { id: shirts.id, slug: "shirts" },
      products: { totalCount: 1, edges: [{ node: { sku: "POLO-1" } }] },
    });

    const roots = await tenant.api.data<{ categories: { slug: string }[] }>("{ categories { slug } }");
    expect(roots.categories.map((c) => c.slug)).toEqual(["clothing", "shoes"]);
    const under = await tenant.api.data<{ categories: { slug: string }[] }>(
      "query ($parentId: ID) { categories(parentId: $parentId) { slug } }",
      { parentId: clothing.id },
    );
    expect(under.categories.map((c) => c.slug)).toEqual(["coats", "shirts"]);
    expect(shoes.children).toEqual([]);
    expect(coats.parent).toEqual({ id: clothing.id });
  });

  test("search finds categories by name at any depth, ignoring case; parentId narrows it; wildcards are literal", async () => {
    const shop = await createTenant(stack.http);
    const men = await createCategory(shop, { name: "Men", slug: "men" });
    const shirts = await createCategory(shop, { name: "Shirts", slug: "men-shirts", parentId: men.id });
    const formal = await createCategory(shop, { name: "Formal shirts", slug: "formal", parentId: shirts.id });
    const linen = await createCategory(shop, { name: "Linen 100%", slug: "linen", parentId: formal.id });
    const tshirts = await createCategory(shop, { name: "T-SHIRTS", slug: "t-shirts" });
    await createCategory(shop, { name: "Under_wear", slug: "underwear", parentId: men.id });
    // Another tenant's category of the same name is never found.
    await createCategory(tenant, { name: "Shirts of another shop", slug: "other-shirts" });
    const search = async (variables: Record<string, unknown>) => {
      const { categoriesConnection } = await shop.api.data<{
        categoriesConnection: { totalCount: number; edges: { node: { id: string } }[] };
      }>(
        `query ($search: String, $parentId: ID, $first: Int) {
          categoriesConnection(search: $search, parentId: $parentId, first: $first) { totalCount edges { node { id } } }
        }`,
        variables,
      );
      return { ids: categoriesConnection.edges.map((edge) => edge.node.id), total: categoriesConnection.totalCount };
    };

    expect(await search({ search: "shirt" })).toEqual({ ids: [shirts.id, formal.id, tshirts.id], total: 3 });
    expect(await search({ search: "LINEN" })).toEqual({ ids: [linen.id], total: 1 });
    expect(await search({ search: "shirt", parentId: shirts.id })).toEqual({ ids: [formal.id], total: 1 });
    expect(await search({ search: "%" })).toEqual({ ids: [linen.id], total: 1 });
    expect((await search({ search: "_" })).total).toBe(1);
    expect(await search({ search: "shirt", first: 1 })).toEqual({ ids: [shirts.id], total: 3 });
    // Without search, no parent still means the roots.
    expect((await search({})).ids).toEqual([men.id, tshirts.id]);

    const tooLong = await shop.api.request("query ($s: String) { categoriesConnection(search: $s) { totalCount } }", {
      s: "x".repeat(201),
    });
    expect(tooLong.errors?.[0]).toMatchObject({
      message: "Invalid input: search must be at most 200 characters",
      extensions: { code: "BAD_USER_INPUT" },
    });
  });

  test("a hostile category search is a client error, never a 500 and never another tenant's rows", async () => {
    const query = "query ($search: String) { categoriesConnection(search: $search, first: 5) { totalCount } }";
    const huge = await tenant.api.request(query, { search: "x".repeat(50_000) });
    expect(huge.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT" });
    const nul = await tenant.api.request(query, { search: "Shirts\u0000" });
    expect(nul.errors?.[0]).toMatchObject({
      message: expect.stringMatching(/^Text in \$search must not contain NUL/),
      extensions: { code: "BAD_USER_INPUT" },
    });
    for (const wrong of [5, { name: "Shirts" }, ["Shirts"]]) {
      const answer = await tenant.api.request(query, { search: wrong });
      expect(answer.errors?.[0]?.extensions?.code).toMatch(/^(BAD_USER_INPUT|GRAPHQL_VALIDATION_FAILED)$/);
      expect(answer.data ?? null).toBeNull();
    }
    // Every LIKE metacharacter and a backslash match themselves: none of this tenant's names has them.
    const literal = await tenant.api.data<{ categoriesConnection: { totalCount: number } }>(query, {
      search: "\\%_",
    });
    expect(literal.categoriesConnection.totalCount).toBe(0);
  });

  test("a slug is lowercase words joined by '-', unique within the client", async () => {
    await createCategory(tenant, { name: "Bags", slug: "bags" });
    const duplicate = await tenant.api.request(createCategoryMutation, { input: { name: "Bags 2", slug: "bags" } });
    expect(errorOf(duplicate, "CONFLICT")).toMatchObject({ field: "slug" });
    for (const slug of ["Bags", "two words", "trailing-", "double--dash", ""]) {
      const response = await tenant.api.request(createCategoryMutation, { input: { name: "Bad", slug } });
      expect(invalidFields(response)).toContain("slug");
    }
    const empty = await tenant.api.request(createCategoryMutation, { input: { name: "", slug: "nameless" } });
    expect(invalidFields(empty)).toEqual(["name"]);
    const other = await createTenant(stack.http);
    expect((await createCategory(other, { name: "Bags", slug: "bags" })).slug).toBe("bags");
  });

  test("updateCategory renames, changes the slug and moves a category, keeping slugs unique", async () => {
    const a = await createCategory(tenant, { name: "A", slug: "upd-a" });
    const b = await createCategory(tenant, { name: "B", slug: "upd-b" });
    const { updateCategory } = await tenant.api.data<{ updateCategory: CategoryView }>(updateCategoryMutation, {
      id: b.id,
      input: { name: "Bee", slug: "upd-bee", parentId: a.id },
    });
    expect(updateCategory).toMatchObject({ name: "Bee", slug: "upd-bee", parent: { id: a.id } });
    const renamedOnly = await tenant.api.data<{ updateCategory: CategoryView }>(updateCategoryMutation, {
      id: b.id,
      input: { name: "B again" },
    });
    expect(renamedOnly.updateCategory).toMatchObject({ slug: "upd-bee", parent: { id: a.id } });
    const toRoot = await tenant.api.data<{ updateCategory: CategoryView }>(updateCategoryMutation, {
      id: b.id,
      input: { parentId: null },
    });
    expect(toRoot.updateCategory.parent).toBeNull();
    const clash = await tenant.api.request(updateCategoryMutation, { id: b.id, input: { slug: "upd-a" } });
    expect(errorOf(clash, "CONFLICT")).toMatchObject({ field: "slug" });
  });

  test("a category cannot become its own ancestor", async () => {
    const top = await createCategory(tenant, { name: "Top", slug: "cyc-top" });
    const middle = await createCategory(tenant, { name: "Middle", slug: "cyc-middle", parentId: top.id });
    const bottom = await createCategory(tenant, { name: "Bottom", slug: "cyc-bottom", parentId: middle.id });
    for (const parentId of [top.id, middle.id, bottom.id]) {
      const response = await tenant.api.request(updateCategoryMutation, { id: top.id, input: { parentId } });
      expect(invalidFields(response)).toEqual(["parentId"]);
    }
    const { category } = await tenant.api.data<{ category: CategoryView }>(
      "query ($id: ID!) { category(id: $id) { id parent { id } } }",
      { id: top.id },
    );
    expect(category.parent).toBeNull();
    const missing = await tenant.api.request(updateCategoryMutation, {
      id: top.id,
      input: { parentId: "0190a0a0-0000-7000-8000-000000000000" },
    });
    expect(errorOf(missing, "NOT_FOUND")).toMatchObject({ field: "parentId" });
  });

  test("deleteCategory refuses a category with subcategories or products", async () => {
    const parent = await createCategory(tenant, { name: "Parent", slug: "del-parent" });
    const child = await createCategory(tenant, { name: "Child", slug: "del-child", parentId: parent.id });
    const stocked = await createCategory(tenant, { name: "Stocked", slug: "del-stocked" });
    const product = await createProduct(tenant, { sku: nextSku(), categoryId: stocked.id });

    errorOf(await tenant.api.request(deleteCategoryMutation, { id: parent.id }), "CONFLICT");
    errorOf(await tenant.api.request(deleteCategoryMutation, { id: stocked.id }), "CONFLICT");
    expect((await readProduct(tenant, product.id))?.category?.id).toBe(stocked.id);

    expect(await tenant.api.data(deleteCategoryMutation, { id: child.id })).toEqual({ deleteCategory: true });
    expect(await tenant.api.data(deleteCategoryMutation, { id: parent.id })).toEqual({ deleteCategory: true });
    await tenant.api.data(updateProductMutation, { id: product.id, input: { categoryId: null } });
    expect(await tenant.api.data(deleteCategoryMutation, { id: stocked.id })).toEqual({ deleteCategory: true });

    const gone = await tenant.api.data<{ category: null }>("query ($id: ID!) { category(id: $id) { id } }", {
      id: parent.id,
    });
    expect(gone.category).toBeNull();
    errorOf(await tenant.api.request(deleteCategoryMutation, { id: parent.id }), "NOT_FOUND");
    errorOf(await tenant.api.request(deleteCategoryMutation, { id: "not-an-id" }), "NOT_FOUND");
  });
});

describe("listing products", () => {
  let tenant: Tenant;
  let shirts: CategoryView;
  let hats: CategoryView;

  const productsQuery = `query ($first: Int, $after: String, $filter: ProductFilter) {
    products(first: $first, after: $after, filter: $filter) {
      totalCount pageInfo { hasNextPage endCursor } edges { cursor node { sku } }
    }
  }`;

  async function list(variables: Record<string, unknown>): Promise<ProductPage> {
    return (await tenant.api.data<{ products: ProductPage }>(productsQuery, variables)).products;
  }
  const skus = (page: ProductPage) => page.edges.map((edge) => edge.node.sku);

  beforeAll(async () => {
    tenant = await createTenant(stack.http);
    shirts = await createCategory(tenant, { name: "Shirts", slug: "shirts" });
    hats = await createCategory(tenant, { name: "Hats", slug: "hats" });
    await createProduct(tenant, { sku: "TEE-RED", name: "Red Tee", categoryId: shirts.id });
    const blue = await createProduct(tenant, { sku: "TEE-BLUE", name: "Blue Tee", categoryId: shirts.id });
    await createProduct(tenant, { sku: "CAP-1", name: "Baseball cap", categoryId: hats.id });
    const beanie = await createProduct(tenant, { sku: "BEANIE_2", name: "Wool beanie", categoryId: hats.id });
    await createProduct(tenant, { sku: "GIFT-CARD", name: "Gift card 100%" });
    await moved(tenant, blue.id, "publish");
    await moved(tenant, beanie.id, "publish");
    await moved(tenant, beanie.id, "archive");
  });

  test("all products, oldest first, with a total count", async () => {
    const page = await list({});
    expect(skus(page)).toEqual(["TEE-RED", "TEE-BLUE", "CAP-1", "BEANIE_2", "GIFT-CARD"]);
    expect(page.totalCount).toBe(5);
    expect(page.pageInfo.hasNextPage).toBe(false);
  });

  test("filtered by status, by category, and by both", async () => {
    expect(skus(await list({ filter: { status: "DRAFT" } }))).toEqual(["TEE-RED", "CAP-1", "GIFT-CARD"]);
    expect(skus(await list({ filter: { status: "PUBLISHED" } }))).toEqual(["TEE-BLUE"]);
    expect(skus(await list({ filter: { status: "ARCHIVED" } }))).toEqual(["BEANIE_2"]);
    const inHats = await list({ filter: { categoryId: hats.id } });
    expect(skus(inHats)).toEqual(["CAP-1", "BEANIE_2"]);
    expect(inHats.totalCount).toBe(2);
    expect(skus(await list({ filter: { categoryId: shirts.id, status: "DRAFT" } }))).toEqual(["TEE-RED"]);
  });

  test("search matches name or sku anywhere, ignoring case; wildcards are literal", async () => {
    expect(skus(await list({ filter: { search: "tee" } }))).toEqual(["TEE-RED", "TEE-BLUE"]);
    expect(skus(await list({ filter: { search: "WOOL" } }))).toEqual(["BEANIE_2"]);
    expect(skus(await list({ filter: { search: "cap-" } }))).toEqual(["CAP-1"]);
    expect(skus(await list({ filter: { search: "_" } }))).toEqual(["BEANIE_2"]);
    expect(skus(await list({ filter: { search: "%" } }))).toEqual(["GIFT-CARD"]);
    const combined = await list({ filter: { search: "tee", status: "PUBLISHED" } });
    expect(skus(combined)).toEqual(["TEE-BLUE"]);
    expect(combined.totalCount).toBe(1);
  });

  test("pages follow opaque cursors; totalCount counts all matches", async () => {
    const seen: string[] = [];
    let after: string | null = null;
    for (let round = 0; round < 5; round++) {
      const page: ProductPage = await list({ first: 2, after });
      expect(page.totalCount).toBe(5);
      expect(page.edges.length).toBeLessThanOrEqual(2);
      seen.push(...skus(page));
      after = page.pageInfo.endCursor;
      if (!page.pageInfo.hasNextPage) break;
    }
    expect(seen).toEqual(["TEE-RED", "TEE-BLUE", "CAP-1", "BEANIE_2", "GIFT-CARD"]);
    expect(after).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}/);
  });

  test("first is capped at 100 and a forged cursor is refused", async () => {
    expect((await list({ first: 100 })).totalCount).toBe(5);
    errorOf(await tenant.api.request(productsQuery, { first: 101 }), "QUERY_TOO_COMPLEX");
    errorOf(await tenant.api.request(productsQuery, { after: "garbage" }), "BAD_USER_INPUT");
    expect(invalidFields(await tenant.api.request(productsQuery, { filter: { search: "s".repeat(201) } }))).toEqual([
      "search",
    ]);
  });

  test("a category's products are paginated too", async () => {
    const query = `query ($id: ID!, $after: String) {
      category(id: $id) { products(first: 1, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { node { sku } } } }
    }`;
    type Result = { category: { products: ProductPage } };
    const first = await tenant.api.data<Result>(query, { id: hats.id });
    expect(first.category.products).toMatchObject({ totalCount: 2, pageInfo: { hasNextPage: true } });
    expect(skus(first.category.products)).toEqual(["CAP-1"]);
    const second = await tenant.api.data<Result>(query, {
      id: hats.id,
      after: first.category.products.pageInfo.endCursor,
    });
    expect(skus(second.category.products)).toEqual(["BEANIE_2"]);
    expect(second.category.products.pageInfo.hasNextPage).toBe(false);
    const tooMany = await tenant.api.request(
      "query ($id: ID!) { category(id: $id) { products(first: 101) { totalCount } } }",
      {
        id: hats.id,
      },
    );
    errorOf(tooMany, "QUERY_TOO_COMPLEX");
  });

  test("listed categories load their products and children in a fixed number of queries", async () => {
    const roots = await tenant.api.data<{
      categories: { slug: string; children: unknown[]; products: { totalCount: number; edges: unknown[] } }[];
    }>("{ categories { slug children { id } products(first: 1) { totalCount edges { node { sku } } } } }");
    expect(roots.categories).toEqual([
      { slug: "hats", children: [], products: { totalCount: 2, edges: [{ node: { sku: "CAP-1" } }] } },
      { slug: "shirts", children: [], products: { totalCount: 2, edges: [{ node: { sku: "TEE-RED" } }] } },
    ]);

    const many = await Promise.all(
      Array.from({ length: 6 }, (_, index) =>
        createCategory(tenant, { name: `Batch ${index}`, slug: `batch-${index}`, parentId: hats.id }),
      ),
    );
    const queries: string[] = [];
    const counting = stack.database.db.prisma.$extends({
      query: {
        async $allOperations({ operation, model, args, query }) {
          queries.push(`${model ?? "raw"}.${operation}`);
          return query(args);
        },
      },
    }) as unknown as PrismaClient;
    const loaders = createCatalogLoaders(
      moduleDatabase(counting),
      tenantAuth(tenant),
      createTenantCache({ ttlMs: 0 }, silentLogger),
    );
    const ids = [hats.id, shirts.id, ...many.map((category) => category.id)];
    const children = await Promise.all(ids.map((id) => loaders.categoryChildren.load(id)));
    expect(children[0]!.map((child) => child.slug).sort()).toEqual(many.map((c) => c.slug).sort());
    expect(queries).toHaveLength(1);

    queries.length = 0;
    const window = { take: 1, afterId: undefined };
    const pages = await Promise.all(ids.map((categoryId) => loaders.categoryProducts.load({ categoryId, window })));
    expect(pages.map((page) => page.totalCount)).toEqual([2, 2, 0, 0, 0, 0, 0, 0]);
    expect(pages[1]!.edges.map((edge) => edge.node.sku)).toEqual(["TEE-RED"]);
    expect(queries).toHaveLength(3);
  });
});

describe("concurrent changes", () => {
  test("of several simultaneous publishes exactly one applies; the others see the product published", async () => {
    const tenant = await createTenant(stack.http);
    const product = await createProduct(tenant, { sku: "RACE-1" });
    const responses = await Promise.all(Array.from({ length: 5 }, () => move(tenant, product.id, "publish")));
    const succeeded = responses.filter((response) => !response.errors);
    expect(succeeded).toHaveLength(1);
    for (const response of responses.filter((r) => r.errors)) {
      expect(errorOf(response, "INVALID_STATE_TRANSITION")).toMatchObject({ from: "PUBLISHED", to: "PUBLISHED" });
    }
    const published = await stack.database.db.prisma.auditLogEntry.count({
      where: { entityId: product.id, action: "product.published" },
    });
    expect(published).toBe(1);
  });

  // Driven through the service to pin the interleaving: the second move reads DRAFT, then
  // waits on the first one's row lock; only a write conditional on DRAFT notices the change.
  test("a move that read a status another transaction is changing fails with the status it finds", async () => {
    const tenant = await createTenant(stack.http);
    const product = await createProduct(tenant, { sku: "RACE-2" });
    const auth = tenantAuth(tenant);
    const prisma = stack.database.db.prisma;
    let second: Promise<unknown> = Promise.resolve();
    const blockedBy = async (blocker: number) => {
      const [row] = await prisma.$queryRaw<{ blocked: bigint }[]>`
        SELECT count(*) AS blocked FROM pg_stat_activity WHERE ${blocker}::int = ANY(pg_blocking_pids(pid))`;
      return Number(row!.blocked) > 0;
    };
    await moduleDatabase(prisma).$transaction(
      async (tx) => {
        await moveProduct(tx, auth, product.id, "publish");
        second = moduleDatabase(prisma)
          .$transaction((tx2) => moveProduct(tx2, auth, product.id, "publish"))
          .then(
            () => null,
            (error: unknown) => error,
          );
        // PGlite runs one transaction at a time: there the second one starts after this one
        // commits and reads PUBLISHED, which the assertions below accept as well.
        if (stack.database.db.kind === "postgres") {
          const [{ pid }] = await tx.$queryRaw<[{ pid: number }]>`SELECT pg_backend_pid() AS pid`;
          await waitFor(() => blockedBy(pid), undefined, "the second move to wait on the product's row lock");
        }
      },
      { timeout: 60_000 },
    );
    expect(await second).toMatchObject({
      code: "INVALID_STATE_TRANSITION",
      details: { from: "PUBLISHED", to: "PUBLISHED" },
    });
    expect(await prisma.auditLogEntry.count({ where: { entityId: product.id, action: "product.published" } })).toBe(1);
  });

  test("two categories moved under each other at once never form a cycle", async () => {
    const tenant = await createTenant(stack.http);
    const a = await createCategory(tenant, { name: "A", slug: "race-a" });
    const b = await createCategory(tenant, { name: "B", slug: "race-b" });
    const [aUnderB, bUnderA] = await Promise.all([
      tenant.api.request(updateCategoryMutation, { id: a.id, input: { parentId: b.id } }),
      tenant.api.request(updateCategoryMutation, { id: b.id, input: { parentId: a.id } }),
    ]);
    expect([aUnderB, bUnderA].filter((response) => !response.errors)).toHaveLength(1);
    expect(invalidFields(aUnderB.errors ? aUnderB : bUnderA)).toEqual(["parentId"]);
    const { categories } = await tenant.api.data<{ categories: { slug: string; children: { slug: string }[] }[] }>(
      "{ categories { slug children { slug } } }",
    );
    expect(categories).toHaveLength(1);
    expect(categories[0]!.children).toHaveLength(1);
  });
});

describe("the audit log", () => {
  test("every catalog change is recorded with its actor, before and after", async () => {
    const tenant = await createTenant(stack.http);
    const category = await createCategory(tenant, { name: "Audited", slug: "audited" });
    await tenant.api.data(updateCategoryMutation, { id: category.id, input: { name: "Audited too" } });
    const product = await createProduct(tenant, { sku: "AUD-1", price: "5.00", categoryId: category.id });
    await tenant.api.data(updateProductMutation, { id: product.id, input: { price: "6.50" } });
    for (const name of ["publish", "unpublish", "publish", "archive", "restore"] as Move[]) {
      await moved(tenant, product.id, name);
    }
    errorOf(await move(tenant, product.id, "archive"), "INVALID_STATE_TRANSITION");
    await tenant.api.data(updateProductMutation, { id: product.id, input: { categoryId: null } });
    await tenant.api.data(deleteCategoryMutation, { id: category.id });

    const entries = await stack.database.db.prisma.auditLogEntry.findMany({
      where: { clientId: tenant.clientId, entityType: { in: ["Category", "Product"] } },
      orderBy: { id: "asc" },
    });
    expect(entries.map((entry) => [entry.action, entry.entityType, entry.entityId])).toEqual([
      ["category.created", "Category", category.id],
      ["category.updated", "Category", category.id],
      ["product.created", "Product", product.id],
      ["product.updated", "Product", product.id],
      ["product.published", "Product", product.id],
      ["product.unpublished", "Product", product.id],
      ["product.published", "Product", product.id],
      ["product.archived", "Product", product.id],
      ["product.restored", "Product", product.id],
      ["product.updated", "Product", product.id],
      ["category.deleted", "Category", category.id],
    ]);
    for (const entry of entries) {
      expect(entry.actorKeyId).toBe(tenant.keyId);
      expect(entry.clientAppId).toBe(tenant.platform.clientAppId);
    }
    const [created, priced, published] = [entries[2]!, entries[3]!, entries[4]!];
    expect(created.before).toBeNull();
    expect(created.after).toMatchObject({ sku: "AUD-1", status: "DRAFT", price: "5" });
    expect(priced.before).toMatchObject({ price: "5" });
    expect(priced.after).toMatchObject({ price: "6.5" });
    expect(published.before).toMatchObject({ status: "DRAFT" });
    expect(published.after).toMatchObject({ status: "PUBLISHED" });
    expect(entries[10]!.before).toMatchObject({ slug: "audited", name: "Audited too" });
  });
});
