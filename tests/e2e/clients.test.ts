import { startStack, type TestStack } from "../helpers/stack";
import { createPlatform, createTenant, registerTenant, type Platform } from "../helpers/tenants";
import { waitFor } from "../helpers/wait";

let stack: TestStack;
let platform: Platform;

beforeAll(async () => {
  stack = await startStack();
  platform = await createPlatform(stack.http);
});
afterAll(() => stack.stop());

const register = `mutation ($input: RegisterClientInput!) {
  registerClient(input: $input) {
    client { id name code clientAppId externalId defaultCurrency isActive createdAt updatedAt }
    apiKey
    apiKeyInfo { id prefix scopes grantedScopes createdAt expiresAt lastUsedAt revokedAt }
  }
}`;

describe("registering a client", () => {
  test("returns the client and its key once; the key works at once", async () => {
    const { registerClient } = await platform.api.data<{
      registerClient: {
        client: Record<string, unknown> & { id: string };
        apiKey: string;
        apiKeyInfo: { id: string; prefix: string; scopes: string[]; grantedScopes: string[] };
      };
    }>(register, {
      input: {
        name: "Hotel Alpina",
        code: "alpina",
        externalId: "crm-42",
        defaultCurrency: "CHF",
        email: "desk@alpina.ch",
      },
    });
    expect(registerClient.client).toMatchObject({
      name: "Hotel Alpina",
      code: "alpina",
      clientAppId: platform.clientAppId,
      externalId: "crm-42",
      defaultCurrency: "CHF",
      isActive: true,
    });
    expect(registerClient.apiKey).toMatch(/^sk_[0-9a-f]{64}$/);
    expect(registerClient.apiKey.startsWith(registerClient.apiKeyInfo.prefix)).toBe(true);
    // Spelled like the ApiKeyScope values registerClient and rotateClientApiKey take; the
    // deprecated lower-case field keeps its old values for clients that read it.
    expect(registerClient.apiKeyInfo.grantedScopes).toEqual(["ADMIN"]);
    expect(registerClient.apiKeyInfo.scopes).toEqual(["admin"]);

    const tenantApi = platform.api.with({ "client-x-api-key": registerClient.apiKey });
    const { me } = await tenantApi.data<{ me: { client: { id: string } } }>("{ me { client { id } } }");
    expect(me.client.id).toBe(registerClient.client.id);

    // Never again: listing keys shows the prefix, not the secret.
    const { apiKeys } = await tenantApi.data<{ apiKeys: Record<string, unknown>[] }>(
      "{ apiKeys { id prefix scopes lastUsedAt } }",
    );
    expect(JSON.stringify(apiKeys)).not.toContain(registerClient.apiKey);
    expect(apiKeys).toHaveLength(1);
  });

  test("the default currency is USD", async () => {
    const { registerClient } = await platform.api.data<{ registerClient: { client: { defaultCurrency: string } } }>(
      register,
      { input: { name: "Plain", code: "plain" } },
    );
    expect(registerClient.client.defaultCurrency).toBe("USD");
  });

  test("a code or external id already used in the app is a CONFLICT", async () => {
    await platform.api.data(register, { input: { name: "One", code: "dup", externalId: "ext-dup" } });
    for (const input of [
      { name: "Two", code: "dup" },
      { name: "Three", code: "other", externalId: "ext-dup" },
    ]) {
      const response = await platform.api.request(register, { input });
      expect(response.status).toBe(200);
      expect(response.errors?.[0]?.extensions?.code).toBe("CONFLICT");
    }
  });

  test("the same code in another app is fine", async () => {
    const other = await createPlatform(stack.http);
    await other.api.data(register, { input: { name: "Same code elsewhere", code: "dup" } });
  });

  test("bad input is a BAD_USER_INPUT naming the field, never a 500", async () => {
    const cases = [
      { input: { name: "", code: "empty-name" }, field: "name" },
      { input: { name: "Bad code", code: "has spaces" }, field: "code" },
      { input: { name: "Bad mail", code: "bad-mail", email: "not-an-email" }, field: "email" },
    ];
    for (const { input, field } of cases) {
      const response = await platform.api.request(register, { input });
      expect(response.status).toBe(200);
      expect(response.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
      expect(JSON.stringify(response.errors?.[0]?.extensions?.fields)).toContain(field);
    }
    const unknownCurrency = await platform.api.request(register, {
      input: { name: "X", code: "x-cur", defaultCurrency: "XXX" },
    });
    expect(unknownCurrency.status).toBe(400);
    expect(unknownCurrency.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
  });

  test("a client key cannot register, deactivate or reactivate clients", async () => {
    const tenant = await createTenant(stack.http);
    const attempts = [
      tenant.api.request(register, { input: { name: "Sneaky", code: "sneaky" } }),
      tenant.api.request("mutation ($id: ID!) { deactivateClient(id: $id) { id } }", { id: tenant.clientId }),
      tenant.api.request("mutation ($id: ID!) { reactivateClient(id: $id) { id } }", { id: tenant.clientId }),
    ];
    for (const response of await Promise.all(attempts)) {
      expect(response.status).toBe(403);
      expect(response.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
    }
    await tenant.api.data("{ me { client { id } } }");
  });
});

describe("managing clients", () => {
  test("a key's granted scopes read back as the enum values they were issued with", async () => {
    const tenant = await registerTenant(platform);
    const { rotateClientApiKey } = await platform.api.data<{
      rotateClientApiKey: { info: { grantedScopes: string[] } };
    }>(
      `mutation ($clientId: ID!) {
        rotateClientApiKey(clientId: $clientId, scopes: [STOREFRONT], gracePeriodSeconds: 60) { info { grantedScopes } }
      }`,
      { clientId: tenant.clientId },
    );
    expect(rotateClientApiKey.info.grantedScopes).toEqual(["STOREFRONT"]);

    const issued = await platform.api.data<{ rotatePlatformKey: { apiKey: string } }>(
      `mutation { rotatePlatformKey(scopes: [TENANTS_READ, KEYS_MANAGE], gracePeriodSeconds: 60) { apiKey } }`,
    );
    const { apiKeys } = await platform.api.data<{ apiKeys: { prefix: string; grantedScopes: string[] }[] }>(
      "{ apiKeys { prefix grantedScopes } }",
    );
    const limited = apiKeys.find((key) => issued.rotatePlatformKey.apiKey.startsWith(key.prefix));
    expect(limited?.grantedScopes.sort()).toEqual(["KEYS_MANAGE", "TENANTS_READ"]);
  });

  test("updateClient changes the profile and keeps codes unique", async () => {
    const a = await registerTenant(platform, "upd-a");
    await registerTenant(platform, "upd-b");
    const update = `mutation ($id: ID!, $input: UpdateClientInput!) {
      updateClient(id: $id, input: $input) { name code phone defaultCurrency }
    }`;
    const { updateClient } = await platform.api.data<{ updateClient: Record<string, unknown> }>(update, {
      id: a.clientId,
      input: { name: "Renamed", phone: "+41 44 000 00 00", defaultCurrency: "EUR" },
    });
    expect(updateClient).toEqual({ name: "Renamed", code: "upd-a", phone: "+41 44 000 00 00", defaultCurrency: "EUR" });
    const clash = await platform.api.request(update, { id: a.clientId, input: { code: "upd-b" } });
    expect(clash.errors?.[0]?.extensions?.code).toBe("CONFLICT");
  });

  test("a tenant may update itself but not its siblings", async () => {
    const a = await registerTenant(platform, "self-a");
    const b = await registerTenant(platform, "self-b");
    const update = 'mutation ($id: ID!) { updateClient(id: $id, input: { name: "Mine" }) { name } }';
    await a.api.data(update, { id: a.clientId });
    const response = await a.api.request(update, { id: b.clientId });
    expect(response.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
  });

  test("clients are paginated with opaque cursors and filtered", async () => {
    const paged = await createPlatform(stack.http);
    for (const code of ["p1", "p2", "p3", "p4", "p5"]) await registerTenant(paged, code);
    const page = `query ($after: String) {
      clients(first: 2, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { cursor node { code } } }
    }`;
    type Page = {
      clients: {
        totalCount: number;
        pageInfo: { hasNextPage: boolean; endCursor: string | null };
        edges: { node: { code: string } }[];
      };
    };
    const seen: string[] = [];
    let after: string | null = null;
    for (let round = 0; round < 5; round++) {
      const { clients }: Page = await paged.api.data<Page>(page, { after });
      expect(clients.totalCount).toBe(5);
      seen.push(...clients.edges.map((edge) => edge.node.code));
      after = clients.pageInfo.endCursor;
      if (!clients.pageInfo.hasNextPage) break;
    }
    expect(seen).toEqual(["p1", "p2", "p3", "p4", "p5"]);

    const filtered = await paged.api.data<{ clients: { totalCount: number } }>(
      '{ clients(filter: { search: "P3" }) { totalCount } }',
    );
    expect(filtered.clients.totalCount).toBe(1);

    const tooMany = await paged.api.request("{ clients(first: 101) { totalCount } }");
    expect(tooMany.errors?.[0]?.extensions?.code).toBe("QUERY_TOO_COMPLEX");
    const badCursor = await paged.api.request('{ clients(after: "garbage") { totalCount } }');
    expect(badCursor.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
  });

  test("a made-up id is the caller's mistake, never a 500", async () => {
    const response = await platform.api.request('{ apiKeys(clientId: "garbage") { id } }');
    expect(response.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
  });

  test("lastUsedAt shows when a key was last used", async () => {
    const tenant = await registerTenant(platform, "used");
    const lastUsed = async () =>
      (await tenant.api.data<{ apiKeys: { lastUsedAt: string | null }[] }>("{ apiKeys { lastUsedAt } }")).apiKeys[0]
        ?.lastUsedAt ?? null;
    const before = Date.now();
    await tenant.api.data("{ me { client { id } } }");
    // The gateway records the use after answering, off the request's path: it shows up soon after.
    await waitFor(async () => (await lastUsed()) !== null, undefined, "lastUsedAt to be recorded");
    expect(Date.parse((await lastUsed())!)).toBeGreaterThanOrEqual(before - 1000);
  });
});
