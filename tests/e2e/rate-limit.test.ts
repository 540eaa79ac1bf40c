import { loadConfig } from "../../subgraphs/core/src/config";
import { startStack, testSecrets, type TestStack } from "../helpers/stack";
import { createPlatform, registerTenant, type Tenant } from "../helpers/tenants";

/**
 * Each client spends the cost of its operations from a leaky bucket; an empty bucket means
 * HTTP 429 RATE_LIMITED with the seconds to wait, and nothing runs. Buckets are per client,
 * sized per client app, shared by replicas through Redis.
 */
const redisUrl = loadConfig().redisUrl;
const withRedis = redisUrl ? describe : describe.skip;

interface Cost {
  requestedQueryCost: number;
  actualQueryCost: number;
  throttleStatus: { maximumAvailable: number; currentlyAvailable: number; restoreRate: number } | null;
}

let stack: TestStack;

beforeAll(async () => {
  // No key cache: a client app's limits, changed in the database below, apply at once. The
  // production defaults, which test stacks otherwise make boundless. (The webhook shims' limits
  // are in integrations-webhook-limits.test.ts.)
  const defaults = loadConfig({});
  stack = await startStack({
    dispatcher: false,
    config: { authCacheTtlMs: 0, rateLimit: defaults.rateLimit },
  });
});
afterAll(() => stack.stop());

/** Registering costs more than a tiny bucket holds: the tenant is registered before the limits are set. */
async function tenantsWithLimits(count: number, capacity: number, restoreRate: number): Promise<Tenant[]> {
  const platform = await createPlatform(stack.http);
  const tenants: Tenant[] = [];
  for (let index = 0; index < count; index++) tenants.push(await registerTenant(platform));
  await stack.database.db.prisma.clientApp.update({
    where: { id: platform.clientAppId },
    data: { rateLimitCapacity: capacity, rateLimitRestoreRate: restoreRate },
  });
  return tenants;
}

const createLocation = (tenant: Tenant, code: string) =>
  tenant.api.request(`mutation { createLocation(input: { name: "Store ${code}", code: "${code}" }) { id } }`);

test("a client that empties its bucket gets 429 with retryAfter, nothing runs, and another client is unaffected", async () => {
  // Each createLocation costs 10: one fits in 12 points, a second does not until 8 points are back (1.6 s).
  const [greedy, neighbour] = await tenantsWithLimits(2, 12, 5);
  const first = await createLocation(greedy!, "G1");
  expect(first.status).toBe(200);
  expect(first.extensions?.cost).toMatchObject({
    requestedQueryCost: 10,
    throttleStatus: { maximumAvailable: 12, restoreRate: 5 },
  });

  const refused = await createLocation(greedy!, "G2");
  expect(refused.status).toBe(429);
  expect(refused.data).toBeUndefined();
  const error = refused.errors?.[0];
  // 2 s right after the first request; 1 s once 0.6 s has passed (a loaded machine is that slow).
  expect(error?.extensions?.code).toBe("RATE_LIMITED");
  const retryAfter = error?.extensions?.retryAfter as number;
  expect([1, 2]).toContain(retryAfter);
  expect(refused.headers.get("retry-after")).toBe(String(retryAfter));
  expect((refused.extensions?.cost as Cost).throttleStatus?.currentlyAvailable).toBeLessThan(10);
  const locations = await stack.database.db.prisma.location.findMany({ where: { clientId: greedy!.clientId } });
  expect(locations.map((location) => location.code)).toEqual(["G1"]);

  // The other tenant of the same platform has a bucket of its own.
  expect((await createLocation(neighbour!, "N1")).status).toBe(200);

  // retryAfter is honest: a client that waits as long as it says gets through.
  await new Promise((resolve) => setTimeout(resolve, Number(refused.headers.get("retry-after")) * 1000));
  expect((await createLocation(greedy!, "G2")).status).toBe(200);
});

test("an operation costing more than the bucket can ever hold is too complex, not throttled", async () => {
  const [tenant] = await tenantsWithLimits(1, 5, 1);
  const response = await createLocation(tenant!, "BIG");
  expect(response.status).toBe(400);
  expect(response.errors?.[0]?.extensions).toMatchObject({
    code: "QUERY_TOO_COMPLEX",
    limit: "cost",
    computed: 10,
    allowed: 5,
  });
});

test("a platform key without a client spends the platform's bucket; the operator is not limited", async () => {
  const [tenant] = await tenantsWithLimits(1, 3, 1);
  const platform = tenant!.platform;
  // clients(first: 1): 1 connection + 1 × (edge free + client 1) = 2 points, all of them used.
  const query = "{ clients(first: 1) { edges { node { id } } } }";
  expect((await platform.api.request(query)).status).toBe(200);
  const throttled = await platform.api.request(query);
  expect(throttled.status).toBe(429);
  expect(throttled.errors?.[0]?.extensions).toMatchObject({ code: "RATE_LIMITED" });

  const admin = stack.http.with({ "x-admin-key": testSecrets.adminKey });
  for (let attempt = 0; attempt < 3; attempt++) {
    const response = await admin.request('mutation { createClientApp(input: { name: "Unmetered" }) { apiKey } }');
    expect(response.status).toBe(200);
    expect(response.extensions?.cost).toMatchObject({ requestedQueryCost: 10, throttleStatus: null });
  }
});

withRedis("two replicas on one Redis (REDIS_URL)", () => {
  test("share one bucket per client", async () => {
    const a = await startStack({ dispatcher: false, redisUrl, config: { redisUrl, authCacheTtlMs: 0 } });
    const b = await startStack({
      database: a.database,
      dispatcher: false,
      redisUrl,
      config: { redisUrl, authCacheTtlMs: 0 },
    });
    try {
      const platform = await createPlatform(a.http);
      const tenant = await registerTenant(platform);
      await a.database.db.prisma.clientApp.update({
        where: { id: platform.clientAppId },
        data: { rateLimitCapacity: 5, rateLimitRestoreRate: 1 },
      });
      const query = "{ me { client { id } } }"; // Viewer 1 + Client 1
      const on = (stackOf: TestStack) =>
        stackOf.http.with({ "x-api-key": platform.platformKey, "client-x-api-key": tenant.clientKey });
      const first = await on(a).request(query);
      expect(first.status).toBe(200);
      const second = await on(b).request(query);
      expect(second.status).toBe(200);
      // B saw what A spent.
      expect((second.extensions?.cost as Cost).throttleStatus?.currentlyAvailable).toBeLessThanOrEqual(2);
      const third = await on(a).request(query);
      expect(third.status).toBe(429);
      expect(third.errors?.[0]?.extensions).toMatchObject({ code: "RATE_LIMITED" });
    } finally {
      await b.stop();
      await a.stop();
    }
  });
});
