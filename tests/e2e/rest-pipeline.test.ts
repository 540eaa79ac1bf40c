import { loadConfig } from "../../subgraphs/core/src/config";
import { startStack, type TestStack } from "../helpers/stack";
import { connect, subscribe } from "../helpers/subscriptions";
import { createPlatform, registerTenant, type Tenant } from "../helpers/tenants";

/**
 * /api/v1 is the same pipeline as /graphql, not a second one: the same credentials of every
 * kind, the same buckets, the same audit log and the same live events.
 */
let stack: TestStack;
let tenant: Tenant;
let base: string;

interface Answer<T = unknown> {
  status: number;
  headers: Headers;
  body: T;
}

async function call<T = unknown>(
  method: string,
  path: string,
  headers: Record<string, string>,
  body?: unknown,
): Promise<Answer<T>> {
  const response = await fetch(`${base}${path}`, {
    method,
    headers: { ...headers, ...(body !== undefined && { "content-type": "application/json" }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, headers: response.headers, body: (await response.json()) as T };
}

const keysOf = (of: Tenant) => ({ "x-api-key": of.platform.platformKey, "client-x-api-key": of.clientKey });

async function ok<T>(answer: Promise<Answer<T>>, status = 200): Promise<T> {
  const { status: got, body } = await answer;
  if (got !== status) throw new Error(`expected ${status}, got ${got}: ${JSON.stringify(body)}`);
  return body;
}

beforeAll(async () => {
  // No key cache: a client app's limits, changed in the database below, apply at once.
  stack = await startStack({ config: { authCacheTtlMs: 0, rateLimit: loadConfig({}).rateLimit } });
  base = stack.http.url.replace(/\/graphql$/, "/api/v1");
  tenant = await registerTenant(await createPlatform(stack.http));
}, 60_000);
afterAll(() => stack?.stop());

test("an emptied bucket answers 429 with Retry-After, and REST and GraphQL drain the same bucket", async () => {
  const platform = await createPlatform(stack.http);
  const greedy = await registerTenant(platform);
  // Each createLocation costs 10: one fits in 12 points, a second does not for seconds.
  await stack.database.db.prisma.clientApp.update({
    where: { id: platform.clientAppId },
    data: { rateLimitCapacity: 12, rateLimitRestoreRate: 1 },
  });
  await ok(call("POST", "/locations", keysOf(greedy), { name: "One", code: "ONE" }), 201);
  const refused = await call<{ error: { code: string; details: { retryAfter: number } } }>(
    "POST",
    "/locations",
    keysOf(greedy),
    { name: "Two", code: "TWO" },
  );
  expect(refused.status).toBe(429);
  expect(refused.body.error.code).toBe("RATE_LIMITED");
  expect(Number(refused.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
  expect(refused.body.error.details.retryAfter).toBe(Number(refused.headers.get("retry-after")));
  const overGraphql = await greedy.api.request(
    'mutation { createLocation(input: { name: "Three", code: "THREE" }) { id } }',
  );
  expect(overGraphql.status).toBe(429);
  // Nothing ran: only the first location exists.
  expect(await ok(call<{ code: string }[]>("GET", "/locations", keysOf(greedy)))).toEqual([
    expect.objectContaining({ code: "ONE" }),
  ]);
});

test("a REST write is audited and published as GraphQL's is", async () => {
  const { client, connected } = connect(stack.http.url, keysOf(tenant));
  await connected;
  const orders = await subscribe<{ orderUpdated: { order: { id: string; status: string } } }>(
    client,
    "subscription { orderUpdated { order { id status } } }",
  );
  try {
    const product = await ok(
      call<{ id: string }>("POST", "/products", keysOf(tenant), { sku: "LIVE", name: "Live", price: "4.00" }),
      201,
    );
    await ok(call("POST", `/products/${product.id}/publish`, keysOf(tenant)));
    const location = await ok(
      call<{ id: string }>("POST", "/locations", keysOf(tenant), { name: "L", code: "L" }),
      201,
    );
    await ok(call("PUT", "/stock", keysOf(tenant), { productId: product.id, locationId: location.id, onHand: 3 }));
    const order = await ok(
      call<{ id: string }>("POST", "/orders", keysOf(tenant), {
        items: [{ productId: product.id, locationId: location.id, quantity: 1 }],
      }),
      201,
    );
    const [event] = await orders.waitFor(1);
    expect(event!.orderUpdated.order).toEqual({ id: order.id, status: "PENDING" });
  } finally {
    await orders.close();
    await client.dispose();
  }

  await ok(call("POST", `/clients/${tenant.clientId}/keys/rotate`, { "x-api-key": tenant.platform.platformKey }), 201);
  const audit = await ok(call<{ edges: { node: { action: string } }[] }>("GET", "/audit-log?first=50", keysOf(tenant)));
  expect(audit.edges.map((edge) => edge.node.action)).toEqual(
    expect.arrayContaining(["product.created", "apikey.rotated"]),
  );
});

test("a publishable key reads the published catalog from its origin and cannot write", async () => {
  const origin = "https://shop.rest.example";
  const issued = await ok(
    call<{ publishableKey: string }>("POST", "/publishable-keys", keysOf(tenant), { allowedOrigins: [origin] }),
    201,
  );
  await ok(call("POST", "/products", keysOf(tenant), { sku: "HIDDEN", name: "Draft", price: "1.00" }), 201);
  // The browser asks first: the key's origin may send it, and the order's Idempotency-Key.
  const preflight = await fetch(`${base}/orders`, {
    method: "OPTIONS",
    headers: {
      origin,
      "access-control-request-method": "POST",
      "access-control-request-headers": "client-x-api-key,content-type,idempotency-key",
    },
  });
  expect(preflight.status).toBe(204);
  expect(preflight.headers.get("access-control-allow-origin")).toBe(origin);
  const allowed = preflight.headers.get("access-control-allow-headers")!.split(",");
  expect(allowed).toEqual(expect.arrayContaining(["client-x-api-key", "content-type", "idempotency-key"]));
  // A page there may send the publishable key, never a platform or operator key.
  expect(allowed).not.toContain("x-api-key");
  expect(allowed).not.toContain("x-admin-key");
  expect(preflight.headers.get("access-control-allow-credentials")).toBeNull();
  const storefront = { "client-x-api-key": issued.publishableKey, origin };
  const products = await ok(
    call<{ edges: { node: { sku: string; status: string } }[] }>("GET", "/products", storefront),
  );
  expect(products.edges.length).toBeGreaterThan(0);
  expect(products.edges.every((edge) => edge.node.status === "PUBLISHED")).toBe(true);
  const listing = await fetch(`${base}/products?first=1`, { headers: storefront });
  expect(listing.headers.get("access-control-allow-origin")).toBe(origin);
  expect(listing.headers.get("access-control-expose-headers")).toContain("link");
  const write = await call<{ error: { code: string } }>("POST", "/products", storefront, {
    sku: "NOPE",
    name: "No",
    price: "1.00",
  });
  expect([write.status, write.body.error.code]).toEqual([403, "FORBIDDEN"]);
  const elsewhere = await call<{ error: { code: string } }>("GET", "/products", {
    ...storefront,
    origin: "https://evil.example",
  });
  expect([elsewhere.status, elsewhere.body.error.code]).toEqual([403, "FORBIDDEN"]);
});

test("a staff app's Bearer token reads orders over REST", async () => {
  const app = await ok(call<{ id: string }>("POST", "/staff-apps", keysOf(tenant), { name: "Floor app" }), 201);
  const user = await ok(
    call<{ id: string }>("POST", "/users", keysOf(tenant), {
      email: "associate@rest.example",
      name: "Associate",
      role: "STAFF",
      staffAppAccess: true,
    }),
    201,
  );
  const { token } = await ok(call<{ token: string }>("POST", `/users/${user.id}/password-token`, keysOf(tenant)), 201);
  const origin = base.replace(/\/api\/v1$/, "");
  const password = "correct horse battery rest";
  const set = await fetch(`${origin}/auth/set-password`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ token, password }),
  });
  expect(set.status).toBe(204);
  const login = await fetch(`${origin}/auth/login`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ email: "associate@rest.example", password, appId: app.id }),
  });
  const { accessToken } = (await login.json()) as { accessToken: string };
  const orders = await ok(call<{ totalCount: number }>("GET", "/orders", { authorization: `Bearer ${accessToken}` }));
  expect(orders.totalCount).toBeGreaterThanOrEqual(0);
  const forged = await call<{ error: { code: string } }>("GET", "/orders", { authorization: "Bearer not.a.token" });
  expect([forged.status, forged.body.error.code]).toEqual([401, "UNAUTHENTICATED"]);
});
