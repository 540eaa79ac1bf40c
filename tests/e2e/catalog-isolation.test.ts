import type { GraphqlResponse } from "../helpers/graphql-client";
import { startStack, type TestStack } from "../helpers/stack";
import { createTenant, registerTenant, type Tenant } from "../helpers/tenants";

let stack: TestStack;
/** The first client, whose catalog the second one tries to reach. */
let owner: Tenant;
/** A second client of the same platform. */
let intruder: Tenant;

let root: { id: string };
let child: { id: string };
let draft: { id: string };
let published: { id: string };
let archived: { id: string };
let intruderCategory: { id: string };
let intruderProduct: { id: string };

const productFields = "id sku name description status price { amount currency } category { id }";

beforeAll(async () => {
  stack = await startStack();
  owner = await createTenant(stack.http);
  intruder = await registerTenant(owner.platform);

  const category = (tenant: Tenant, input: Record<string, unknown>) =>
    tenant.api
      .data<{ createCategory: { id: string } }>(
        "mutation ($input: CreateCategoryInput!) { createCategory(input: $input) { id } }",
        { input },
      )
      .then((data) => data.createCategory);
  const product = (tenant: Tenant, input: Record<string, unknown>) =>
    tenant.api
      .data<{ createProduct: { id: string } }>(
        "mutation ($input: CreateProductInput!) { createProduct(input: $input) { id } }",
        { input: { price: "9.99", ...input } },
      )
      .then((data) => data.createProduct);
  const move = (tenant: Tenant, mutation: string, id: string) =>
    tenant.api.data(`mutation ($id: ID!) { ${mutation}(id: $id) { id } }`, { id });

  root = await category(owner, { name: "Owner root", slug: "root" });
  child = await category(owner, { name: "Owner child", slug: "child", parentId: root.id });
  draft = await product(owner, { sku: "OWN-DRAFT", name: "Owner draft", categoryId: child.id });
  published = await product(owner, { sku: "OWN-PUB", name: "Owner published", categoryId: child.id });
  archived = await product(owner, { sku: "OWN-ARCH", name: "Owner archived" });
  await move(owner, "publishProduct", published.id);
  await move(owner, "publishProduct", archived.id);
  await move(owner, "archiveProduct", archived.id);

  intruderCategory = await category(intruder, { name: "Intruder root", slug: "intruder-root" });
  intruderProduct = await product(intruder, { sku: "INT-1", name: "Intruder product" });
});
afterAll(() => stack.stop());

function expectNotFound(response: GraphqlResponse<unknown>): void {
  expect(response.errors?.[0]?.extensions?.code).toBe("NOT_FOUND");
  expect(response.data ?? null).toBeNull();
}

describe("a second client of the same platform", () => {
  test("reads none of the first client's products or categories", async () => {
    const ids = { root: root.id, child: child.id, draft: draft.id, published: published.id, archived: archived.id };
    const data = await intruder.api.data<Record<string, unknown>>(
      `query ($root: ID!, $child: ID!, $draft: ID!, $published: ID!, $archived: ID!) {
        draft: product(id: $draft) { id }
        published: product(id: $published) { id }
        archived: product(id: $archived) { id }
        bySku: productBySku(sku: "OWN-PUB") { id }
        rootCategory: category(id: $root) { id }
        childCategory: category(id: $child) { id }
        roots: categories { id }
        children: categories(parentId: $root) { id }
        all: products(first: 100) { totalCount edges { node { id } } }
        inOwnersCategory: products(filter: { categoryId: $child }) { totalCount edges { node { id } } }
        searched: products(filter: { search: "OWN" }) { totalCount edges { node { id } } }
        publishedList: products(filter: { status: PUBLISHED }) { totalCount edges { node { id } } }
      }`,
      ids,
    );
    expect(data).toEqual({
      draft: null,
      published: null,
      archived: null,
      bySku: null,
      rootCategory: null,
      childCategory: null,
      roots: [{ id: intruderCategory.id }],
      children: [],
      all: { totalCount: 1, edges: [{ node: { id: intruderProduct.id } }] },
      inOwnersCategory: { totalCount: 0, edges: [] },
      searched: { totalCount: 0, edges: [] },
      publishedList: { totalCount: 0, edges: [] },
    });
  });

  test("cannot change, publish, unpublish, archive or restore the first client's products", async () => {
    const attempts: [string, Record<string, unknown>][] = [
      [`mutation ($id: ID!) { updateProduct(id: $id, input: { name: "Hijacked" }) { id } }`, { id: draft.id }],
      [`mutation ($id: ID!) { updateProduct(id: $id, input: { price: "0.01" }) { id } }`, { id: published.id }],
      ["mutation ($id: ID!) { publishProduct(id: $id) { id } }", { id: draft.id }],
      ["mutation ($id: ID!) { unpublishProduct(id: $id) { id } }", { id: published.id }],
      ["mutation ($id: ID!) { archiveProduct(id: $id) { id } }", { id: published.id }],
      ["mutation ($id: ID!) { restoreProduct(id: $id) { id } }", { id: archived.id }],
    ];
    for (const [mutation, variables] of attempts) expectNotFound(await intruder.api.request(mutation, variables));
  });

  test("cannot rename, move or delete the first client's categories", async () => {
    const attempts: [string, Record<string, unknown>][] = [
      [`mutation ($id: ID!) { updateCategory(id: $id, input: { name: "Hijacked" }) { id } }`, { id: root.id }],
      [
        "mutation ($id: ID!, $parentId: ID) { updateCategory(id: $id, input: { parentId: $parentId }) { id } }",
        { id: child.id, parentId: null },
      ],
      ["mutation ($id: ID!) { deleteCategory(id: $id) }", { id: child.id }],
      ["mutation ($id: ID!) { deleteCategory(id: $id) }", { id: root.id }],
    ];
    for (const [mutation, variables] of attempts) expectNotFound(await intruder.api.request(mutation, variables));
  });

  test("cannot hang its own products or categories under the first client's categories", async () => {
    const attempts: [string, Record<string, unknown>][] = [
      [
        `mutation ($categoryId: ID!) {
          createProduct(input: { sku: "SNEAK", name: "Sneak", price: "1.00", categoryId: $categoryId }) { id }
        }`,
        { categoryId: child.id },
      ],
      [
        "mutation ($id: ID!, $categoryId: ID!) { updateProduct(id: $id, input: { categoryId: $categoryId }) { id } }",
        { id: intruderProduct.id, categoryId: root.id },
      ],
      [
        `mutation ($parentId: ID!) {
          createCategory(input: { name: "Sneak", slug: "sneak", parentId: $parentId }) { id }
        }`,
        { parentId: root.id },
      ],
      [
        "mutation ($id: ID!, $parentId: ID!) { updateCategory(id: $id, input: { parentId: $parentId }) { id } }",
        { id: intruderCategory.id, parentId: child.id },
      ],
    ];
    for (const [mutation, variables] of attempts) expectNotFound(await intruder.api.request(mutation, variables));
  });

  test("may use the same skus and slugs: they are unique per client", async () => {
    const { createCategory } = await intruder.api.data<{ createCategory: { slug: string } }>(
      'mutation { createCategory(input: { name: "Mine", slug: "root" }) { slug } }',
    );
    expect(createCategory.slug).toBe("root");
    const { createProduct } = await intruder.api.data<{ createProduct: { sku: string } }>(
      'mutation { createProduct(input: { sku: "OWN-PUB", name: "Mine", price: "2.00" }) { sku } }',
    );
    expect(createProduct.sku).toBe("OWN-PUB");
    const { productBySku } = await owner.api.data<{ productBySku: { id: string } }>(
      '{ productBySku(sku: "OWN-PUB") { id } }',
    );
    expect(productBySku.id).toBe(published.id);
  });

  test("left the first client's catalog exactly as it was, with no audit entry of its own", async () => {
    const data = await owner.api.data<Record<string, unknown>>(
      `query ($root: ID!, $draft: ID!, $published: ID!, $archived: ID!) {
        draft: product(id: $draft) { ${productFields} }
        published: product(id: $published) { ${productFields} }
        archived: product(id: $archived) { ${productFields} }
        root: category(id: $root) { id name parent { id } children { id name parent { id } } products { totalCount } }
        products { totalCount }
      }`,
      { root: root.id, draft: draft.id, published: published.id, archived: archived.id },
    );
    expect(data).toEqual({
      draft: {
        id: draft.id,
        sku: "OWN-DRAFT",
        name: "Owner draft",
        description: null,
        status: "DRAFT",
        price: { amount: "9.99", currency: "USD" },
        category: { id: child.id },
      },
      published: expect.objectContaining({
        name: "Owner published",
        status: "PUBLISHED",
        price: { amount: "9.99", currency: "USD" },
      }),
      archived: expect.objectContaining({ status: "ARCHIVED" }),
      root: {
        id: root.id,
        name: "Owner root",
        parent: null,
        children: [{ id: child.id, name: "Owner child", parent: { id: root.id } }],
        products: { totalCount: 0 },
      },
      products: { totalCount: 3 },
    });
    const ownerEntityIds = [root.id, child.id, draft.id, published.id, archived.id];
    const touched = await stack.database.db.prisma.auditLogEntry.findMany({
      where: { entityId: { in: ownerEntityIds }, NOT: { actorKeyId: owner.keyId } },
    });
    expect(touched).toEqual([]);
  });

  test("the platform key alone reaches no tenant's catalog", async () => {
    for (const query of [
      "{ products { totalCount } }",
      "{ categories { id } }",
      `{ productBySku(sku: "OWN-PUB") { id } }`,
      'mutation { createProduct(input: { sku: "P", name: "P", price: "1.00" }) { id } }',
    ]) {
      const response = await owner.platform.api.request(query);
      expect(response.errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
    }
  });
});
