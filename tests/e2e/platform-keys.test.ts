import type { GraphqlClient, GraphqlResponse } from "../helpers/graphql-client";
import { startStack, testSecrets, type TestStack } from "../helpers/stack";
import { createPlatform, createTenant, registerTenant, type Platform } from "../helpers/tenants";
import { waitFor } from "../helpers/wait";

const meQuery = "{ me { clientApp { id } } }";
const dayMs = 24 * 3600 * 1000;

let stack: TestStack;
let operator: GraphqlClient;

beforeAll(async () => {
  // A key cache far longer than any wait here: a key that stops working before it ran out was
  // evicted by the revocation event, as on every gateway, not by the cache's own expiry.
  stack = await startStack({
    config: { authCacheTtlMs: 60_000, keyMaxAge: { warnDays: 30, refuseDays: 90 } },
  });
  operator = stack.http.with({ "x-admin-key": testSecrets.adminKey });
});
afterAll(() => stack.stop());

const rotate = `mutation ($grace: Int!, $scopes: [PlatformKeyScope!], $clientAppId: ID) {
  rotatePlatformKey(gracePeriodSeconds: $grace, scopes: $scopes, clientAppId: $clientAppId) {
    apiKey
    info { id clientAppId prefix scopes createdAt expiresAt revokedAt }
  }
}`;

interface Issued {
  apiKey: string;
  info: { id: string; clientAppId: string; prefix: string; scopes: string[]; expiresAt: string | null };
}

async function rotatePlatformKey(
  api: GraphqlClient,
  variables: { grace: number; scopes?: string[]; clientAppId?: string },
): Promise<Issued> {
  return (await api.data<{ rotatePlatformKey: Issued }>(rotate, variables)).rotatePlatformKey;
}

const asPlatform = (key: string) => stack.http.with({ "x-api-key": key });

function expectRefused(response: GraphqlResponse, status: 401 | 403) {
  expect(response.status).toBe(status);
  expect(response.errors?.[0]?.extensions?.code).toBe(status === 401 ? "UNAUTHENTICATED" : "FORBIDDEN");
}

/** The ids of a platform's keys, oldest first, as the operator sees them. */
async function keyIdsOf(platform: Platform): Promise<string[]> {
  const { platformKeys } = await operator.data<{ platformKeys: { edges: { node: { id: string } }[] } }>(
    "query ($id: ID) { platformKeys(clientAppId: $id) { edges { node { id } } } }",
    { id: platform.clientAppId },
  );
  return platformKeys.edges.map((edge) => edge.node.id);
}

describe("rotating a platform key", () => {
  test("the old key works until the grace period ends, then gets 401; the new one works at once", async () => {
    const platform = await createPlatform(stack.http);
    // Rotated by the operator so the old key is first looked up with its end known: a lookup
    // cached before a rotation outlives the grace period by up to OMNI_AUTH_CACHE_TTL_MS.
    const issued = await rotatePlatformKey(operator, { grace: 2, clientAppId: platform.clientAppId });
    expect(issued.apiKey).toMatch(/^pk_[0-9a-f]{64}$/);
    expect(issued.info.scopes).toEqual(["ADMIN"]);
    await asPlatform(issued.apiKey).data(meQuery);
    await platform.api.data(meQuery);

    const { platformKeys } = await asPlatform(issued.apiKey).data<{
      platformKeys: { totalCount: number; edges: { node: { id: string; expiresAt: string | null } }[] };
    }>("{ platformKeys { totalCount edges { node { id expiresAt } } } }");
    expect(platformKeys.totalCount).toBe(2);
    const [old, current] = platformKeys.edges.map((edge) => edge.node);
    expect(current!.expiresAt).toBeNull();
    const graceEnds = Date.parse(old!.expiresAt!);
    expect(graceEnds - Date.now()).toBeLessThanOrEqual(2000);

    await waitFor(() => Date.now() > graceEnds, undefined, "the grace period to end");
    expectRefused(await platform.api.request(meQuery), 401);
    await asPlatform(issued.apiKey).data(meQuery);
  });

  test("with no grace period the old key stops at once, though a gateway had it cached", async () => {
    const platform = await createPlatform(stack.http);
    await platform.api.data(meQuery);
    const issued = await rotatePlatformKey(platform.api, { grace: 0 });
    await waitFor(async () => (await platform.api.request(meQuery)).status === 401, 10_000, "the old key to stop");
    await asPlatform(issued.apiKey).data(meQuery);
  });

  test("only keys with the same scopes expire; a limited key cannot issue a broader one", async () => {
    const platform = await createPlatform(stack.http);
    const reader = await rotatePlatformKey(platform.api, { grace: 0, scopes: ["TENANTS_READ"] });
    expect(reader.info.scopes).toEqual(["TENANTS_READ"]);
    await platform.api.data(meQuery);

    const keyManager = await rotatePlatformKey(platform.api, { grace: 0, scopes: ["KEYS_MANAGE"] });
    const escalation = await asPlatform(keyManager.apiKey).request(rotate, { grace: 0, scopes: ["ADMIN"] });
    expect(escalation.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
    expect(escalation.errors?.[0]?.message).toMatch(/lacks: admin/);
    // Rotating itself is fine, and leaves the admin and reader keys alone.
    const next = await rotatePlatformKey(asPlatform(keyManager.apiKey), { grace: 0, scopes: ["KEYS_MANAGE"] });
    await asPlatform(next.apiKey).data(meQuery);
    await platform.api.data(meQuery);
    await asPlatform(reader.apiKey).data(meQuery);
  });

  test("the operator rotates a named app's key; bad grace periods are BAD_USER_INPUT", async () => {
    const platform = await createPlatform(stack.http);
    const issued = await rotatePlatformKey(operator, { grace: 3600, clientAppId: platform.clientAppId });
    expect(issued.info.clientAppId).toBe(platform.clientAppId);
    await asPlatform(issued.apiKey).data(meQuery);
    await platform.api.data(meQuery);

    const negative = await platform.api.request(rotate, { grace: -1 });
    expect(negative.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
    const platformNamingApp = await platform.api.request(rotate, { grace: 0, clientAppId: platform.clientAppId });
    expect(platformNamingApp.errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
  });
});

describe("revoking a platform key", () => {
  const revoke = "mutation ($id: ID!) { revokePlatformKey(id: $id) { id revokedAt } }";

  test("a revoked platform key gets 401 at once", async () => {
    const platform = await createPlatform(stack.http);
    const [firstKeyId] = await keyIdsOf(platform);
    const spare = await rotatePlatformKey(platform.api, { grace: 3600 });
    await platform.api.data(meQuery);
    const { revokePlatformKey } = await asPlatform(spare.apiKey).data<{ revokePlatformKey: { revokedAt: string } }>(
      revoke,
      { id: firstKeyId },
    );
    expect(revokePlatformKey.revokedAt).toBeTruthy();
    await waitFor(async () => (await platform.api.request(meQuery)).status === 401, 10_000, "the key to stop");
    await asPlatform(spare.apiKey).data(meQuery);
  });

  test("a platform cannot revoke its last active key; the operator can", async () => {
    const platform = await createPlatform(stack.http);
    const [keyId] = await keyIdsOf(platform);
    const refused = await platform.api.request(revoke, { id: keyId });
    expect(refused.errors?.[0]?.extensions?.code).toBe("CONFLICT");
    expect(refused.errors?.[0]?.message).toMatch(/last active key/);
    await platform.api.data(meQuery);

    await operator.data(revoke, { id: keyId });
    await waitFor(async () => (await platform.api.request(meQuery)).status === 401, 10_000, "the key to stop");
  });

  test("another platform's key is NOT_FOUND", async () => {
    const platform = await createPlatform(stack.http);
    const other = await createPlatform(stack.http);
    const [otherKeyId] = await keyIdsOf(other);
    const response = await platform.api.request(revoke, { id: otherKeyId });
    expect(response.errors?.[0]?.extensions?.code).toBe("NOT_FOUND");
    await other.api.data(meQuery);
  });
});

describe("scoped platform keys", () => {
  test("a tenants:read key lists tenants but is refused registering one, with 403 naming the permission", async () => {
    const tenant = await createTenant(stack.http);
    const reader = asPlatform(
      (await rotatePlatformKey(tenant.platform.api, { grace: 0, scopes: ["TENANTS_READ"] })).apiKey,
    );
    const { clients } = await reader.data<{ clients: { edges: { node: { id: string } }[] } }>(
      "{ clients { edges { node { id } } } }",
    );
    expect(clients.edges.map((edge) => edge.node.id)).toEqual([tenant.clientId]);

    const refused = await reader.request('mutation { registerClient(input: { name: "No", code: "no" }) { apiKey } }');
    expectRefused(refused, 403);
    expect(refused.errors?.[0]?.message).toMatch(/needs the tenants:manage scope; the key has: tenants:read/);
    expect(refused.errors?.[0]?.extensions?.requiredPermission).toBe("tenants:manage");

    const keys = await reader.request("{ apiKeys { id } }");
    expect(keys.errors?.[0]?.extensions?.requiredPermission).toBe("keys:manage");
  });

  test("a tenants:manage key registers tenants; a keys:manage key rotates client keys but cannot list tenants", async () => {
    const tenant = await createTenant(stack.http);
    const manager = asPlatform(
      (await rotatePlatformKey(tenant.platform.api, { grace: 0, scopes: ["TENANTS_MANAGE"] })).apiKey,
    );
    await manager.data('mutation { registerClient(input: { name: "Yes", code: "yes" }) { apiKey } }');
    const { clients } = await manager.data<{ clients: { totalCount: number } }>("{ clients { totalCount } }");
    expect(clients.totalCount).toBe(2);

    const keys = asPlatform(
      (await rotatePlatformKey(tenant.platform.api, { grace: 0, scopes: ["KEYS_MANAGE"] })).apiKey,
    );
    await keys.data("mutation ($id: ID!) { rotateClientApiKey(clientId: $id) { apiKey } }", { id: tenant.clientId });
    expectRefused(await keys.request("{ clients { totalCount } }"), 403);
  });
});

describe("deactivating a client app", () => {
  const deactivate = "mutation ($id: ID!) { deactivateClientApp(id: $id) { id isActive } }";
  const reactivate = "mutation ($id: ID!) { reactivateClientApp(id: $id) { id isActive } }";

  test("its platform keys and its tenants get 403 at once; reactivation restores them", async () => {
    const tenant = await createTenant(stack.http);
    const sibling = await registerTenant(tenant.platform);
    await tenant.api.data("{ locations { id } }");
    await sibling.api.data(meQuery);
    await tenant.platform.api.data(meQuery);

    const { deactivateClientApp } = await operator.data<{ deactivateClientApp: { isActive: boolean } }>(deactivate, {
      id: tenant.platform.clientAppId,
    });
    expect(deactivateClientApp.isActive).toBe(false);
    // Each gateway evicts on its own copy of the event and requests take turns between the
    // gateways, so the app counts as refused once two requests in a row (one per gateway) are.
    const refused = async () => (await tenant.api.request(meQuery)).status === 403;
    await waitFor(async () => (await refused()) && (await refused()), 10_000, "the tenant to be refused");
    expectRefused(await sibling.api.request(meQuery), 403);
    expectRefused(await tenant.platform.api.request(meQuery), 403);

    await operator.data(reactivate, { id: tenant.platform.clientAppId });
    // Refusals are not cached: the next request sees the app active again.
    await tenant.api.data("{ locations { id } }");
    await sibling.api.data(meQuery);
    await tenant.platform.api.data(meQuery);
  });

  test("only the operator deactivates apps, lists them and reads their keys", async () => {
    const platform = await createPlatform(stack.http);
    expectRefused(await platform.api.request(deactivate, { id: platform.clientAppId }), 401);
    expect((await platform.api.request("{ clientApps { totalCount } }")).errors?.[0]?.extensions?.code).toBe(
      "UNAUTHENTICATED",
    );

    const { clientApps } = await operator.data<{
      clientApps: { totalCount: number; edges: { node: { id: string } }[]; pageInfo: { hasNextPage: boolean } };
    }>("{ clientApps(first: 1) { totalCount edges { node { id } } pageInfo { hasNextPage } } }");
    expect(clientApps.edges).toHaveLength(1);
    expect(clientApps.totalCount).toBeGreaterThan(1);
    expect(clientApps.pageInfo.hasNextPage).toBe(true);
    expect(await keyIdsOf(platform)).toHaveLength(1);
  });
});

describe("maximum key age", () => {
  /** A new platform whose key was issued `days` ago, as if it had been kept that long. */
  async function platformWithKeyAged(days: number): Promise<Platform> {
    const platform = await createPlatform(stack.http);
    await stack.database.db.prisma.apiKey.updateMany({
      where: { clientAppId: platform.clientAppId },
      data: { createdAt: new Date(Date.now() - days * dayMs) },
    });
    return platform;
  }

  test("a young key gets no warning", async () => {
    const platform = await createPlatform(stack.http);
    const response = await platform.api.request(meQuery);
    expect(response.extensions?.warnings).toBeUndefined();
    expect(response.headers.get("warning")).toBeNull();
  });

  test("past the warning age the answer carries KEY_ROTATION_DUE in extensions and a Warning: 299 header", async () => {
    const platform = await platformWithKeyAged(45);
    const [keyId] = await keyIdsOf(platform);
    const response = await platform.api.request(meQuery);
    expect(response.status).toBe(200);
    expect(response.data).toBeTruthy();
    expect(response.extensions?.warnings).toEqual([
      { code: "KEY_ROTATION_DUE", keyId, ageDays: 45, message: expect.stringMatching(/45 days old.*rotate it/) },
    ]);
    expect(response.headers.get("warning")).toMatch(/^299 - ".*45 days old.*rotate it.*"$/);
  });

  test("past the hard age the key is refused with a 401 that says to rotate it; a rotated key works", async () => {
    const platform = await platformWithKeyAged(100);
    const response = await platform.api.request(meQuery);
    expectRefused(response, 401);
    expect(response.errors?.[0]?.message).toMatch(
      /100 days old, over the maximum key age of 90 days: it must be rotated/,
    );
    expect(response.errors?.[0]?.extensions?.reason).toBe("KEY_TOO_OLD");

    const issued = await rotatePlatformKey(operator, { grace: 0, clientAppId: platform.clientAppId });
    const fresh = await asPlatform(issued.apiKey).request(meQuery);
    expect(fresh.status).toBe(200);
    expect(fresh.extensions?.warnings).toBeUndefined();
  });
});
