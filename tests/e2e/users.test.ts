import { startStack, type TestStack } from "../helpers/stack";
import { createTenant, registerTenant, type Tenant } from "../helpers/tenants";

let stack: TestStack;

beforeAll(async () => {
  stack = await startStack();
});
afterAll(() => stack.stop());

const userFields = "id email name role isActive staffAppAccess externalId";
const create = `mutation ($input: CreateUserInput!) { createUser(input: $input) { ${userFields} } }`;
const update = `mutation ($id: ID!, $input: UpdateUserInput!) { updateUser(id: $id, input: $input) { ${userFields} } }`;
const familyFields = "id name owner { id name } members { id name }";
const createFamily = `mutation ($input: CreateFamilyAccountInput!) { createFamilyAccount(input: $input) { ${familyFields} } }`;
const addMember = `mutation ($familyAccountId: ID!, $userId: ID!) {
  addFamilyMember(familyAccountId: $familyAccountId, userId: $userId) { ${familyFields} }
}`;
const removeMember = `mutation ($familyAccountId: ID!, $userId: ID!) {
  removeFamilyMember(familyAccountId: $familyAccountId, userId: $userId) { ${familyFields} }
}`;

interface UserNode {
  id: string;
  email: string;
  name: string;
  role: string;
  isActive: boolean;
  staffAppAccess: boolean;
  externalId: string | null;
}

interface Family {
  id: string;
  name: string;
  owner: { id: string; name: string };
  members: { id: string; name: string }[];
}

type GraphqlErrors = { message: string; extensions?: Record<string, unknown> }[] | undefined;

let seq = 0;

async function createUser(tenant: Tenant, input: Record<string, unknown> = {}): Promise<UserNode> {
  const n = ++seq;
  const { createUser: user } = await tenant.api.data<{ createUser: UserNode }>(create, {
    input: { email: `user${n}@example.com`, name: `User ${n}`, ...input },
  });
  return user;
}

async function createFamilyOf(tenant: Tenant, owner: UserNode, name = `Family of ${owner.name}`): Promise<Family> {
  const { createFamilyAccount } = await tenant.api.data<{ createFamilyAccount: Family }>(createFamily, {
    input: { name, ownerId: owner.id },
  });
  return createFamilyAccount;
}

function expectCode(errors: GraphqlErrors, code: string): Record<string, unknown> {
  expect(errors?.[0]?.extensions?.code).toBe(code);
  return errors?.[0]?.extensions ?? {};
}

describe("users of a client", () => {
  let tenant: Tenant;
  beforeAll(async () => {
    tenant = await createTenant(stack.http);
  });

  test("a new user is a customer without staff app access; the email is stored lower-cased", async () => {
    const user = await createUser(tenant, { email: "Ann.Keller@Example.CH", name: "Ann Keller" });
    expect(user).toMatchObject({
      email: "ann.keller@example.ch",
      name: "Ann Keller",
      role: "CUSTOMER",
      isActive: true,
      staffAppAccess: false,
      externalId: null,
    });
    const { user: read } = await tenant.api.data<{ user: UserNode }>(
      `query ($id: ID!) { user(id: $id) { ${userFields} } }`,
      { id: user.id },
    );
    expect(read).toEqual(user);
  });

  test("staff are created with their role, staff app access and external id", async () => {
    const user = await createUser(tenant, { role: "STAFF", staffAppAccess: true, externalId: "pms-17" });
    expect(user).toMatchObject({ role: "STAFF", staffAppAccess: true, externalId: "pms-17" });
  });

  test("an email already used in the client is a CONFLICT naming the field, whatever its case", async () => {
    await createUser(tenant, { email: "taken@example.com" });
    const response = await tenant.api.request(create, { input: { email: "TAKEN@example.com", name: "Twin" } });
    expect(response.status).toBe(200);
    expect(expectCode(response.errors, "CONFLICT").field).toBe("email");
  });

  test("an external id already used in the client is a CONFLICT naming the field", async () => {
    await createUser(tenant, { externalId: "crm-1" });
    const response = await tenant.api.request(create, {
      input: { email: "other-crm@example.com", name: "Other", externalId: "crm-1" },
    });
    expect(expectCode(response.errors, "CONFLICT").field).toBe("externalId");
  });

  test("the same email and external id in another client are fine", async () => {
    await createUser(tenant, { email: "shared@example.com", externalId: "shared-1" });
    const sibling = await registerTenant(tenant.platform);
    await createUser(sibling, { email: "shared@example.com", externalId: "shared-1" });
  });

  test("bad input is a BAD_USER_INPUT naming the field, never a 500", async () => {
    const cases = [
      { input: { email: "not-an-email", name: "X" }, field: "email" },
      { input: { email: "x@example.com", name: "" }, field: "name" },
      { input: { email: "y@example.com", name: "Y", externalId: "" }, field: "externalId" },
    ];
    for (const { input, field } of cases) {
      const response = await tenant.api.request(create, { input });
      expect(response.status).toBe(200);
      const extensions = expectCode(response.errors, "BAD_USER_INPUT");
      expect(JSON.stringify(extensions.fields)).toContain(field);
    }
    const unknownRole = await tenant.api.request(create, {
      input: { email: "z@example.com", name: "Z", role: "KING" },
    });
    expect(unknownRole.status).toBe(400);
    expectCode(unknownRole.errors, "BAD_USER_INPUT");

    const user = await createUser(tenant);
    const badUpdate = await tenant.api.request(update, { id: user.id, input: { email: "still-not-an-email" } });
    expect(JSON.stringify(expectCode(badUpdate.errors, "BAD_USER_INPUT").fields)).toContain("email");
  });

  test("updateUser changes only the given fields, deactivates, and keeps emails unique", async () => {
    const user = await createUser(tenant, { externalId: "to-clear" });
    const other = await createUser(tenant);
    const { updateUser } = await tenant.api.data<{ updateUser: UserNode }>(update, {
      id: user.id,
      input: { name: "Renamed", role: "ADMIN", staffAppAccess: true, isActive: false, email: "New.Mail@Example.com" },
    });
    expect(updateUser).toEqual({
      ...user,
      name: "Renamed",
      role: "ADMIN",
      staffAppAccess: true,
      isActive: false,
      email: "new.mail@example.com",
    });

    const cleared = await tenant.api.data<{ updateUser: UserNode }>(update, {
      id: user.id,
      input: { externalId: null },
    });
    expect(cleared.updateUser.externalId).toBeNull();

    const clash = await tenant.api.request(update, { id: user.id, input: { email: other.email.toUpperCase() } });
    expect(expectCode(clash.errors, "CONFLICT").field).toBe("email");

    // Its own email again is no clash.
    await tenant.api.data(update, { id: user.id, input: { email: "new.mail@example.com" } });
  });

  test("users are listed oldest first with opaque cursors and a total count", async () => {
    const paged = await createTenant(stack.http);
    const created: string[] = [];
    for (let i = 0; i < 5; i++) created.push((await createUser(paged)).id);
    const page = `query ($after: String) {
      users(first: 2, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { cursor node { id } } }
    }`;
    type Page = {
      users: {
        totalCount: number;
        pageInfo: { hasNextPage: boolean; endCursor: string | null };
        edges: { node: { id: string } }[];
      };
    };
    const seen: string[] = [];
    let after: string | null = null;
    for (let round = 0; round < 5; round++) {
      const { users }: Page = await paged.api.data<Page>(page, { after });
      expect(users.totalCount).toBe(5);
      seen.push(...users.edges.map((edge) => edge.node.id));
      after = users.pageInfo.endCursor;
      if (!users.pageInfo.hasNextPage) break;
    }
    expect(seen).toEqual(created);

    const tooMany = await paged.api.request("{ users(first: 101) { totalCount } }");
    expectCode(tooMany.errors, "QUERY_TOO_COMPLEX");
    const badCursor = await paged.api.request('{ users(after: "garbage") { totalCount } }');
    expectCode(badCursor.errors, "BAD_USER_INPUT");
  });

  test("an id that is not one of ours reads as null and changes nothing", async () => {
    const read = await tenant.api.data<{ user: null }>('{ user(id: "no-such-user") { id } }');
    expect(read.user).toBeNull();
    const response = await tenant.api.request(update, { id: "no-such-user", input: { name: "Ghost" } });
    expectCode(response.errors, "NOT_FOUND");
  });

  test("users need the client key as well as the platform key", async () => {
    const response = await tenant.platform.api.request("{ users { totalCount } }");
    expectCode(response.errors, "UNAUTHENTICATED");
  });
});

describe("family accounts", () => {
  let tenant: Tenant;
  beforeAll(async () => {
    tenant = await createTenant(stack.http);
  });

  test("the owner is the first member, and the user's familyAccount points back", async () => {
    const owner = await createUser(tenant, { name: "Maria Rossi" });
    const family = await createFamilyOf(tenant, owner, "Rossi");
    expect(family).toMatchObject({
      name: "Rossi",
      owner: { id: owner.id, name: "Maria Rossi" },
      members: [{ id: owner.id, name: "Maria Rossi" }],
    });
    const { user } = await tenant.api.data<{ user: { familyAccount: { id: string; owner: { id: string } } } }>(
      "query ($id: ID!) { user(id: $id) { familyAccount { id owner { id } } } }",
      { id: owner.id },
    );
    expect(user.familyAccount).toEqual({ id: family.id, owner: { id: owner.id } });
    const { familyAccount } = await tenant.api.data<{ familyAccount: Family }>(
      `query ($id: ID!) { familyAccount(id: $id) { ${familyFields} } }`,
      { id: family.id },
    );
    expect(familyAccount).toEqual(family);
  });

  test("members join and leave; adding a member again changes nothing", async () => {
    const owner = await createUser(tenant);
    const child = await createUser(tenant);
    const family = await createFamilyOf(tenant, owner);

    const added = await tenant.api.data<{ addFamilyMember: Family }>(addMember, {
      familyAccountId: family.id,
      userId: child.id,
    });
    expect(added.addFamilyMember.members.map((member) => member.id)).toEqual([owner.id, child.id]);
    const again = await tenant.api.data<{ addFamilyMember: Family }>(addMember, {
      familyAccountId: family.id,
      userId: child.id,
    });
    expect(again.addFamilyMember.members.map((member) => member.id)).toEqual([owner.id, child.id]);

    const removed = await tenant.api.data<{ removeFamilyMember: Family }>(removeMember, {
      familyAccountId: family.id,
      userId: child.id,
    });
    expect(removed.removeFamilyMember.members.map((member) => member.id)).toEqual([owner.id]);
    const { user } = await tenant.api.data<{ user: { familyAccount: null } }>(
      "query ($id: ID!) { user(id: $id) { familyAccount { id } } }",
      { id: child.id },
    );
    expect(user.familyAccount).toBeNull();
  });

  test("a user belongs to at most one family: a second one is a CONFLICT", async () => {
    const first = await createUser(tenant);
    const second = await createUser(tenant);
    const member = await createUser(tenant);
    const familyA = await createFamilyOf(tenant, first);
    const familyB = await createFamilyOf(tenant, second);
    await tenant.api.data(addMember, { familyAccountId: familyA.id, userId: member.id });

    const elsewhere = await tenant.api.request(addMember, { familyAccountId: familyB.id, userId: member.id });
    expect(expectCode(elsewhere.errors, "CONFLICT").userId).toBe(member.id);
    const ownerElsewhere = await tenant.api.request(addMember, { familyAccountId: familyB.id, userId: first.id });
    expectCode(ownerElsewhere.errors, "CONFLICT");
    const memberAsOwner = await tenant.api.request(createFamily, { input: { name: "Second", ownerId: member.id } });
    expect(expectCode(memberAsOwner.errors, "CONFLICT").argument).toBe("ownerId");
    const ownerTwice = await tenant.api.request(createFamily, { input: { name: "Again", ownerId: first.id } });
    expectCode(ownerTwice.errors, "CONFLICT");
  });

  test("two requests adding the same user to two families at once: exactly one wins", async () => {
    const [ownerA, ownerB, contested] = [await createUser(tenant), await createUser(tenant), await createUser(tenant)];
    const [familyA, familyB] = [await createFamilyOf(tenant, ownerA), await createFamilyOf(tenant, ownerB)];
    const responses = await Promise.all(
      [familyA, familyB].map((family) =>
        tenant.api.request(addMember, { familyAccountId: family.id, userId: contested.id }),
      ),
    );
    const won = responses.filter((response) => !response.errors);
    const lost = responses.filter((response) => response.errors);
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(1);
    expectCode(lost[0]?.errors, "CONFLICT");
  });

  test("the owner cannot be removed", async () => {
    const owner = await createUser(tenant);
    const family = await createFamilyOf(tenant, owner);
    const response = await tenant.api.request(removeMember, { familyAccountId: family.id, userId: owner.id });
    const extensions = expectCode(response.errors, "BAD_USER_INPUT");
    expect(extensions.argument).toBe("userId");
    expect(response.errors?.[0]?.message).toMatch(/owner cannot be removed/);
  });

  test("unknown families and users are NOT_FOUND; bad input names the field", async () => {
    const owner = await createUser(tenant);
    const family = await createFamilyOf(tenant, owner);
    const ghost = "01900000-0000-7000-8000-000000000000";
    for (const [mutation, variables] of [
      [addMember, { familyAccountId: ghost, userId: owner.id }],
      [addMember, { familyAccountId: family.id, userId: ghost }],
      [addMember, { familyAccountId: family.id, userId: "not-a-uuid" }],
      [removeMember, { familyAccountId: "not-a-uuid", userId: owner.id }],
      [createFamily, { input: { name: "Nobody's", ownerId: ghost } }],
    ] as const) {
      expectCode((await tenant.api.request(mutation, variables)).errors, "NOT_FOUND");
    }
    const read = await tenant.api.data<{ familyAccount: null }>("query ($id: ID!) { familyAccount(id: $id) { id } }", {
      id: ghost,
    });
    expect(read.familyAccount).toBeNull();
    const noName = await tenant.api.request(createFamily, { input: { name: "", ownerId: owner.id } });
    expect(JSON.stringify(expectCode(noName.errors, "BAD_USER_INPUT").fields)).toContain("name");
  });

  test("a page of users with their families, owners and members resolves in one request", async () => {
    const listed = await createTenant(stack.http);
    const families: Family[] = [];
    for (let f = 0; f < 3; f++) {
      const owner = await createUser(listed, { name: `Owner ${f}` });
      const family = await createFamilyOf(listed, owner, `Family ${f}`);
      for (let m = 0; m < 2; m++) {
        const member = await createUser(listed, { name: `Member ${f}.${m}` });
        await listed.api.data(addMember, { familyAccountId: family.id, userId: member.id });
      }
      families.push(family);
    }
    await createUser(listed, { name: "Loner" });
    const { users } = await listed.api.data<{
      users: {
        totalCount: number;
        edges: {
          node: { name: string; familyAccount: { owner: { name: string }; members: { name: string }[] } | null };
        }[];
      };
    }>("{ users(first: 50) { totalCount edges { node { name familyAccount { owner { name } members { name } } } } } }");
    expect(users.totalCount).toBe(10);
    const byName = new Map(users.edges.map((edge) => [edge.node.name, edge.node.familyAccount]));
    expect(byName.get("Loner")).toBeNull();
    expect(byName.get("Member 1.0")).toEqual({
      owner: { name: "Owner 1" },
      members: [{ name: "Owner 1" }, { name: "Member 1.0" }, { name: "Member 1.1" }],
    });
    expect(byName.get("Owner 2")?.members).toHaveLength(3);
  });
});

describe("a client sees only its own users and families", () => {
  let mine: Tenant;
  let sibling: Tenant;
  let myUser: UserNode;
  let myOtherUser: UserNode;
  let myFamily: Family;
  let siblingUser: UserNode;
  let siblingFamily: Family;

  beforeAll(async () => {
    mine = await createTenant(stack.http);
    sibling = await registerTenant(mine.platform);
    myUser = await createUser(mine, { name: "Mine" });
    myOtherUser = await createUser(mine, { name: "Mine too" });
    myFamily = await createFamilyOf(mine, myUser);
    siblingUser = await createUser(sibling, { name: "Sibling's" });
    siblingFamily = await createFamilyOf(sibling, siblingUser);
  });

  test("another client's users and families are not listed and read as null", async () => {
    const { users } = await sibling.api.data<{ users: { totalCount: number; edges: { node: { id: string } }[] } }>(
      "{ users { totalCount edges { node { id } } } }",
    );
    expect(users.totalCount).toBe(1);
    expect(users.edges.map((edge) => edge.node.id)).toEqual([siblingUser.id]);

    const read = await sibling.api.data<{ user: null; familyAccount: null }>(
      "query ($user: ID!, $family: ID!) { user(id: $user) { id } familyAccount(id: $family) { id } }",
      { user: myUser.id, family: myFamily.id },
    );
    expect(read).toEqual({ user: null, familyAccount: null });
  });

  test("another client's users and families cannot be changed or used", async () => {
    const attempts: [string, Record<string, unknown>][] = [
      [update, { id: myUser.id, input: { name: "Hijacked" } }],
      [createFamily, { input: { name: "Stolen", ownerId: myOtherUser.id } }],
      [addMember, { familyAccountId: myFamily.id, userId: siblingUser.id }],
      [addMember, { familyAccountId: siblingFamily.id, userId: myOtherUser.id }],
      [removeMember, { familyAccountId: myFamily.id, userId: myUser.id }],
      [removeMember, { familyAccountId: siblingFamily.id, userId: myOtherUser.id }],
    ];
    for (const [mutation, variables] of attempts) {
      const response = await sibling.api.request(mutation, variables);
      expectCode(response.errors, "NOT_FOUND");
    }
    const { familyAccount } = await mine.api.data<{ familyAccount: Family }>(
      `query ($id: ID!) { familyAccount(id: $id) { ${familyFields} } }`,
      { id: myFamily.id },
    );
    expect(familyAccount.members.map((member) => member.id)).toEqual([myUser.id]);
    const { user } = await mine.api.data<{ user: UserNode & { familyAccount: null } }>(
      `query ($id: ID!) { user(id: $id) { ${userFields} familyAccount { id } } }`,
      { id: myOtherUser.id },
    );
    expect(user).toMatchObject({ name: "Mine too", familyAccount: null });
    const untouched = await mine.api.data<{ user: UserNode }>(`query ($id: ID!) { user(id: $id) { name } }`, {
      id: myUser.id,
    });
    expect(untouched.user.name).toBe("Mine");
  });
});
