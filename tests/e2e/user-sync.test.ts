import { startStack, type TestStack } from "../helpers/stack";
import { createPlatform, createTenant, registerTenant, type Tenant } from "../helpers/tenants";

let stack: TestStack;

beforeAll(async () => {
  stack = await startStack();
});
afterAll(() => stack.stop());

const upsert = `mutation ($externalId: String!, $input: UpsertUserInput!) {
  upsertUser(externalId: $externalId, input: $input) { created user { id email name role isActive externalId } }
}`;

interface Upserted {
  created: boolean;
  user: { id: string; email: string; name: string; role: string; isActive: boolean; externalId: string };
}

const upsertUser = async (tenant: Tenant, externalId: string, input: Record<string, unknown>): Promise<Upserted> =>
  (await tenant.api.data<{ upsertUser: Upserted }>(upsert, { externalId, input })).upsertUser;

async function auditEntries(tenant: Tenant, entityId: string): Promise<string[]> {
  const { auditLog } = await tenant.api.data<{ auditLog: { edges: { node: { action: string } }[] } }>(
    `query ($id: String) { auditLog(filter: { entityId: $id }) { edges { node { action } } } }`,
    { id: entityId },
  );
  return auditLog.edges.map((edge) => edge.node.action);
}

describe("clientByExternalId", () => {
  test("finds the client registered with that externalId, and never another platform's", async () => {
    const platform = await createPlatform(stack.http);
    const other = await createPlatform(stack.http);
    const { registerClient } = await platform.api.data<{ registerClient: { client: { id: string } } }>(
      'mutation { registerClient(input: { name: "Ours", code: "ours", externalId: "crm-42" }) { client { id } } }',
    );
    await other.api.data(
      'mutation { registerClient(input: { name: "Theirs", code: "theirs", externalId: "crm-42" }) { client { id } } }',
    );
    await other.api.data(
      'mutation { registerClient(input: { name: "Only theirs", code: "only", externalId: "crm-7" }) { client { id } } }',
    );
    const lookup = "query ($id: String!) { clientByExternalId(externalId: $id) { id name externalId } }";

    const found = await platform.api.data<{ clientByExternalId: { id: string; externalId: string } }>(lookup, {
      id: "crm-42",
    });
    expect(found.clientByExternalId).toMatchObject({ id: registerClient.client.id, externalId: "crm-42" });
    const foreign = await platform.api.data<{ clientByExternalId: null }>(lookup, { id: "crm-7" });
    expect(foreign.clientByExternalId).toBeNull();
  });
});

describe("upsertUser", () => {
  let tenant: Tenant;
  beforeAll(async () => {
    tenant = await createTenant(stack.http);
  });

  test("the same call twice yields one user, and the second records nothing", async () => {
    const input = { email: "Sync.One@Example.com", name: "Sync One" };
    const first = await upsertUser(tenant, "ext-1", input);
    expect(first.created).toBe(true);
    expect(first.user).toMatchObject({ email: "sync.one@example.com", role: "CUSTOMER", externalId: "ext-1" });
    const second = await upsertUser(tenant, "ext-1", input);
    expect(second).toEqual({ ...first, created: false });
    expect(await auditEntries(tenant, first.user.id)).toEqual(["user.created"]);

    const { userByExternalId } = await tenant.api.data<{ userByExternalId: { id: string } | null }>(
      'query { userByExternalId(externalId: "ext-1") { id } }',
    );
    expect(userByExternalId?.id).toBe(first.user.id);
  });

  test("a changed profile updates the same user, audited once", async () => {
    const first = await upsertUser(tenant, "ext-2", { email: "two@example.com", name: "Two" });
    const changed = await upsertUser(tenant, "ext-2", {
      email: "two@example.com",
      name: "Two Renamed",
      isActive: false,
    });
    expect(changed).toMatchObject({
      created: false,
      user: { id: first.user.id, name: "Two Renamed", isActive: false },
    });
    expect(await auditEntries(tenant, first.user.id)).toEqual(["user.updated", "user.created"]);
  });

  test("concurrent upserts of one externalId make one user, none fails", async () => {
    const results = await Promise.all(
      Array.from({ length: 6 }, () => upsertUser(tenant, "ext-race", { email: "race@example.com", name: "Race" })),
    );
    expect(new Set(results.map((result) => result.user.id)).size).toBe(1);
    expect(results.filter((result) => result.created)).toHaveLength(1);
    const users = await stack.database.db.prisma.user.count({
      where: { clientId: tenant.clientId, externalId: "ext-race" },
    });
    expect(users).toBe(1);
  });

  test("an email another user has is a CONFLICT naming the field; an unknown externalId reads as null", async () => {
    await upsertUser(tenant, "ext-3", { email: "taken@example.com", name: "Taken" });
    const response = await tenant.api.request(upsert, {
      externalId: "ext-4",
      input: { email: "taken@example.com", name: "Other" },
    });
    expect(response.errors?.[0]?.extensions).toMatchObject({ code: "CONFLICT", field: "email" });
    const { userByExternalId } = await tenant.api.data<{ userByExternalId: null }>(
      'query { userByExternalId(externalId: "ext-4") { id } }',
    );
    expect(userByExternalId).toBeNull();
  });

  test("another tenant's user is not found by its externalId", async () => {
    const sibling = await registerTenant(tenant.platform);
    const { userByExternalId } = await sibling.api.data<{ userByExternalId: null }>(
      'query { userByExternalId(externalId: "ext-1") { id } }',
    );
    expect(userByExternalId).toBeNull();
  });
});

describe("family accounts", () => {
  const benefitsQuery = "query ($id: ID!) { user(id: $id) { benefits { key value } } }";

  async function familyOf(tenant: Tenant, owner: string, members: string[]): Promise<string> {
    const { createFamilyAccount } = await tenant.api.data<{ createFamilyAccount: { id: string } }>(
      'mutation ($ownerId: ID!) { createFamilyAccount(input: { name: "Home", ownerId: $ownerId }) { id } }',
      { ownerId: owner },
    );
    for (const userId of members) {
      await tenant.api.data("mutation ($f: ID!, $u: ID!) { addFamilyMember(familyAccountId: $f, userId: $u) { id } }", {
        f: createFamilyAccount.id,
        u: userId,
      });
    }
    return createFamilyAccount.id;
  }

  const userIds = async (tenant: Tenant, prefix: string, count: number): Promise<string[]> => {
    const ids: string[] = [];
    for (let i = 0; i < count; i++) {
      ids.push(
        (await upsertUser(tenant, `${prefix}-${i}`, { email: `${prefix}-${i}@example.com`, name: `${prefix} ${i}` }))
          .user.id,
      );
    }
    return ids;
  };

  test("shared benefits set on the family show on every member, and on no one else", async () => {
    const tenant = await createTenant(stack.http);
    const [owner, member, outsider] = await userIds(tenant, "ben", 3);
    const familyId = await familyOf(tenant, owner!, [member!]);
    const set = `mutation ($id: ID!, $benefits: [FamilyBenefitInput!]!) {
      setFamilyBenefits(familyAccountId: $id, benefits: $benefits) { id benefits { key value } }
    }`;
    const benefits = [
      { key: "shipping", value: "free" },
      { key: "discount", value: "10%" },
    ];
    const { setFamilyBenefits } = await tenant.api.data<{ setFamilyBenefits: { benefits: unknown[] } }>(set, {
      id: familyId,
      benefits,
    });
    const sorted = [benefits[1], benefits[0]];
    expect(setFamilyBenefits.benefits).toEqual(sorted);
    for (const id of [owner, member]) {
      expect((await tenant.api.data<{ user: { benefits: unknown[] } }>(benefitsQuery, { id })).user.benefits).toEqual(
        sorted,
      );
    }
    expect(
      (await tenant.api.data<{ user: { benefits: unknown[] } }>(benefitsQuery, { id: outsider })).user.benefits,
    ).toEqual([]);

    // The same benefits again are no change, and no audit entry.
    await tenant.api.data(set, { id: familyId, benefits: [...benefits].reverse() });
    expect(await auditEntries(tenant, familyId)).toEqual([
      "familyAccount.benefitsSet",
      "familyAccount.memberAdded",
      "familyAccount.created",
    ]);
    const twice = await tenant.api.request(set, { id: familyId, benefits: [benefits[0], benefits[0]] });
    expect(twice.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");

    // A member who leaves no longer has them.
    await tenant.api.data(
      "mutation ($f: ID!, $u: ID!) { removeFamilyMember(familyAccountId: $f, userId: $u) { id } }",
      {
        f: familyId,
        u: member,
      },
    );
    expect(
      (await tenant.api.data<{ user: { benefits: unknown[] } }>(benefitsQuery, { id: member })).user.benefits,
    ).toEqual([]);
  });

  test("familyAccounts lists the tenant's families page by page; deleting one detaches its members", async () => {
    const tenant = await createTenant(stack.http);
    const [a, b, c] = await userIds(tenant, "fam", 3);
    const first = await familyOf(tenant, a!, [b!]);
    const second = await familyOf(tenant, c!, []);
    const list =
      "query ($after: String) { familyAccounts(first: 1, after: $after) { totalCount edges { node { id } } pageInfo { hasNextPage endCursor } } }";
    interface Page {
      familyAccounts: {
        totalCount: number;
        edges: { node: { id: string } }[];
        pageInfo: { hasNextPage: boolean; endCursor: string };
      };
    }
    const page1 = await tenant.api.data<Page>(list);
    expect(page1.familyAccounts.totalCount).toBe(2);
    expect(page1.familyAccounts.edges.map((edge) => edge.node.id)).toEqual([first]);
    const page2 = await tenant.api.data<Page>(list, { after: page1.familyAccounts.pageInfo.endCursor });
    expect(page2.familyAccounts.edges.map((edge) => edge.node.id)).toEqual([second]);
    expect(page2.familyAccounts.pageInfo.hasNextPage).toBe(false);

    const other = await createTenant(stack.http);
    const foreign = await other.api.request("mutation ($id: ID!) { deleteFamilyAccount(id: $id) }", { id: first });
    expect(foreign.errors?.[0]?.extensions?.code).toBe("NOT_FOUND");

    const { deleteFamilyAccount } = await tenant.api.data<{ deleteFamilyAccount: boolean }>(
      "mutation ($id: ID!) { deleteFamilyAccount(id: $id) }",
      { id: first },
    );
    expect(deleteFamilyAccount).toBe(true);
    const { user } = await tenant.api.data<{ user: { familyAccount: null } }>(
      "query ($id: ID!) { user(id: $id) { familyAccount { id } } }",
      { id: b },
    );
    expect(user.familyAccount).toBeNull();
    expect((await tenant.api.data<Page>(list)).familyAccounts.totalCount).toBe(1);
    // The former owner may found a new family.
    await familyOf(tenant, a!, [b!]);
  });
});
