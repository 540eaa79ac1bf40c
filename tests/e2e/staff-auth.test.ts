import { Writable } from "node:stream";
import { createLocalJWKSet, jwtVerify } from "jose";
import { loadConfig } from "../../subgraphs/core/src/config";
import { createLogger } from "../../subgraphs/core/src/logger";
import { pruneExpiredRows } from "../../subgraphs/core/src/module/retention";
import { modules } from "../../subgraphs/modules";
import { createLocation, createOrder, createPublishedProduct, setStock } from "../helpers/commerce";
import type { GraphqlClient } from "../helpers/graphql-client";
import { startStack, type TestStack } from "../helpers/stack";
import { connect, subscribe } from "../helpers/subscriptions";
import { createTenant, type Tenant } from "../helpers/tenants";
import { dumpEveryTable, leakedIn } from "../helpers/secret-leaks";
import { waitFor } from "../helpers/wait";

interface Tokens {
  accessToken: string;
  refreshToken: string;
  tokenType: string;
  expiresIn: number;
}

interface RestAnswer<T> {
  status: number;
  headers: Headers;
  body: T;
}

describe("staff app sign-in (POST /auth/login, Bearer tokens)", () => {
  const logLines: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      logLines.push(chunk.toString());
      done();
    },
  });
  /** Every password and token this file handles, for the grep of logs and tables at the end. */
  const secrets: string[] = [];
  let stack: TestStack;
  let tenant: Tenant;
  let appId: string;
  let productId: string;
  let locationId: string;

  const base = () => stack.gateway.url.replace(/\/graphql$/, "");
  async function post<T>(path: string, body: unknown): Promise<RestAnswer<T>> {
    const response = await fetch(`${base()}${path}`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, headers: response.headers, body: (text ? JSON.parse(text) : null) as T };
  }
  const bearer = (token: string): GraphqlClient => stack.http.with({ authorization: `Bearer ${token}` });

  /** A user created by the tenant's admin, who sets a password with the single-use token handed over. */
  async function staffUser(email: string, role: string, staffAppAccess = true): Promise<string> {
    const { createUser } = await tenant.api.data<{ createUser: { id: string } }>(
      "mutation ($input: CreateUserInput!) { createUser(input: $input) { id } }",
      { input: { email, name: email, role, staffAppAccess } },
    );
    const { issuePasswordToken } = await tenant.api.data<{ issuePasswordToken: { token: string } }>(
      "mutation ($id: ID!) { issuePasswordToken(userId: $id) { token } }",
      { id: createUser.id },
    );
    const password = `correct horse ${email}`;
    secrets.push(issuePasswordToken.token, password);
    const set = await post("/auth/set-password", { token: issuePasswordToken.token, password });
    expect(set.status).toBe(204);
    return createUser.id;
  }

  async function signIn(email: string): Promise<Tokens> {
    const answer = await post<Tokens>("/auth/login", { email, password: `correct horse ${email}`, appId });
    expect(answer.status).toBe(200);
    secrets.push(answer.body.accessToken, answer.body.refreshToken);
    return answer.body;
  }

  beforeAll(async () => {
    stack = await startStack({ log: createLogger({ destination }) });
    tenant = await createTenant(stack.http);
    const { registerStaffApp } = await tenant.api.data<{ registerStaffApp: { id: string } }>(
      'mutation { registerStaffApp(name: "Shop floor") { id } }',
    );
    appId = registerStaffApp.id;
    productId = await createPublishedProduct(tenant.api, "STAFF-1");
    locationId = await createLocation(tenant.api, "floor");
    await setStock(tenant.api, productId, locationId, 100);
  });
  afterAll(() => stack.stop());

  test("a sales associate signs in, orders with the Bearer token, and is refused what its role lacks", async () => {
    const userId = await staffUser("ann@shop.example", "STAFF");
    const tokens = await signIn("ann@shop.example");
    expect(tokens).toMatchObject({ tokenType: "Bearer", expiresIn: 900 });
    expect(tokens.refreshToken).toMatch(/^rt_/);

    const ann = bearer(tokens.accessToken);
    const order = await createOrder(ann, [{ productId, locationId, quantity: 2 }]);
    expect(order.errors).toBeUndefined();
    const { products } = await ann.data<{ products: { totalCount: number } }>("{ products { totalCount } }");
    expect(products.totalCount).toBe(1);

    const stockChange = await ann.request(
      "mutation ($input: SetInventoryInput!) { setInventory(input: $input) { onHand } }",
      { input: { productId, locationId, onHand: 5, reason: "count" } },
    );
    expect(stockChange.status).toBe(403);
    expect(stockChange.errors?.[0]).toMatchObject({
      message: "This operation needs the stock:write permission, which the associate role does not grant",
      extensions: { code: "FORBIDDEN", requiredPermission: "stock:write" },
    });
    const statusChange = await ann.request("mutation ($id: ID!) { processOrder(id: $id) { status } }", {
      id: order.data!.createOrder.id,
    });
    expect(statusChange.errors?.[0]?.extensions).toMatchObject({
      code: "FORBIDDEN",
      requiredPermission: "orders:manage",
    });

    // The audit log names the person, not a key.
    const { auditLog } = await tenant.api.data<{
      auditLog: { edges: { node: { action: string; actorUserId: string | null; actorKeyId: string | null } }[] };
    }>(
      '{ auditLog(first: 50, filter: { action: "order.created" }) { edges { node { action actorUserId actorKeyId } } } }',
    );
    expect(auditLog.edges.map(({ node }) => node)).toContainEqual({
      action: "order.created",
      actorUserId: userId,
      actorKeyId: null,
    });
  });

  test("a manager also changes stock and order status; a user without staff app access cannot sign in", async () => {
    await staffUser("max@shop.example", "MANAGER");
    const max = bearer((await signIn("max@shop.example")).accessToken);
    const order = await createOrder(max, [{ productId, locationId, quantity: 1 }]);
    await max.data("mutation ($id: ID!) { processOrder(id: $id) { status } }", { id: order.data!.createOrder.id });
    await max.data("mutation ($input: SetInventoryInput!) { setInventory(input: $input) { onHand } }", {
      input: { productId, locationId, onHand: 90, reason: "count" },
    });
    const keys = await max.request('mutation { registerStaffApp(name: "Another") { id } }');
    expect(keys.errors?.[0]?.extensions).toMatchObject({ code: "FORBIDDEN", requiredPermission: "admin" });

    await staffUser("cleo@shop.example", "STAFF", false);
    const refused = await post<{ error: { code: string; message: string } }>("/auth/login", {
      email: "cleo@shop.example",
      password: "correct horse cleo@shop.example",
      appId,
    });
    expect(refused).toMatchObject({
      status: 401,
      body: { error: { code: "UNAUTHENTICATED", message: "Wrong email or password" } },
    });
  });

  test("the refresh token rotates; replaying a used one revokes the whole family", async () => {
    await staffUser("rita@shop.example", "STAFF");
    const first = await signIn("rita@shop.example");
    const second = await post<Tokens>("/auth/refresh", { refreshToken: first.refreshToken });
    expect(second.status).toBe(200);
    secrets.push(second.body.accessToken, second.body.refreshToken);
    expect(second.body.refreshToken).not.toBe(first.refreshToken);
    await bearer(second.body.accessToken).data("{ me { client { id } } }");

    // A stolen copy of the first token, used after the app moved on: both holders are out.
    const replay = await post<{ error: { code: string } }>("/auth/refresh", { refreshToken: first.refreshToken });
    expect(replay).toMatchObject({ status: 401, body: { error: { code: "UNAUTHENTICATED" } } });
    const next = await post("/auth/refresh", { refreshToken: second.body.refreshToken });
    expect(next.status).toBe(401);
    // The family's access tokens stop too, once the gateway's short lookup cache lets go.
    await waitFor(
      async () => (await bearer(second.body.accessToken).request("{ me { client { id } } }")).status === 401,
      30_000,
      "the revoked family's access token to be refused",
    );
  });

  test("sign-out ends the sign-in; the token verifies against the published JWKS", async () => {
    await staffUser("sam@shop.example", "STAFF");
    const tokens = await signIn("sam@shop.example");
    const jwks = (await (await fetch(`${base()}/.well-known/jwks.json`)).json()) as Parameters<
      typeof createLocalJWKSet
    >[0];
    const { payload } = await jwtVerify(tokens.accessToken, createLocalJWKSet(jwks), { audience: appId });
    expect(payload).toMatchObject({ cid: tenant.clientId, caid: tenant.platform.clientAppId });

    expect((await post("/auth/logout", { refreshToken: tokens.refreshToken })).status).toBe(204);
    expect((await post("/auth/refresh", { refreshToken: tokens.refreshToken })).status).toBe(401);
    await waitFor(
      async () => (await bearer(tokens.accessToken).request("{ me { client { id } } }")).status === 401,
      30_000,
      "the signed-out access token to be refused",
    );
  });

  test("sign-out everywhere ends every sign-in of the person, on every device", async () => {
    await staffUser("una@shop.example", "STAFF");
    const tablet = await signIn("una@shop.example");
    const phone = await signIn("una@shop.example");
    const response = await fetch(`${base()}/auth/logout-everywhere`, {
      method: "POST",
      headers: { authorization: `Bearer ${phone.accessToken}` },
    });
    expect(response.status).toBe(204);
    for (const device of [tablet, phone]) {
      expect((await post("/auth/refresh", { refreshToken: device.refreshToken })).status).toBe(401);
      await waitFor(
        async () => (await bearer(device.accessToken).request("{ me { client { id } } }")).status === 401,
        30_000,
        "every device's access token to be refused",
      );
    }
    const anonymous = await fetch(`${base()}/auth/logout-everywhere`, { method: "POST" });
    expect(anonymous.status).toBe(401);
  });

  test("a Bearer token in connectionParams opens a subscription; keys and a token together are refused", async () => {
    await staffUser("wes@shop.example", "STAFF");
    const { accessToken } = await signIn("wes@shop.example");
    const { client } = connect(stack.gateway.url, { authorization: `Bearer ${accessToken}` });
    try {
      const changes = await subscribe(
        client,
        "subscription ($id: ID!) { stockChanged(productId: $id) { available } }",
        {
          id: productId,
        },
      );
      expect(changes.errors).toEqual([]);
      await setStock(tenant.api, productId, locationId, 70);
      await changes.waitFor(1);
    } finally {
      await client.dispose();
    }
    const both = await tenant.api.with({ authorization: `Bearer ${accessToken}` }).request("{ me { client { id } } }");
    expect(both.status).toBe(401);
    const forged = await bearer(`${accessToken.slice(0, -4)}AAAA`).request("{ me { client { id } } }");
    expect(forged.status).toBe(401);
    const basic = await stack.http.with({ authorization: "Basic dXNlcjpwYXNz" }).request("{ me { client { id } } }");
    expect(basic.errors?.[0]?.message).toBe(
      "The Authorization header takes a Bearer token: `Authorization: Bearer <token>`",
    );
    // An empty header is no credential: the anonymous caller may only introspect.
    const empty = await tenant.api.with({ authorization: "" }).request("{ me { client { id } } }");
    expect(empty.status).toBe(200);
  });

  test("the retention pass forgets refresh tokens a week after they expired, not before", async () => {
    const prisma = stack.database.db.prisma;
    const userId = await staffUser("old@shop.example", "STAFF");
    await signIn("old@shop.example");
    await signIn("old@shop.example");
    const [stale, fresh] = await prisma.refreshToken.findMany({ where: { userId }, orderBy: { id: "asc" } });
    await prisma.refreshToken.update({
      where: { id: stale!.id },
      data: { expiresAt: new Date(Date.now() - 8 * 86_400_000) },
    });
    const deleted = await pruneExpiredRows(prisma, modules, loadConfig({}).retention);
    expect(deleted.refreshTokens).toBeGreaterThanOrEqual(1);
    expect(await prisma.refreshToken.findUnique({ where: { id: stale!.id } })).toBeNull();
    expect(await prisma.refreshToken.findUnique({ where: { id: fresh!.id } })).not.toBeNull();
  });

  test("hostile bodies get 4xx, never a 5xx: huge, deeply nested, NUL bytes, wrong types", async () => {
    const raw = async (path: string, body: string) =>
      (await fetch(`${base()}${path}`, { method: "POST", headers: { "content-type": "application/json" }, body }))
        .status;
    const nested = `${"[".repeat(5000)}${"]".repeat(5000)}`;
    for (const path of ["/auth/login", "/auth/refresh", "/auth/logout", "/auth/set-password", "/auth/session"]) {
      expect({ path, status: await raw(path, JSON.stringify({ email: "x".repeat(100_000) })) }).toEqual({
        path,
        status: 413,
      });
      expect({ path, status: await raw(path, `{"email":${nested}}`) }).toEqual({ path, status: 400 });
      expect({ path, status: await raw(path, "{not json") }).toEqual({ path, status: 400 });
      const nul = JSON.stringify({
        email: "a\u0000@x",
        password: "p\u0000".repeat(8),
        appId,
        refreshToken: "rt_\u0000",
        token: "\u0000",
      });
      expect({ path, status: await raw(path, nul) }).toEqual({ path, status: 400 });
      const wrongTypes = JSON.stringify({
        email: ["a"],
        password: { $gt: "" },
        appId: 7,
        refreshToken: true,
        token: null,
      });
      expect({ path, status: await raw(path, wrongTypes) }).toEqual({ path, status: 400 });
    }
  });

  test("20 wrong passwords in a row: the 21st try waits, even with the right password", async () => {
    await staffUser("tim@shop.example", "STAFF");
    const statuses: number[] = [];
    for (let attempt = 0; attempt < 20; attempt++) {
      statuses.push(
        (await post("/auth/login", { email: "tim@shop.example", password: `wrong ${attempt}`, appId })).status,
      );
    }
    // The first tries are answered at full speed; once the back-off starts, tries inside it are not even checked.
    expect(statuses.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
    expect(statuses).toContain(429);
    const right = await post<{ error: { code: string } }>("/auth/login", {
      email: "tim@shop.example",
      password: "correct horse tim@shop.example",
      appId,
    });
    expect(right.status).toBe(429);
    expect(right.body.error.code).toBe("RATE_LIMITED");
    expect(Number(right.headers.get("retry-after"))).toBeGreaterThan(0);
  });

  test("no password, token or refresh token appears in the log or in any table", async () => {
    expect(secrets.length).toBeGreaterThan(10);
    const log = logLines.join("");
    expect(log.length).toBeGreaterThan(0);
    const dump = await dumpEveryTable(stack.database.db.prisma);
    expect(dump).toContain("argon2id");
    expect(leakedIn(log, secrets)).toEqual([]);
    expect(leakedIn(dump, secrets)).toEqual([]);
  });
});
