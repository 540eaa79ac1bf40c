import { crc32 } from "node:zlib";
import { startStack, type TestStack } from "../helpers/stack";
import { createPlatform, createTenant, registerTenant, type Tenant } from "../helpers/tenants";
import { waitFor } from "../helpers/wait";

const meQuery = "{ me { clientApp { id } client { id } } }";
const tenantQuery = "{ locations { id } }";
const genericMessage = "Missing or invalid API key";

let stack: TestStack;

beforeAll(async () => {
  // Some rows are flipped straight in the database here, which no event announces: the
  // gateway's short-lived key cache is off so each request shows the lookup itself.
  // Revocations through the API evict the cache at once (tests/e2e/subscriptions.test.ts).
  stack = await startStack({ config: { authCacheTtlMs: 0 } });
});
afterAll(() => stack.stop());

function expectRefused(
  response: { status: number; errors?: { message: string; extensions?: Record<string, unknown> }[] },
  status: 401 | 403,
) {
  expect(response.status).toBe(status);
  expect(response.errors?.[0]?.extensions?.code).toBe(status === 401 ? "UNAUTHENTICATED" : "FORBIDDEN");
}

/** Flips one character of the random part and recomputes nothing: the checksum no longer matches. */
function corrupt(key: string): string {
  const index = 10;
  return key.slice(0, index) + (key[index] === "a" ? "b" : "a") + key.slice(index + 1);
}

/** A key with our shape and a valid checksum that no one was ever issued. */
function unknownKey(prefix: "pk_" | "sk_"): string {
  const body = prefix + "0".repeat(56);
  return body + crc32(body).toString(16).padStart(8, "0");
}

describe("a request's keys", () => {
  let tenant: Tenant;
  beforeAll(async () => {
    tenant = await createTenant(stack.http);
  });

  test("both valid keys identify the client and its app", async () => {
    const data = await tenant.api.data<{ me: { clientApp: { id: string }; client: { id: string } } }>(meQuery);
    expect(data.me).toEqual({ clientApp: { id: tenant.platform.clientAppId }, client: { id: tenant.clientId } });
  });

  test("no keys: 401 UNAUTHENTICATED", async () => {
    const response = await stack.http.request(meQuery);
    expectRefused(response, 401);
    expect(response.errors?.[0]?.message).toBe(genericMessage);
  });

  test("no keys may still introspect the schema", async () => {
    const data = await stack.http.data<{ __schema: { queryType: { name: string } } }>(
      "{ __schema { queryType { name } } }",
    );
    expect(data.__schema.queryType.name).toBe("Query");
  });

  test("the client key alone: 401", async () => {
    expectRefused(await stack.http.with({ "client-x-api-key": tenant.clientKey }).request(meQuery), 401);
  });

  test("the platform key alone reaches platform operations but not tenant data", async () => {
    const data = await tenant.platform.api.data<{ me: { client: null } }>(meQuery);
    expect(data.me.client).toBeNull();
    const response = await tenant.platform.api.request(tenantQuery);
    expectRefused(response, 401);
  });

  test("a malformed or wrong key gets the same generic 401, whichever key it is", async () => {
    const attempts = [
      { "x-api-key": corrupt(tenant.platform.platformKey), "client-x-api-key": tenant.clientKey },
      { "x-api-key": tenant.platform.platformKey, "client-x-api-key": corrupt(tenant.clientKey) },
      { "x-api-key": "pk_short", "client-x-api-key": tenant.clientKey },
      { "x-api-key": unknownKey("pk_"), "client-x-api-key": tenant.clientKey },
      { "x-api-key": tenant.platform.platformKey, "client-x-api-key": unknownKey("sk_") },
      // Keys swapped between the headers are wrong keys, not a different identity.
      { "x-api-key": tenant.clientKey, "client-x-api-key": tenant.platform.platformKey },
    ];
    for (const headers of attempts) {
      const response = await stack.http.with(headers).request(meQuery);
      expectRefused(response, 401);
      expect(response.errors?.[0]?.message).toBe(genericMessage);
    }
  });

  test("a client key of another app's client: 403", async () => {
    const other = await createTenant(stack.http);
    const response = await stack.http
      .with({ "x-api-key": tenant.platform.platformKey, "client-x-api-key": other.clientKey })
      .request(meQuery);
    expectRefused(response, 403);
  });

  test("an inactive client: 403", async () => {
    const inactive = await registerTenant(tenant.platform);
    await stack.database.db.prisma.client.update({ where: { id: inactive.clientId }, data: { isActive: false } });
    expectRefused(await inactive.api.request(meQuery), 403);
  });

  test("an inactive client app: 403, for its platform key and its clients' keys", async () => {
    const suspended = await createTenant(stack.http);
    await stack.database.db.prisma.clientApp.update({
      where: { id: suspended.platform.clientAppId },
      data: { isActive: false },
    });
    expectRefused(await suspended.platform.api.request(meQuery), 403);
    expectRefused(await suspended.api.request(meQuery), 403);
  });
});

describe("key lifecycle", () => {
  const rotate = `mutation ($clientId: ID!, $grace: Int) {
    rotateClientApiKey(clientId: $clientId, gracePeriodSeconds: $grace) { apiKey info { id expiresAt } }
  }`;

  test("a rotated key keeps working inside the grace period, the new one at once", async () => {
    const tenant = await createTenant(stack.http);
    const { rotateClientApiKey } = await tenant.platform.api.data<{
      rotateClientApiKey: { apiKey: string; info: { expiresAt: string | null } };
    }>(rotate, { clientId: tenant.clientId, grace: 3600 });
    expect(rotateClientApiKey.apiKey).toMatch(/^sk_[0-9a-f]{64}$/);
    expect(rotateClientApiKey.info.expiresAt).toBeNull();
    await tenant.api.data(meQuery);
    await tenant.platform.api.with({ "client-x-api-key": rotateClientApiKey.apiKey }).data(meQuery);
    const { apiKeys } = await tenant.api.data<{ apiKeys: { id: string; expiresAt: string | null }[] }>(
      "{ apiKeys { id expiresAt } }",
    );
    const old = apiKeys.find((key) => key.id === tenant.keyId);
    const expiresIn = new Date(old!.expiresAt!).getTime() - Date.now();
    expect(expiresIn).toBeGreaterThan(3500_000);
    expect(expiresIn).toBeLessThanOrEqual(3600_000);
  });

  test("after the grace period the old key gets 401", async () => {
    const tenant = await createTenant(stack.http);
    const { rotateClientApiKey } = await tenant.platform.api.data<{ rotateClientApiKey: { apiKey: string } }>(rotate, {
      clientId: tenant.clientId,
      grace: 1,
    });
    await tenant.api.data(meQuery);
    const { apiKeys } = await tenant.api.data<{ apiKeys: { id: string; expiresAt: string | null }[] }>(
      "{ apiKeys { id expiresAt } }",
    );
    const expiresAt = Date.parse(apiKeys.find((key) => key.id === tenant.keyId)!.expiresAt!);
    await waitFor(() => Date.now() > expiresAt, undefined, "the grace period to end");
    expectRefused(await tenant.api.request(meQuery), 401);
    await tenant.platform.api.with({ "client-x-api-key": rotateClientApiKey.apiKey }).data(meQuery);
  });

  test("a revoked key gets 401 at once", async () => {
    const tenant = await createTenant(stack.http);
    const { revokeApiKey } = await tenant.platform.api.data<{ revokeApiKey: { revokedAt: string } }>(
      "mutation ($id: ID!) { revokeApiKey(id: $id) { revokedAt } }",
      { id: tenant.keyId },
    );
    expect(revokeApiKey.revokedAt).toBeTruthy();
    expectRefused(await tenant.api.request(meQuery), 401);
  });

  test("deactivating a client stops all its keys at once; reactivating needs a new key", async () => {
    const tenant = await createTenant(stack.http);
    const second = await tenant.platform.api.data<{ rotateClientApiKey: { apiKey: string } }>(rotate, {
      clientId: tenant.clientId,
    });
    const secondApi = tenant.platform.api.with({ "client-x-api-key": second.rotateClientApiKey.apiKey });
    const { deactivateClient } = await tenant.platform.api.data<{ deactivateClient: { isActive: boolean } }>(
      "mutation ($id: ID!) { deactivateClient(id: $id) { isActive } }",
      { id: tenant.clientId },
    );
    expect(deactivateClient.isActive).toBe(false);
    expectRefused(await tenant.api.request(meQuery), 401);
    expectRefused(await secondApi.request(meQuery), 401);

    await tenant.platform.api.data("mutation ($id: ID!) { reactivateClient(id: $id) { id } }", { id: tenant.clientId });
    expectRefused(await tenant.api.request(meQuery), 401);
    const fresh = await tenant.platform.api.data<{ rotateClientApiKey: { apiKey: string } }>(rotate, {
      clientId: tenant.clientId,
    });
    await tenant.platform.api.with({ "client-x-api-key": fresh.rotateClientApiKey.apiKey }).data(meQuery);
  });

  test("a client key cannot revoke another client's key", async () => {
    const tenant = await createTenant(stack.http);
    const sibling = await registerTenant(tenant.platform);
    const response = await tenant.api.request("mutation ($id: ID!) { revokeApiKey(id: $id) { id } }", {
      id: sibling.keyId,
    });
    expect(response.errors?.[0]?.extensions?.code).toBe("NOT_FOUND");
    await sibling.api.data(meQuery);
  });
});

describe("operator key", () => {
  const create = `mutation { createClientApp(input: { name: "Shop SaaS" }) { clientApp { id name isActive } apiKey } }`;

  test("createClientApp needs x-admin-key", async () => {
    const tenant = await createTenant(stack.http);
    expectRefused(await stack.http.request(create), 401);
    const withPlatformKey = await tenant.platform.api.request(create);
    expect(withPlatformKey.errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
    expect(withPlatformKey.data).toBeNull();
    expectRefused(await stack.http.with({ "x-admin-key": "not-the-admin-key" }).request(create), 401);
  });

  test("the operator creates an app whose platform key works at once", async () => {
    const data = await stack.http
      .with({ "x-admin-key": stack.secrets.adminKey })
      .data<{ createClientApp: { clientApp: { id: string; name: string; isActive: boolean }; apiKey: string } }>(
        create,
      );
    expect(data.createClientApp.clientApp).toMatchObject({ name: "Shop SaaS", isActive: true });
    expect(data.createClientApp.apiKey).toMatch(/^pk_[0-9a-f]{64}$/);
    const me = await stack.http
      .with({ "x-api-key": data.createClientApp.apiKey })
      .data<{ me: { clientApp: { id: string } } }>(meQuery);
    expect(me.me.clientApp.id).toBe(data.createClientApp.clientApp.id);
  });
});

describe("a platform sees only its own clients", () => {
  test("lists, reads and changes only its own", async () => {
    const mine = await createPlatform(stack.http);
    const theirs = await createPlatform(stack.http);
    const a = await registerTenant(mine, "alpha");
    await registerTenant(mine, "beta");
    const foreign = await registerTenant(theirs, "alpha");

    const { clients } = await mine.api.data<{ clients: { totalCount: number; edges: { node: { code: string } }[] } }>(
      "{ clients { totalCount edges { node { code } } } }",
    );
    expect(clients.totalCount).toBe(2);
    expect(clients.edges.map((edge) => edge.node.code).sort()).toEqual(["alpha", "beta"]);

    const read = await mine.api.data<{ client: null }>("query ($id: ID!) { client(id: $id) { id } }", {
      id: foreign.clientId,
    });
    expect(read.client).toBeNull();

    for (const mutation of [
      'mutation ($id: ID!) { updateClient(id: $id, input: { name: "Taken" }) { id } }',
      "mutation ($id: ID!) { deactivateClient(id: $id) { id } }",
      "mutation ($id: ID!) { rotateClientApiKey(clientId: $id) { apiKey } }",
    ]) {
      const response = await mine.api.request(mutation, { id: foreign.clientId });
      expect(response.errors?.[0]?.extensions?.code).toBe("NOT_FOUND");
    }
    await foreign.api.data(meQuery);

    const own = await mine.api.data<{ client: { code: string } }>("query ($id: ID!) { client(id: $id) { code } }", {
      id: a.clientId,
    });
    expect(own.client.code).toBe("alpha");
  });
});
