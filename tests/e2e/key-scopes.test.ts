import { randomUUID } from "node:crypto";
import { createLocation, createOrder, createPublishedProduct, setStock } from "../helpers/commerce";
import type { GraphqlClient, GraphqlResponse } from "../helpers/graphql-client";
import { startStack, type TestStack } from "../helpers/stack";
import { connect, subscribe } from "../helpers/subscriptions";
import { createTenant, issueTenantKey, type Tenant } from "../helpers/tenants";

let stack: TestStack;
beforeAll(async () => {
  stack = await startStack();
});
afterAll(() => stack.stop());

/** Ids the matrix's operations act on, made by the tenant's admin key. */
interface Fixtures {
  publishedId: string;
  draftId: string;
  categoryId: string;
  spareCategoryId: string;
  locationId: string;
  otherLocationId: string;
  orderId: string;
  userId: string;
  otherUserId: string;
  familyAccountId: string;
  spareKeyId: string;
  clientId: string;
}

/**
 * Who may call what. `storefront: true` opens the operation to storefront keys; every other
 * operation must refuse them with FORBIDDEN naming the scope it needs. `needs` marks operations
 * no client key may call, whatever its scope (they take the platform key alone or the operator
 * key). `args` are the required arguments; optional ones are left out.
 */
interface Entry {
  storefront: boolean;
  needs?: "platform key alone" | "operator key";
  args?: (f: Fixtures) => Record<string, unknown>;
}

const missingId = randomUUID();
const matrix: Record<string, Entry> = {
  "Query.me": { storefront: true },
  "Query.clients": { storefront: false },
  "Query.client": { storefront: false, args: (f) => ({ id: f.clientId }) },
  "Query.clientByExternalId": { storefront: false, args: () => ({ externalId: "none" }) },
  "Query.clientApps": { storefront: false, needs: "operator key" },
  "Query.platformKeys": { storefront: false, needs: "platform key alone" },
  "Query.consoleAccounts": { storefront: false, needs: "platform key alone" },
  "Query.userByExternalId": { storefront: false, args: () => ({ externalId: "none" }) },
  "Query.familyAccounts": { storefront: false },
  "Query.apiKeys": { storefront: false },
  "Query.publishableKeys": { storefront: false },
  "Query.users": { storefront: false },
  "Query.user": { storefront: false, args: (f) => ({ id: f.userId }) },
  "Query.familyAccount": { storefront: false, args: (f) => ({ id: f.familyAccountId }) },
  "Query.settings": { storefront: false },
  "Query.staffApps": { storefront: false },
  "Query.auditLog": { storefront: false },
  "Query.product": { storefront: true, args: (f) => ({ id: f.publishedId }) },
  "Query.productBySku": { storefront: true, args: () => ({ sku: "SCOPE-PUB" }) },
  "Query.products": { storefront: true },
  "Query.category": { storefront: true, args: (f) => ({ id: f.categoryId }) },
  "Query.categories": { storefront: true },
  "Query.categoriesConnection": { storefront: true },
  "Query.locations": { storefront: true },
  "Query.location": { storefront: true, args: (f) => ({ id: f.locationId }) },
  "Query.inventoryLevels": { storefront: true },
  "Query.lowStock": { storefront: false, args: () => ({ threshold: 5 }) },
  "Query.inventoryMovements": { storefront: false },
  "Query.batches": { storefront: false },
  "Query.order": { storefront: true, args: (f) => ({ id: f.orderId }) },
  "Query.orders": { storefront: true },
  "Query.connections": { storefront: false },
  "Query.connection": { storefront: false, args: () => ({ id: missingId }) },
  "Query.syncRuns": { storefront: false },
  "Query.webhookEndpoints": { storefront: false },
  "Query.webhookDeliveries": { storefront: false },
  "Query.webhookReceipts": { storefront: false, args: () => ({ connectionId: missingId }) },

  "Mutation.createClientApp": { storefront: false, needs: "operator key", args: () => ({ input: { name: "No" } }) },
  "Mutation.registerClient": {
    storefront: false,
    needs: "platform key alone",
    args: () => ({ input: { name: "No", code: "no" } }),
  },
  "Mutation.updateClient": { storefront: false, args: (f) => ({ id: f.clientId, input: { name: "Renamed" } }) },
  "Mutation.rotateClientApiKey": { storefront: false, args: (f) => ({ clientId: f.clientId }) },
  "Mutation.revokeApiKey": { storefront: false, args: (f) => ({ id: f.spareKeyId }) },
  "Mutation.issuePublishableKey": {
    storefront: false,
    args: () => ({ allowedOrigins: ["https://shop.example"] }),
  },
  "Mutation.revokePublishableKey": { storefront: false, args: () => ({ id: missingId }) },
  "Mutation.registerStaffApp": { storefront: false, args: () => ({ name: "Till" }) },
  "Mutation.revokeStaffApp": { storefront: false, args: () => ({ id: missingId }) },
  "Mutation.issuePasswordToken": { storefront: false, args: (f) => ({ userId: f.userId }) },
  "Mutation.deactivateClient": { storefront: false, needs: "platform key alone", args: (f) => ({ id: f.clientId }) },
  "Mutation.reactivateClient": { storefront: false, needs: "platform key alone", args: (f) => ({ id: f.clientId }) },
  "Mutation.rotatePlatformKey": {
    storefront: false,
    needs: "platform key alone",
    args: () => ({ gracePeriodSeconds: 0 }),
  },
  "Mutation.revokePlatformKey": { storefront: false, needs: "platform key alone", args: () => ({ id: missingId }) },
  "Mutation.createConsoleAccount": {
    storefront: false,
    needs: "platform key alone",
    args: () => ({ input: { email: "console@example.com", name: "Console" } }),
  },
  "Mutation.deactivateConsoleAccount": {
    storefront: false,
    needs: "platform key alone",
    args: () => ({ id: missingId }),
  },
  "Mutation.issueConsolePasswordToken": {
    storefront: false,
    needs: "platform key alone",
    args: () => ({ id: missingId }),
  },
  "Mutation.deactivateClientApp": { storefront: false, needs: "operator key", args: () => ({ id: missingId }) },
  "Mutation.reactivateClientApp": { storefront: false, needs: "operator key", args: () => ({ id: missingId }) },
  "Mutation.upsertUser": {
    storefront: false,
    args: () => ({ externalId: "scope-upsert", input: { email: "upserted@example.com", name: "Upserted" } }),
  },
  "Mutation.deleteFamilyAccount": { storefront: false, args: () => ({ id: missingId }) },
  "Mutation.setFamilyBenefits": {
    storefront: false,
    args: (f) => ({ familyAccountId: f.familyAccountId, benefits: [{ key: "discount", value: "10%" }] }),
  },
  "Mutation.createUser": {
    storefront: false,
    args: () => ({ input: { email: `u${randomUUID()}@example.com`, name: "U" } }),
  },
  "Mutation.updateUser": { storefront: false, args: (f) => ({ id: f.userId, input: { name: "U2" } }) },
  "Mutation.createFamilyAccount": {
    storefront: false,
    args: (f) => ({ input: { name: "Fam", ownerId: f.otherUserId } }),
  },
  "Mutation.addFamilyMember": {
    storefront: false,
    args: (f) => ({ familyAccountId: f.familyAccountId, userId: f.userId }),
  },
  "Mutation.removeFamilyMember": {
    storefront: false,
    args: (f) => ({ familyAccountId: f.familyAccountId, userId: f.userId }),
  },
  "Mutation.setSetting": { storefront: false, args: () => ({ key: "theme", value: "dark" }) },
  "Mutation.createCategory": { storefront: false, args: () => ({ input: { name: "New", slug: "new" } }) },
  "Mutation.updateCategory": { storefront: false, args: (f) => ({ id: f.categoryId, input: { name: "Mugs!" } }) },
  "Mutation.deleteCategory": { storefront: false, args: (f) => ({ id: f.spareCategoryId }) },
  "Mutation.createProduct": {
    storefront: false,
    args: () => ({ input: { sku: "SCOPE-NEW", name: "New", price: "1.00" } }),
  },
  "Mutation.updateProduct": { storefront: false, args: (f) => ({ id: f.draftId, input: { name: "Draft!" } }) },
  "Mutation.publishProduct": { storefront: false, args: (f) => ({ id: f.draftId }) },
  "Mutation.unpublishProduct": { storefront: false, args: (f) => ({ id: f.draftId }) },
  "Mutation.archiveProduct": { storefront: false, args: (f) => ({ id: f.draftId }) },
  "Mutation.restoreProduct": { storefront: false, args: (f) => ({ id: f.draftId }) },
  "Mutation.createLocation": { storefront: false, args: () => ({ input: { name: "Back", code: "BACK" } }) },
  "Mutation.adjustInventory": {
    storefront: false,
    args: (f) => ({ input: { productId: f.publishedId, locationId: f.locationId, delta: 1 } }),
  },
  "Mutation.setInventory": {
    storefront: false,
    args: (f) => ({ input: { productId: f.publishedId, locationId: f.locationId, onHand: 50 } }),
  },
  "Mutation.receiveBatch": {
    storefront: false,
    args: (f) => ({ input: { productId: f.publishedId, locationId: f.locationId, lotNumber: "L1", quantity: 1 } }),
  },
  "Mutation.transferInventory": {
    storefront: false,
    args: (f) => ({
      input: { productId: f.publishedId, fromLocationId: f.locationId, toLocationId: f.otherLocationId, quantity: 1 },
    }),
  },
  "Mutation.createOrder": {
    storefront: true,
    args: (f) => ({ input: { items: [{ productId: f.publishedId, locationId: f.locationId, quantity: 1 }] } }),
  },
  "Mutation.processOrder": { storefront: false, args: (f) => ({ id: f.orderId }) },
  "Mutation.completeOrder": { storefront: false, args: (f) => ({ id: f.orderId }) },
  "Mutation.cancelOrder": { storefront: false, args: (f) => ({ id: f.orderId }) },
  "Mutation.refundOrder": { storefront: false, args: (f) => ({ id: f.orderId }) },
  "Mutation.initiateShopifyConnection": { storefront: false, args: () => ({ shop: "scopes-test" }) },
  "Mutation.connectWooCommerce": {
    storefront: false,
    args: () => ({ input: { storeUrl: "http://127.0.0.1:9", consumerKey: "ck_x", consumerSecret: "cs_x" } }),
  },
  "Mutation.configureProkip": {
    storefront: false,
    args: (f) => ({ input: { token: "t", locationId: f.locationId } }),
  },
  "Mutation.disconnect": { storefront: false, args: () => ({ id: missingId }) },
  "Mutation.setConnectionLocation": { storefront: false, args: () => ({ id: missingId }) },
  "Mutation.rematchProducts": { storefront: false, args: () => ({ connectionId: missingId }) },
  "Mutation.triggerSync": { storefront: false },
  "Mutation.pullOrders": { storefront: false },
  "Mutation.pauseSync": { storefront: false },
  "Mutation.resumeSync": { storefront: false },
  "Mutation.createWebhookEndpoint": {
    storefront: false,
    args: () => ({ input: { url: "http://127.0.0.1:9/hook", events: ["order.created"] } }),
  },
  "Mutation.deleteWebhookEndpoint": { storefront: false, args: () => ({ id: missingId }) },
  "Mutation.redeliverWebhook": { storefront: false, args: () => ({ deliveryId: missingId }) },
  "Mutation.replayWebhookReceipt": { storefront: false, args: () => ({ id: missingId }) },
};

interface TypeRef {
  kind: string;
  name: string | null;
  ofType: TypeRef | null;
}
interface RootField {
  name: string;
  args: { name: string; type: TypeRef }[];
  type: TypeRef;
}
interface Operation {
  key: string;
  field: RootField;
  kind: "query" | "mutation";
}

const typeRef = "kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name } } } }";
const rootFields = `fields { name args { name type { ${typeRef} } } type { ${typeRef} } }`;

/** Every Query and Mutation field the gateway serves, read from the composed schema. */
async function servedOperations(api: GraphqlClient): Promise<Operation[]> {
  const { __schema } = await api.data<{
    __schema: { queryType: { fields: RootField[] }; mutationType: { fields: RootField[] } };
  }>(`{ __schema { queryType { ${rootFields} } mutationType { ${rootFields} } } }`);
  return [
    ...__schema.queryType.fields.map((field) => ({ key: `Query.${field.name}`, field, kind: "query" as const })),
    ...__schema.mutationType.fields.map((field) => ({
      key: `Mutation.${field.name}`,
      field,
      kind: "mutation" as const,
    })),
  ];
}

const printType = (type: TypeRef): string =>
  type.kind === "NON_NULL"
    ? `${printType(type.ofType!)}!`
    : type.kind === "LIST"
      ? `[${printType(type.ofType!)}]`
      : type.name!;
const namedKind = (type: TypeRef): string => (type.ofType ? namedKind(type.ofType) : type.kind);

/** The smallest document calling the field: given arguments as variables, `__typename` of objects. */
function documentFor({ field, kind }: Operation, args: Record<string, unknown>): string {
  const used = field.args.filter((arg) => arg.name in args);
  const declared = used.map((arg) => `$${arg.name}: ${printType(arg.type)}`).join(", ");
  const passed = used.map((arg) => `${arg.name}: $${arg.name}`).join(", ");
  const selection = ["OBJECT", "INTERFACE", "UNION"].includes(namedKind(field.type)) ? " { __typename }" : "";
  return `${kind}${declared ? ` (${declared})` : ""} { ${field.name}${passed ? `(${passed})` : ""}${selection} }`;
}

const codesOf = (response: GraphqlResponse) => (response.errors ?? []).map((error) => error.extensions?.code);

async function setUpFixtures(tenant: Tenant): Promise<Fixtures> {
  const { api } = tenant;
  const publishedId = await createPublishedProduct(api, "SCOPE-PUB");
  const { createProduct } = await api.data<{ createProduct: { id: string } }>(
    'mutation { createProduct(input: { sku: "SCOPE-DRAFT", name: "Secret draft", price: "5.00" }) { id } }',
  );
  const category = (slug: string) =>
    api
      .data<{ createCategory: { id: string } }>(
        "mutation ($slug: String!) { createCategory(input: { name: $slug, slug: $slug }) { id } }",
        {
          slug,
        },
      )
      .then((data) => data.createCategory.id);
  const locationId = await createLocation(api, "MAIN");
  const otherLocationId = await createLocation(api, "SECOND");
  await setStock(api, publishedId, locationId, 100);
  await setStock(api, createProduct.id, locationId, 7);
  const order = await createOrder(api, [{ productId: publishedId, locationId, quantity: 1 }]);
  const user = (email: string) =>
    api
      .data<{ createUser: { id: string } }>(
        "mutation ($email: String!) { createUser(input: { email: $email, name: $email }) { id } }",
        {
          email,
        },
      )
      .then((data) => data.createUser.id);
  const userId = await user("member@example.com");
  const otherUserId = await user("owner@example.com");
  const ownerId = await user("family-owner@example.com");
  const { createFamilyAccount } = await api.data<{ createFamilyAccount: { id: string } }>(
    'mutation ($ownerId: ID!) { createFamilyAccount(input: { name: "Home", ownerId: $ownerId }) { id } }',
    { ownerId },
  );
  const spare = await issueTenantKey(tenant, ["STOREFRONT", "ADMIN"]);
  return {
    publishedId,
    draftId: createProduct.id,
    categoryId: await category("mugs"),
    spareCategoryId: await category("spare"),
    locationId,
    otherLocationId,
    orderId: order.data!.createOrder.id,
    userId,
    otherUserId,
    familyAccountId: createFamilyAccount.id,
    spareKeyId: spare.keyId,
    clientId: tenant.clientId,
  };
}

describe("key scopes", () => {
  test("every Query and Mutation field is allowed or refused as the matrix says, for admin and storefront keys", async () => {
    const admin = await createTenant(stack.http);
    const storefront = await issueTenantKey(admin, ["STOREFRONT"]);
    const fixtures = await setUpFixtures(admin);
    const operations = await servedOperations(admin.api);

    const withoutEntry = operations.filter((operation) => !matrix[operation.key]).map((operation) => operation.key);
    expect(withoutEntry).toEqual([]);

    const outcomes: string[] = [];
    const expected: string[] = [];
    // Storefront first: its refusals must leave the fixtures as the admin pass expects them.
    for (const [scope, tenant] of [
      ["storefront", storefront],
      ["admin", admin],
    ] as const) {
      for (const operation of operations) {
        const entry = matrix[operation.key]!;
        const response = await tenant.api.request(
          documentFor(operation, entry.args?.(fixtures) ?? {}),
          entry.args?.(fixtures),
        );
        const codes = codesOf(response);
        const scopeRefusal =
          codes[0] === "FORBIDDEN" && /needs the \S+ scope; the key has: storefront/.test(response.errors![0]!.message);
        const refused = codes.includes("FORBIDDEN") || codes.includes("UNAUTHENTICATED");
        const outcome = scopeRefusal ? "refused for its scope" : refused ? "refused" : "allowed";
        outcomes.push(`${scope} ${operation.key}: ${outcome}`);
        const wanted =
          scope === "storefront"
            ? entry.storefront
              ? "allowed"
              : entry.needs === "operator key"
                ? "refused"
                : "refused for its scope"
            : entry.needs
              ? "refused"
              : "allowed";
        expected.push(`${scope} ${operation.key}: ${wanted}`);
        // Refusals carry no data and a typed code, nothing else.
        if (outcome !== "allowed") expect(response.data?.[operation.field.name] ?? null).toBeNull();
        // The matrix's documents and arguments are valid: whatever fails, fails on a rule.
        expect(codes).not.toContain("GRAPHQL_VALIDATION_FAILED");
      }
    }
    expect(outcomes).toEqual(expected);
  });

  test("a storefront key reads published products and creates an order, but cannot read drafts, change stock or see other orders", async () => {
    const admin = await createTenant(stack.http);
    const storefront = await issueTenantKey(admin, ["STOREFRONT"]);
    const otherStorefront = await issueTenantKey(admin, ["STOREFRONT"]);
    const mugId = await createPublishedProduct(admin.api, "MUG");
    const { createProduct } = await admin.api.data<{ createProduct: { id: string } }>(
      'mutation { createProduct(input: { sku: "NEXT-SEASON", name: "Unreleased", price: "99.00" }) { id } }',
    );
    const draftId = createProduct.id;
    const { createCategory } = await admin.api.data<{ createCategory: { id: string } }>(
      'mutation { createCategory(input: { name: "All", slug: "all" }) { id } }',
    );
    for (const id of [mugId, draftId]) {
      await admin.api.data(
        "mutation ($id: ID!, $c: ID!) { updateProduct(id: $id, input: { categoryId: $c }) { id } }",
        {
          id,
          c: createCategory.id,
        },
      );
    }
    const locationId = await createLocation(admin.api, "SHOP");
    await setStock(admin.api, mugId, locationId, 10);
    await setStock(admin.api, draftId, locationId, 3);
    const backOfficeOrder = await createOrder(admin.api, [{ productId: mugId, locationId, quantity: 1 }]);

    const catalog = await storefront.api.data<{
      products: { totalCount: number; edges: { node: { sku: string; available: number } }[] };
      drafts: { totalCount: number };
      category: { products: { totalCount: number; edges: { node: { sku: string } }[] } };
      inventoryLevels: { edges: { node: { product: { sku: string }; available: number } }[] };
      mug: { sku: string } | null;
      draft: { sku: string } | null;
      draftBySku: { sku: string } | null;
    }>(
      `query ($mug: ID!, $draft: ID!, $category: ID!) {
        products { totalCount edges { node { sku available } } }
        drafts: products(filter: { status: DRAFT }) { totalCount }
        category(id: $category) { products { totalCount edges { node { sku } } } }
        inventoryLevels { edges { node { product { sku } available } } }
        mug: product(id: $mug) { sku }
        draft: product(id: $draft) { sku }
        draftBySku: productBySku(sku: "NEXT-SEASON") { sku }
      }`,
      { mug: mugId, draft: draftId, category: createCategory.id },
    );
    expect(catalog).toEqual({
      products: { totalCount: 1, edges: [{ node: { sku: "MUG", available: 9 } }] },
      drafts: { totalCount: 0 },
      category: { products: { totalCount: 1, edges: [{ node: { sku: "MUG" } }] } },
      inventoryLevels: { edges: [{ node: { product: { sku: "MUG" }, available: 9 } }] },
      mug: { sku: "MUG" },
      draft: null,
      draftBySku: null,
    });

    const placed = await createOrder(storefront.api, [{ productId: mugId, locationId, quantity: 2 }]);
    expect(placed.errors).toBeUndefined();
    const refusedDraft = await createOrder(storefront.api, [{ productId: draftId, locationId, quantity: 1 }]);
    expect(refusedDraft.data?.createOrder ?? null).toBeNull();

    const stockChange = await storefront.api.request(
      "mutation ($input: SetInventoryInput!) { setInventory(input: $input) { onHand } }",
      { input: { productId: mugId, locationId, onHand: 1000 } },
    );
    expect(stockChange.errors?.[0]).toMatchObject({
      message: "This operation needs the admin scope; the key has: storefront",
      extensions: { code: "FORBIDDEN", requiredScope: "admin" },
    });

    const ordersQuery = `query ($mine: ID!, $theirs: ID!) {
      orders { totalCount edges { node { id } } }
      mine: order(id: $mine) { id status items { product { sku } } }
      theirs: order(id: $theirs) { id }
    }`;
    const ids = { mine: placed.data!.createOrder.id, theirs: backOfficeOrder.data!.createOrder.id };
    const seen = await storefront.api.data<{
      orders: { totalCount: number; edges: { node: { id: string } }[] };
      mine: { id: string; status: string; items: { product: { sku: string } }[] } | null;
      theirs: { id: string } | null;
    }>(ordersQuery, ids);
    expect(seen).toEqual({
      orders: { totalCount: 1, edges: [{ node: { id: ids.mine } }] },
      mine: { id: ids.mine, status: "PENDING", items: [{ product: { sku: "MUG" } }] },
      theirs: null,
    });
    const seenByAnotherStorefrontKey = await otherStorefront.api.data<{ orders: { totalCount: number } }>(
      "{ orders { totalCount } }",
    );
    expect(seenByAnotherStorefrontKey.orders.totalCount).toBe(0);

    // Nothing the storefront key tried changed the stock: 10 on hand, 1 + 2 reserved.
    const { product } = await admin.api.data<{ product: { available: number; inventory: { onHand: number }[] } }>(
      "query ($id: ID!) { product(id: $id) { available inventory { onHand } } }",
      { id: mugId },
    );
    expect(product).toEqual({ available: 7, inventory: [{ onHand: 10 }] });
  });

  test("keys are issued with scopes, listed with them, and rotating one scope leaves the others working", async () => {
    const platformTenant = await createTenant(stack.http);
    const { registerClient } = await platformTenant.platform.api.data<{
      registerClient: { client: { id: string }; apiKey: string; apiKeyInfo: { scopes: string[] } };
    }>(
      `mutation { registerClient(input: { name: "Shop", code: "shop", scopes: [STOREFRONT] }) {
        client { id } apiKey apiKeyInfo { scopes } } }`,
    );
    expect(registerClient.apiKeyInfo.scopes).toEqual(["storefront"]);
    const shopKey = platformTenant.platform.api.with({ "client-x-api-key": registerClient.apiKey });
    expect(codesOf(await shopKey.request("{ apiKeys { id } }"))).toEqual(["FORBIDDEN"]);
    expect(codesOf(await shopKey.request("{ products { totalCount } }"))).toEqual([]);

    const { rotateClientApiKey } = await platformTenant.platform.api.data<{
      rotateClientApiKey: { apiKey: string; info: { scopes: string[] } };
    }>(
      `mutation ($id: ID!) { rotateClientApiKey(clientId: $id, scopes: [ADMIN, STOREFRONT, ADMIN], gracePeriodSeconds: 0) {
        apiKey info { scopes } } }`,
      { id: registerClient.client.id },
    );
    expect(rotateClientApiKey.info.scopes).toEqual(["admin", "storefront"]);
    const backOffice = platformTenant.platform.api.with({ "client-x-api-key": rotateClientApiKey.apiKey });
    const { apiKeys } = await backOffice.data<{ apiKeys: { scopes: string[]; expiresAt: string | null }[] }>(
      "{ apiKeys { scopes expiresAt } }",
    );
    expect(apiKeys.map((key) => key.scopes.join("+")).sort()).toEqual(["admin+storefront", "storefront"]);
    expect(apiKeys.every((key) => key.expiresAt === null)).toBe(true);
    // The storefront key was not rotated away by issuing a key with other scopes.
    expect(codesOf(await shopKey.request("{ products { totalCount } }"))).toEqual([]);

    const empty = await platformTenant.platform.api.request(
      `mutation ($id: ID!) { rotateClientApiKey(clientId: $id, scopes: []) { apiKey } }`,
      { id: registerClient.client.id },
    );
    expect(empty.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", argument: "scopes" });
  });

  test("a storefront key may follow stock of published products live but is refused order events", async () => {
    const admin = await createTenant(stack.http);
    const storefront = await issueTenantKey(admin, ["STOREFRONT"]);
    const productId = await createPublishedProduct(admin.api, "LIVE");
    const { createProduct } = await admin.api.data<{ createProduct: { id: string } }>(
      'mutation { createProduct(input: { sku: "LIVE-DRAFT", name: "Not yet", price: "1.00" }) { id } }',
    );
    const locationId = await createLocation(admin.api, "LIVE");
    const live = connect(stack.gateway.url, {
      "x-api-key": storefront.platform.platformKey,
      "client-x-api-key": storefront.clientKey,
    });
    await live.connected;
    const stock = await subscribe<{ stockChanged: { product: { sku: string }; available: number } }>(
      live.client,
      "subscription { stockChanged { product { sku } available } }",
    );
    const orders = await subscribe(live.client, "subscription { orderUpdated { type } }");

    await setStock(admin.api, createProduct.id, locationId, 9);
    await setStock(admin.api, productId, locationId, 4);
    await setStock(admin.api, createProduct.id, locationId, 8);
    await setStock(admin.api, productId, locationId, 3);
    expect(await stock.waitFor(2)).toEqual([
      { stockChanged: { product: { sku: "LIVE" }, available: 4 } },
      { stockChanged: { product: { sku: "LIVE" }, available: 3 } },
    ]);
    expect(stock.errors).toEqual([]);
    expect(orders.events).toEqual([]);
    expect(orders.errors).toEqual([
      expect.objectContaining({
        message: "This operation needs the admin scope; the key has: storefront",
        extensions: expect.objectContaining({ code: "FORBIDDEN" }),
      }),
    ]);
    await stock.close();
    live.client.dispose();
  });
});
