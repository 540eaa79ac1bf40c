import { startStack, type TestStack } from "../helpers/stack";
import { createPlatform, createTenant, registerTenant, type Platform, type Tenant } from "../helpers/tenants";

let stack: TestStack;

beforeAll(async () => {
  stack = await startStack();
});
afterAll(() => stack.stop());

const setSetting = "mutation ($key: String!, $value: JSON!) { setSetting(key: $key, value: $value) }";
const createUser = `mutation ($input: CreateUserInput!) { createUser(input: $input) { id email } }`;
const auditLog = `query ($first: Int, $after: String, $filter: AuditLogFilter) {
  auditLog(first: $first, after: $after, filter: $filter) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { cursor node { id action entityType entityId actorKeyId before after at } }
  }
}`;

interface Entry {
  id: string;
  action: string;
  entityType: string;
  entityId: string;
  actorKeyId: string | null;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
  at: string;
}

interface AuditPage {
  auditLog: {
    totalCount: number;
    pageInfo: { hasNextPage: boolean; endCursor: string | null };
    edges: { cursor: string; node: Entry }[];
  };
}

type GraphqlErrors = { message: string; extensions?: Record<string, unknown> }[] | undefined;

function expectCode(errors: GraphqlErrors, code: string): Record<string, unknown> {
  expect(errors?.[0]?.extensions?.code).toBe(code);
  return errors?.[0]?.extensions ?? {};
}

async function entries(tenant: Tenant, filter?: Record<string, unknown>): Promise<Entry[]> {
  const { auditLog: log } = await tenant.api.data<AuditPage>(auditLog, { first: 100, filter });
  return log.edges.map((edge) => edge.node);
}

async function platformKeyId(platform: Platform): Promise<string> {
  const { apiKeys } = await platform.api.data<{ apiKeys: { id: string }[] }>("{ apiKeys { id } }");
  expect(apiKeys).toHaveLength(1);
  return apiKeys[0]!.id;
}

let seq = 0;
async function newUser(tenant: Tenant): Promise<{ id: string; email: string }> {
  const n = ++seq;
  const { createUser: user } = await tenant.api.data<{ createUser: { id: string; email: string } }>(createUser, {
    input: { email: `audit${n}@example.com`, name: `Audited ${n}` },
  });
  return user;
}

describe("settings", () => {
  test("a new client has none; setSetting stores nested JSON and settings returns one object", async () => {
    const tenant = await createTenant(stack.http);
    expect((await tenant.api.data<{ settings: unknown }>("{ settings }")).settings).toEqual({});

    const checkout = { steps: ["cart", "address", { name: "pay", methods: ["card", "twint"] }], guest: true, fee: 1.5 };
    const { setSetting: returned } = await tenant.api.data<{ setSetting: unknown }>(setSetting, {
      key: "checkout.flow",
      value: checkout,
    });
    expect(returned).toEqual(checkout);
    await tenant.api.data(setSetting, { key: "theme", value: "dark" });
    await tenant.api.data(setSetting, { key: "maxGuests", value: 4 });
    await tenant.api.data(setSetting, { key: "theme", value: "light" });
    // An inline literal goes through the scalar's literal parser rather than variables.
    await tenant.api.data('mutation { setSetting(key: "flags", value: { beta: false, tags: ["a", "b"] }) }');

    const { settings } = await tenant.api.data<{ settings: unknown }>("{ settings }");
    expect(settings).toEqual({
      "checkout.flow": checkout,
      flags: { beta: false, tags: ["a", "b"] },
      maxGuests: 4,
      theme: "light",
    });
  });

  test("keys and values are validated: BAD_USER_INPUT naming the problem", async () => {
    const tenant = await createTenant(stack.http);
    for (const key of ["", "Theme", "1st", "with space", "ümlaut", `k${"x".repeat(64)}`]) {
      const response = await tenant.api.request(setSetting, { key, value: 1 });
      expect(response.status).toBe(200);
      const extensions = expectCode(response.errors, "BAD_USER_INPUT");
      expect(extensions.argument).toBe("key");
    }
    await tenant.api.data(setSetting, { key: `k${"x".repeat(63)}`, value: 1 });

    const big = await tenant.api.request(setSetting, { key: "big", value: { text: "x".repeat(16 * 1024) } });
    const extensions = expectCode(big.errors, "BAD_USER_INPUT");
    expect(extensions.argument).toBe("value");
    expect(big.errors?.[0]?.message).toMatch(/16384 bytes/);
    await tenant.api.data(setSetting, { key: "fits", value: "x".repeat(16 * 1024 - 2) });

    const missing = await tenant.api.request('mutation { setSetting(key: "nothing", value: null) }');
    expectCode(missing.errors, "GRAPHQL_VALIDATION_FAILED");

    const { settings } = await tenant.api.data<{ settings: Record<string, unknown> }>("{ settings }");
    expect(Object.keys(settings).sort()).toEqual(["fits", `k${"x".repeat(63)}`]);
  });

  test("a client has at most 100 keys; existing keys can still change", async () => {
    const tenant = await createTenant(stack.http);
    for (let i = 0; i < 100; i++) await tenant.api.data(setSetting, { key: `key${i}`, value: i });
    const over = await tenant.api.request(setSetting, { key: "key100", value: 100 });
    const extensions = expectCode(over.errors, "BAD_USER_INPUT");
    expect(extensions.maxKeys).toBe(100);
    await tenant.api.data(setSetting, { key: "key7", value: "changed" });
    const { settings } = await tenant.api.data<{ settings: Record<string, unknown> }>("{ settings }");
    expect(Object.keys(settings)).toHaveLength(100);
    expect(settings.key7).toBe("changed");
  });

  test("settings need the client key", async () => {
    const tenant = await createTenant(stack.http);
    expectCode((await tenant.platform.api.request("{ settings }")).errors, "UNAUTHENTICATED");
    expectCode(
      (await tenant.platform.api.request(setSetting, { key: "theme", value: "dark" })).errors,
      "UNAUTHENTICATED",
    );
  });
});

describe("the audit log", () => {
  test("each mutation records the calling key, the entity and its state before and after", async () => {
    const tenant = await createTenant(stack.http);
    const user = await newUser(tenant);
    await tenant.api.data(
      'mutation ($id: ID!) { updateUser(id: $id, input: { name: "Renamed", isActive: false }) { id } }',
      { id: user.id },
    );
    const { createFamilyAccount: family } = await tenant.api.data<{ createFamilyAccount: { id: string } }>(
      'mutation ($owner: ID!) { createFamilyAccount(input: { name: "Audited", ownerId: $owner }) { id } }',
      { owner: user.id },
    );
    const member = await newUser(tenant);
    const membership = "(familyAccountId: $family, userId: $user) { id }";
    await tenant.api.data(`mutation ($family: ID!, $user: ID!) { addFamilyMember${membership} }`, {
      family: family.id,
      user: member.id,
    });
    // Adding again changes nothing, so it records nothing.
    await tenant.api.data(`mutation ($family: ID!, $user: ID!) { addFamilyMember${membership} }`, {
      family: family.id,
      user: member.id,
    });
    await tenant.api.data(`mutation ($family: ID!, $user: ID!) { removeFamilyMember${membership} }`, {
      family: family.id,
      user: member.id,
    });
    await tenant.api.data(setSetting, { key: "theme", value: { mode: "dark" } });
    await tenant.api.data(setSetting, { key: "theme", value: { mode: "light" } });

    const log = await entries(tenant);
    expect(log.map((entry) => entry.action)).toEqual([
      "setting.updated",
      "setting.updated",
      "familyAccount.memberRemoved",
      "familyAccount.memberAdded",
      "user.created",
      "familyAccount.created",
      "user.updated",
      "user.created",
      "client.registered",
    ]);
    for (const entry of log.slice(0, -1)) expect(entry.actorKeyId).toBe(tenant.keyId);

    const [settingChanged, settingCreated, removed, added, , created, updated, userCreated] = log;
    expect(userCreated).toMatchObject({ entityType: "User", entityId: user.id, before: null });
    expect(userCreated?.after).toMatchObject({ id: user.id, email: user.email, role: "CUSTOMER" });
    expect(updated?.before).toMatchObject({ name: expect.stringMatching(/^Audited /), isActive: true });
    expect(updated?.after).toMatchObject({ name: "Renamed", isActive: false });
    expect(created).toMatchObject({ entityType: "FamilyAccount", entityId: family.id, before: null });
    expect(created?.after).toMatchObject({ name: "Audited", ownerId: user.id, memberIds: [user.id] });
    expect(added).toMatchObject({
      entityId: family.id,
      before: { memberIds: [user.id] },
      after: { memberIds: [user.id, member.id] },
    });
    expect(removed).toMatchObject({ before: { memberIds: [user.id, member.id] }, after: { memberIds: [user.id] } });
    expect(settingCreated).toMatchObject({
      entityType: "ClientSetting",
      entityId: "theme",
      before: null,
      after: { mode: "dark" },
    });
    expect(settingChanged).toMatchObject({ before: { mode: "dark" }, after: { mode: "light" } });
    for (const entry of log) expect(Number.isNaN(Date.parse(entry.at))).toBe(false);
  });

  test("a mutation that fails records nothing", async () => {
    const tenant = await createTenant(stack.http);
    const user = await newUser(tenant);
    const before = (await entries(tenant)).length;
    const clash = await tenant.api.request(createUser, { input: { email: user.email, name: "Twin" } });
    expectCode(clash.errors, "CONFLICT");
    const badKey = await tenant.api.request(setSetting, { key: "Bad Key", value: 1 });
    expectCode(badKey.errors, "BAD_USER_INPUT");
    expect(await entries(tenant)).toHaveLength(before);
  });

  test("newest first, paged with opaque cursors, and filtered", async () => {
    const tenant = await createTenant(stack.http);
    for (let i = 0; i < 5; i++) await tenant.api.data(setSetting, { key: `step${i}`, value: i });
    const all = await entries(tenant);
    expect(all).toHaveLength(6);
    expect(all.map((entry) => entry.entityId).slice(0, 5)).toEqual(["step4", "step3", "step2", "step1", "step0"]);
    expect([...all.map((entry) => entry.id)].sort().reverse()).toEqual(all.map((entry) => entry.id));

    const seen: string[] = [];
    let after: string | null = null;
    for (let round = 0; round < 10; round++) {
      const page: AuditPage = await tenant.api.data<AuditPage>(auditLog, { first: 2, after });
      expect(page.auditLog.totalCount).toBe(6);
      expect(page.auditLog.edges.length).toBeLessThanOrEqual(2);
      seen.push(...page.auditLog.edges.map((edge) => edge.node.id));
      after = page.auditLog.pageInfo.endCursor;
      if (!page.auditLog.pageInfo.hasNextPage) break;
    }
    expect(seen).toEqual(all.map((entry) => entry.id));

    const filtered = await tenant.api.data<AuditPage>(auditLog, {
      filter: { entityType: "ClientSetting", entityId: "step2", action: "setting.updated" },
    });
    expect(filtered.auditLog.totalCount).toBe(1);
    expect(filtered.auditLog.edges[0]?.node.after).toBe(2);
    const byAction = await tenant.api.data<AuditPage>(auditLog, { filter: { action: "client.registered" } });
    expect(byAction.auditLog.edges.map((edge) => edge.node.entityId)).toEqual([tenant.clientId]);

    expectCode((await tenant.api.request(auditLog, { first: 101 })).errors, "QUERY_TOO_COMPLEX");
    expectCode((await tenant.api.request(auditLog, { after: "garbage" })).errors, "BAD_USER_INPUT");
    expectCode((await tenant.platform.api.request(auditLog, {})).errors, "UNAUTHENTICATED");
  });

  test("filtered by actor: the key, user or console account that made the change", async () => {
    const tenant = await createTenant(stack.http);
    await tenant.api.data(setSetting, { key: "by-tenant-key", value: 1 });
    const byKey = await entries(tenant, { actorId: tenant.keyId });
    expect(byKey.map((entry) => entry.entityId)).toEqual(["by-tenant-key"]);
    // The registration was the platform key's doing, not the tenant key's.
    const byPlatform = await entries(tenant, { actorId: await platformKeyId(tenant.platform) });
    expect(byPlatform.map((entry) => entry.action)).toEqual(["client.registered"]);
    expect(await entries(tenant, { actorId: "0190a3d2-0000-7000-8000-000000000000" })).toEqual([]);
    const refused = await tenant.api.request(auditLog, { filter: { actorId: "someone" } });
    expect(expectCode(refused.errors, "BAD_USER_INPUT").argument).toBe("filter.actorId");
  });

  test("the platform's changes to a client land in that client's log, with the platform key as actor", async () => {
    const platform = await createPlatform(stack.http);
    const tenant = await registerTenant(platform);
    const platformKey = await platformKeyId(platform);
    const id = { id: tenant.clientId };
    await platform.api.data('mutation ($id: ID!) { updateClient(id: $id, input: { name: "Renamed" }) { id } }', id);
    const rotated = await platform.api.data<{ rotateClientApiKey: { apiKey: string; info: { id: string } } }>(
      "mutation ($id: ID!) { rotateClientApiKey(clientId: $id, gracePeriodSeconds: 0) { apiKey info { id } } }",
      id,
    );
    await platform.api.data("mutation ($id: ID!) { revokeApiKey(id: $id) { id } }", { id: tenant.keyId });
    await platform.api.data("mutation ($id: ID!) { deactivateClient(id: $id) { id } }", id);
    await platform.api.data("mutation ($id: ID!) { reactivateClient(id: $id) { id } }", id);
    const fresh = await platform.api.data<{ rotateClientApiKey: { apiKey: string; info: { id: string } } }>(
      "mutation ($id: ID!) { rotateClientApiKey(clientId: $id) { apiKey info { id } } }",
      id,
    );
    const reader: Tenant = {
      ...tenant,
      api: platform.api.with({ "client-x-api-key": fresh.rotateClientApiKey.apiKey }),
    };

    const log = await entries(reader);
    expect(log.map((entry) => [entry.action, entry.entityId])).toEqual([
      ["apikey.rotated", fresh.rotateClientApiKey.info.id],
      ["client.reactivated", tenant.clientId],
      ["client.deactivated", tenant.clientId],
      ["apikey.revoked", tenant.keyId],
      ["apikey.rotated", rotated.rotateClientApiKey.info.id],
      ["client.updated", tenant.clientId],
      ["client.registered", tenant.clientId],
    ]);
    for (const entry of log) expect(entry.actorKeyId).toBe(platformKey);
    const [, reactivated, deactivated, revoked, , updated, registered] = log;
    expect(registered?.after).toMatchObject({ id: tenant.clientId, isActive: true });
    expect(updated?.before).toMatchObject({ name: expect.stringMatching(/^Tenant /) });
    expect(updated?.after).toMatchObject({ name: "Renamed" });
    expect(deactivated).toMatchObject({ before: { isActive: true }, after: { isActive: false } });
    expect(reactivated).toMatchObject({ before: { isActive: false }, after: { isActive: true } });
    expect(revoked?.before).toMatchObject({ revokedAt: null });
    expect(revoked?.after?.revokedAt).toEqual(expect.any(String));
    // Key hashes stay in their table.
    expect(JSON.stringify(log)).not.toMatch(/"hash"/);
    expect(JSON.stringify(log)).not.toContain(fresh.rotateClientApiKey.apiKey);
  });

  test("creating a platform is recorded under the new app, with no actor key and no client", async () => {
    const platform = await createPlatform(stack.http);
    // Not a tenant's entry, so no tenant can list it: read it where the operator would.
    const rows = await stack.database.db.prisma.auditLogEntry.findMany({
      where: { clientAppId: platform.clientAppId, action: "clientApp.created" },
    });
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ entityType: "ClientApp", entityId: platform.clientAppId, clientId: null });
    expect(rows[0]?.actorKeyId).toBeNull();
  });
});

describe("a client sees only its own settings and audit log", () => {
  let mine: Tenant;
  let sibling: Tenant;
  let myUser: { id: string };

  beforeAll(async () => {
    mine = await createTenant(stack.http);
    sibling = await registerTenant(mine.platform);
    myUser = await newUser(mine);
    await mine.api.data(setSetting, { key: "theme", value: "mine" });
    await mine.api.data(setSetting, { key: "secret.flag", value: true });
  });

  test("another client's settings are neither visible nor changed by its writes", async () => {
    expect((await sibling.api.data<{ settings: unknown }>("{ settings }")).settings).toEqual({});
    await sibling.api.data(setSetting, { key: "theme", value: "theirs" });
    expect((await sibling.api.data<{ settings: unknown }>("{ settings }")).settings).toEqual({ theme: "theirs" });
    expect((await mine.api.data<{ settings: unknown }>("{ settings }")).settings).toEqual({
      "secret.flag": true,
      theme: "mine",
    });
  });

  test("another client's audit entries are neither listed, filtered nor paged to", async () => {
    const mineLog = await entries(mine);
    const siblingLog = await entries(sibling);
    const mineIds = new Set(mineLog.map((entry) => entry.id));
    expect(siblingLog.some((entry) => mineIds.has(entry.id))).toBe(false);
    expect(siblingLog.every((entry) => entry.actorKeyId !== mine.keyId)).toBe(true);
    expect(await entries(sibling, { entityId: myUser.id })).toEqual([]);
    expect(await entries(sibling, { entityType: "User" })).toEqual([]);

    // A cursor taken from my log only pages through the sibling's own entries.
    const { auditLog: paged } = await sibling.api.data<AuditPage>(auditLog, {
      first: 100,
      after: Buffer.from(mineLog[0]!.id).toString("base64url"),
    });
    expect(paged.edges.every((edge) => !mineIds.has(edge.node.id))).toBe(true);
  });
});

describe("a client key acts only on its own client", () => {
  test("it cannot rotate a sibling's key, so it can never obtain one", async () => {
    const mine = await createTenant(stack.http);
    const sibling = await registerTenant(mine.platform);
    const response = await mine.api.request("mutation ($id: ID!) { rotateClientApiKey(clientId: $id) { apiKey } }", {
      id: sibling.clientId,
    });
    expect(response.data?.rotateClientApiKey).toBeUndefined();
    expectCode(response.errors, "FORBIDDEN");
    expect(await entries(sibling, { action: "apikey.rotated" })).toEqual([]);
    await mine.api.data("mutation ($id: ID!) { rotateClientApiKey(clientId: $id) { apiKey } }", {
      id: mine.clientId,
    });
  });
});
