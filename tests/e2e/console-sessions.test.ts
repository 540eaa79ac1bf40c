import { createHash } from "node:crypto";
import { createClient, type Client } from "graphql-ws";
import { Writable } from "node:stream";
import WebSocket from "ws";
import { createLogger } from "../../subgraphs/core/src/logger";
import { createLocation, createPublishedProduct, setStock } from "../helpers/commerce";
import { GraphqlClient } from "../helpers/graphql-client";
import { startStack, testSecrets, type TestStack } from "../helpers/stack";
import { subscribe, wsUrl } from "../helpers/subscriptions";
import { createPlatform, registerTenant, type Platform, type Tenant } from "../helpers/tenants";
import { dumpEveryTable, leakedIn } from "../helpers/secret-leaks";
import { waitFor } from "../helpers/wait";

interface Person {
  level: string;
  accountId: string | null;
  userId: string | null;
  clientAppId: string | null;
  clientId: string | null;
  role: string | null;
}

interface Session {
  token: string;
  csrfToken: string;
  person: Person;
}

interface RestAnswer<T = Record<string, unknown>> {
  status: number;
  headers: Headers;
  body: T;
}

describe("admin console sessions (POST /auth/session, the omni_session cookie)", () => {
  /** Every password and token this file handles, for the grep of the log and tables at the end. */
  const secrets: string[] = [];
  const logLines: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      logLines.push(chunk.toString());
      done();
    },
  });
  let stack: TestStack;
  /** A second gateway on the same database, with tiny idle and absolute expiries. */
  let replica: TestStack;
  let platform: Platform;
  let otherPlatform: Platform;
  let tenant: Tenant;
  let otherTenant: Tenant;
  const admin = () => stack.http.with({ "x-admin-key": testSecrets.adminKey });
  const base = (on: TestStack = stack) => on.gateway.url.replace(/\/graphql$/, "");

  async function rest<T = Record<string, unknown>>(
    path: string,
    init: { method?: string; body?: unknown; session?: Session; csrf?: string; on?: TestStack } = {},
  ): Promise<RestAnswer<T>> {
    const headers: Record<string, string> = { "content-type": "application/json" };
    if (init.session) headers.cookie = `omni_session=${init.session.token}`;
    if (init.csrf) headers["x-csrf-token"] = init.csrf;
    const response = await fetch(`${base(init.on)}${path}`, {
      method: init.method ?? "POST",
      headers,
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
    });
    const text = await response.text();
    return { status: response.status, headers: response.headers, body: (text ? JSON.parse(text) : null) as T };
  }

  /** A browser of the console: the cookie, and the CSRF header unless told otherwise. */
  const browser = (session: Session, on: TestStack = stack, csrf: string | null = session.csrfToken) =>
    new GraphqlClient(on.gateway.url, {
      cookie: `omni_session=${session.token}`,
      ...(csrf !== null && { "x-csrf-token": csrf }),
    });

  async function setPassword(token: string, password: string): Promise<void> {
    secrets.push(token, password);
    expect((await rest("/auth/set-password", { body: { token, password } })).status).toBe(204);
  }

  async function signIn(email: string, password: string, extra: Record<string, unknown> = {}, on = stack) {
    const answer = await rest<{ csrfToken: string; person: Person }>("/auth/session", {
      body: { email, password, ...extra },
      on,
    });
    const setCookie = answer.headers.get("set-cookie") ?? "";
    const token = /^omni_session=([^;]*)/.exec(setCookie)?.[1] ?? "";
    if (answer.status === 200) secrets.push(token, answer.body.csrfToken);
    return { ...answer, setCookie, session: { token, csrfToken: answer.body?.csrfToken, person: answer.body?.person } };
  }

  async function session(email: string, password: string, extra: Record<string, unknown> = {}, on = stack) {
    const signedIn = await signIn(email, password, extra, on);
    expect(signedIn.status).toBe(200);
    return signedIn.session;
  }

  /** A console account created by the operator key (or the platform key), its password set. */
  async function consoleAccount(
    by: GraphqlClient,
    email: string,
    kind: "OPERATOR" | "PLATFORM_ADMIN",
    clientAppId?: string,
  ): Promise<{ id: string; password: string }> {
    const { createConsoleAccount } = await by.data<{
      createConsoleAccount: { account: { id: string }; setPasswordToken: { token: string } };
    }>(
      `mutation ($input: CreateConsoleAccountInput!) {
        createConsoleAccount(input: $input) { account { id } setPasswordToken { token } }
      }`,
      { input: { email, name: email, kind, clientAppId } },
    );
    const password = `console passphrase ${email}`;
    await setPassword(createConsoleAccount.setPasswordToken.token, password);
    return { id: createConsoleAccount.account.id, password };
  }

  /** A tenant's user with a staff role and a password, as its admin makes one. */
  async function staffUser(of: Tenant, email: string, role: string, password = `staff passphrase ${email}`) {
    const { createUser } = await of.api.data<{ createUser: { id: string } }>(
      "mutation ($input: CreateUserInput!) { createUser(input: $input) { id } }",
      { input: { email, name: email, role, staffAppAccess: true } },
    );
    const { issuePasswordToken } = await of.api.data<{ issuePasswordToken: { token: string } }>(
      "mutation ($id: ID!) { issuePasswordToken(userId: $id) { token } }",
      { id: createUser.id },
    );
    await setPassword(issuePasswordToken.token, password);
    return { id: createUser.id, password };
  }

  /** graphql-ws from a browser: the upgrade carries the cookie and the page's Origin. */
  function connectBrowser(session: Session, origin: string, csrf: string | undefined, on = stack) {
    const headers = { cookie: `omni_session=${session.token}`, origin };
    class BrowserSocket extends WebSocket {
      constructor(url: string, protocols?: string | string[]) {
        super(url, protocols, { headers });
      }
    }
    let closedWith: (code: number) => void = () => undefined;
    let connectedNow: () => void = () => undefined;
    const closed = new Promise<number>((resolve) => (closedWith = resolve));
    const connected = new Promise<void>((resolve) => (connectedNow = resolve));
    const client: Client = createClient({
      url: wsUrl(on.gateway.url),
      webSocketImpl: BrowserSocket,
      connectionParams: csrf === undefined ? {} : { "x-csrf-token": csrf },
      lazy: false,
      retryAttempts: 0,
      onNonLazyError: () => undefined,
      on: { connected: () => connectedNow(), closed: (event) => closedWith((event as { code: number }).code) },
    });
    return { client, connected, closed };
  }

  const me = "{ me { clientApp { id } client { id } } }";
  /** What an operator (no client app) can ask. */
  const platforms = "{ clientApps(first: 1) { totalCount } }";
  const refusedCode = (response: { errors?: { extensions?: Record<string, unknown> }[] }) =>
    response.errors?.[0]?.extensions?.code;

  let operator: { id: string; password: string };
  let platformAdmin: { id: string; password: string };
  let manager: { id: string; password: string };

  beforeAll(async () => {
    stack = await startStack({ log: createLogger({ destination }) });
    // No workers: its outbox dispatcher would publish the first gateway's events on its own bus.
    replica = await startStack({
      database: stack.database,
      dispatcher: false,
      config: { consoleSession: { idleMs: 2_000, maxAgeMs: 5_000 } },
    });
    platform = await createPlatform(stack.http);
    otherPlatform = await createPlatform(stack.http);
    tenant = await registerTenant(platform);
    otherTenant = await registerTenant(otherPlatform);
    operator = await consoleAccount(admin(), "Olga@Operator.example", "OPERATOR");
    platformAdmin = await consoleAccount(platform.api, "pat@platform.example", "PLATFORM_ADMIN");
    manager = await staffUser(tenant, "mia@shop.example", "MANAGER");
  });
  afterAll(async () => {
    await replica?.stop();
    await stack?.stop();
  });

  test("sign-in sets an HttpOnly SameSite=Lax cookie (no Secure on plain http); GET /auth/session recovers it", async () => {
    const signedIn = await signIn("olga@operator.example", operator.password);
    expect(signedIn.status).toBe(200);
    expect(signedIn.setCookie).toMatch(/^omni_session=cs_[A-Za-z0-9_-]{43}; /);
    const attributes = signedIn.setCookie.split("; ").slice(1);
    expect(attributes).toEqual(expect.arrayContaining(["HttpOnly", "SameSite=Lax", "Path=/", "Max-Age=43200"]));
    expect(attributes).not.toContain("Secure");
    expect(signedIn.headers.get("cache-control")).toBe("no-store");
    expect(signedIn.body.person).toMatchObject({ level: "OPERATOR", accountId: operator.id, clientAppId: null });
    expect(signedIn.session.csrfToken).toEqual(expect.any(String));

    const current = await rest<{ csrfToken: string; person: Person }>("/auth/session", {
      method: "GET",
      session: signedIn.session,
    });
    expect(current.status).toBe(200);
    expect(current.body.csrfToken).toBe(signedIn.session.csrfToken);
    expect(current.body.person).toEqual(signedIn.body.person);
    expect((await rest("/auth/session", { method: "GET" })).status).toBe(401);
  });

  test("wrong email, password or tenant: the same 401", async () => {
    const wrong = [
      await signIn("olga@operator.example", "not the passphrase at all"),
      await signIn("nobody@operator.example", operator.password),
      await signIn("mia@shop.example", manager.password, { clientId: otherTenant.clientId }),
    ];
    for (const answer of wrong) {
      expect(answer.status).toBe(401);
      expect(answer.body).toEqual({
        error: { code: "UNAUTHENTICATED", message: "Wrong email or password", details: {} },
      });
      expect(answer.setCookie).toBe("");
    }
  });

  test("the cookie alone (with the CSRF header) lets an operator create a client app", async () => {
    const olga = browser(await session("olga@operator.example", operator.password));
    const { createClientApp } = await olga.data<{ createClientApp: { clientApp: { name: string } } }>(
      'mutation { createClientApp(input: { name: "From the console" }) { clientApp { name } } }',
    );
    expect(createClientApp.clientApp.name).toBe("From the console");
    const { consoleAccounts } = await olga.data<{ consoleAccounts: { totalCount: number } }>(
      "{ consoleAccounts(first: 10) { totalCount } }",
    );
    expect(consoleAccounts.totalCount).toBeGreaterThanOrEqual(2);
  });

  test("a platform admin acts as its platform key: its tenants, not another platform's", async () => {
    const pat = await session("pat@platform.example", platformAdmin.password);
    expect(pat.person).toMatchObject({ level: "PLATFORM_ADMIN", clientAppId: platform.clientAppId, clientId: null });
    const console = browser(pat);
    const { clients } = await console.data<{ clients: { edges: { node: { id: string } }[] } }>(
      "{ clients(first: 10) { edges { node { id } } } }",
    );
    expect(clients.edges.map(({ node }) => node.id)).toEqual([tenant.clientId]);
    const foreign = await console.data<{ client: unknown }>("query ($id: ID!) { client(id: $id) { id } }", {
      id: otherTenant.clientId,
    });
    expect(foreign.client).toBeNull();
    const asOperator = await console.request('mutation { createClientApp(input: { name: "No" }) { apiKey } }');
    expect(refusedCode(asOperator)).toBe("UNAUTHENTICATED");
    const operatorAccount = await console.request(
      'mutation { createConsoleAccount(input: { email: "x@y.example", name: "X", kind: OPERATOR }) { account { id } } }',
    );
    expect(refusedCode(operatorAccount)).toBe("FORBIDDEN");
    // It manages its own platform's admins, and sees only those.
    const { consoleAccounts } = await console.data<{ consoleAccounts: { edges: { node: { id: string } }[] } }>(
      "{ consoleAccounts { edges { node { id } } } }",
    );
    expect(consoleAccounts.edges.map(({ node }) => node.id)).toEqual([platformAdmin.id]);

    // What it changes, the tenant's audit log files under its account, not under a key.
    await console.data('mutation ($id: ID!) { updateClient(id: $id, input: { phone: "+41 00" }) { id } }', {
      id: tenant.clientId,
    });
    const { auditLog } = await tenant.api.data<{
      auditLog: { edges: { node: { actorAccountId: string | null; actorKeyId: string | null } }[] };
    }>('{ auditLog(first: 1, filter: { action: "client.updated" }) { edges { node { actorAccountId actorKeyId } } } }');
    expect(auditLog.edges[0]?.node).toEqual({ actorAccountId: platformAdmin.id, actorKeyId: null });
  });

  test("tenant staff act as their role; the same email and password in two tenants asks which (409)", async () => {
    const mia = await session("mia@shop.example", manager.password);
    expect(mia.person).toMatchObject({ level: "TENANT_STAFF", clientId: tenant.clientId, role: "MANAGER" });
    const console = browser(mia);
    const { me: who } = await console.data<{ me: { client: { id: string } } }>(me);
    expect(who.client.id).toBe(tenant.clientId);
    await console.data("{ products(first: 5) { totalCount } }");
    const refused = await console.request('mutation { registerStaffApp(name: "No") { id } }');
    expect(refused.errors?.[0]?.extensions).toMatchObject({ code: "FORBIDDEN", requiredPermission: "admin" });

    const password = "the same passphrase in both shops";
    await staffUser(tenant, "both@shop.example", "STAFF", password);
    await staffUser(otherTenant, "both@shop.example", "OWNER", password);
    const ambiguous = await signIn("both@shop.example", password);
    expect(ambiguous.status).toBe(409);
    expect(ambiguous.body).toMatchObject({ error: { code: "CONFLICT", details: { reason: "SEVERAL_TENANTS" } } });
    const tenants = (ambiguous.body as unknown as { error: { details: { tenants: { clientId: string }[] } } }).error
      .details.tenants;
    expect(tenants.map(({ clientId }) => clientId).sort()).toEqual([tenant.clientId, otherTenant.clientId].sort());
    const chosen = await session("both@shop.example", password, { clientId: otherTenant.clientId });
    expect(chosen.person).toMatchObject({ clientId: otherTenant.clientId, role: "OWNER" });
  });

  test("a cookie POST without the CSRF header, or with a wrong one, is 403; a GET query needs none; keys win", async () => {
    const olga = await session("olga@operator.example", operator.password);
    for (const csrf of [null, "wrong-token", (await session("olga@operator.example", operator.password)).csrfToken]) {
      const response = await browser(olga, stack, csrf).request("{ clientApps { totalCount } }");
      expect(response.status).toBe(403);
      expect(response.errors?.[0]).toMatchObject({
        message: expect.stringContaining("x-csrf-token") as string,
        extensions: { code: "FORBIDDEN" },
      });
    }
    const read = await fetch(`${stack.gateway.url}?query=${encodeURIComponent("{ clientApps { totalCount } }")}`, {
      headers: { cookie: `omni_session=${olga.token}`, "apollo-require-preflight": "true" },
    });
    expect(read.status).toBe(200);
    // Explicit credentials win over the cookie: here the caller is the other platform.
    const withKey = browser(olga).with({ "x-api-key": otherPlatform.platformKey });
    const { me: who } = await withKey.data<{ me: { clientApp: { id: string } } }>(me);
    expect(who.clientApp.id).toBe(otherPlatform.clientAppId);
    // The REST routes that act on the session ask for it too.
    expect((await rest("/auth/session/logout-everywhere", { session: olga })).status).toBe(403);
  });

  test("graphql-ws takes the cookie from the gateway's own origin with the CSRF token in connectionParams", async () => {
    const product = await createPublishedProduct(tenant.api, "CONSOLE-WS");
    const location = await createLocation(tenant.api, "console-ws");
    const mia = await session("mia@shop.example", manager.password);
    const ownOrigin = base();

    const foreign = connectBrowser(mia, "https://evil.example", mia.csrfToken);
    expect(await foreign.closed).toBe(4403);
    const withoutCsrf = connectBrowser(mia, ownOrigin, undefined);
    expect(await withoutCsrf.closed).toBe(4403);

    const { client, connected } = connectBrowser(mia, ownOrigin, mia.csrfToken);
    try {
      await connected;
      const changes = await subscribe(
        client,
        "subscription ($id: ID!) { stockChanged(productId: $id) { available } }",
        {
          id: product,
        },
      );
      expect(changes.errors).toEqual([]);
      await setStock(tenant.api, product, location, 7);
      await changes.waitFor(1);
    } finally {
      await client.dispose();
    }
  });

  test("sign-out ends this session; sign-out everywhere ends every session of the person", async () => {
    const first = await session("pat@platform.example", platformAdmin.password);
    const second = await session("pat@platform.example", platformAdmin.password);
    const third = await session("pat@platform.example", platformAdmin.password);
    const out = await rest("/auth/session/logout", { session: first, csrf: first.csrfToken });
    expect(out.status).toBe(204);
    expect(out.headers.get("set-cookie")).toMatch(/^omni_session=; .*Max-Age=0/);
    expect((await browser(first).request(me)).status).toBe(401);
    await browser(second).data(me);

    expect((await rest("/auth/session/logout-everywhere", { session: second, csrf: second.csrfToken })).status).toBe(
      204,
    );
    for (const ended of [second, third]) {
      const response = await browser(ended).request(me);
      expect(response.status).toBe(401);
      expect(response.errors?.[0]?.message).toBe("The console session has ended: sign in again");
    }
  });

  test("changing one's password ends the person's other sessions and staff-app sign-ins", async () => {
    const { registerStaffApp } = await tenant.api.data<{ registerStaffApp: { id: string } }>(
      'mutation { registerStaffApp(name: "Tablets") { id } }',
    );
    const staffApp = await rest<{ refreshToken: string }>("/auth/login", {
      body: { email: "mia@shop.example", password: manager.password, appId: registerStaffApp.id },
    });
    expect(staffApp.status).toBe(200);
    secrets.push(staffApp.body.refreshToken);
    const here = await session("mia@shop.example", manager.password);
    const elsewhere = await session("mia@shop.example", manager.password);

    const newPassword = "a brand new staff passphrase";
    secrets.push(newPassword);
    const wrongCurrent = await rest("/auth/session/password", {
      session: here,
      csrf: here.csrfToken,
      body: { currentPassword: "not it at all, no", newPassword },
    });
    expect(wrongCurrent.status).toBe(403);
    const changed = await rest("/auth/session/password", {
      session: here,
      csrf: here.csrfToken,
      body: { currentPassword: manager.password, newPassword },
    });
    expect(changed.status).toBe(204);
    await browser(here).data(me);
    expect((await browser(elsewhere).request(me)).status).toBe(401);
    expect((await rest("/auth/refresh", { body: { refreshToken: staffApp.body.refreshToken } })).status).toBe(401);
    expect((await signIn("mia@shop.example", manager.password)).status).toBe(401);
    manager = { ...manager, password: newPassword };
    await session("mia@shop.example", newPassword);
  });

  test("a session signed out on one gateway is refused by another within 1 s, its sockets closed", async () => {
    const pat = await session("pat@platform.example", platformAdmin.password);
    await browser(pat, replica).data(me);
    const { client, connected, closed } = connectBrowser(pat, base(replica), pat.csrfToken, replica);
    try {
      await connected;
      const signedOutAt = Date.now();
      expect((await rest("/auth/session/logout", { session: pat, csrf: pat.csrfToken })).status).toBe(204);
      await waitFor(
        async () => (await browser(pat, replica).request(me)).status === 401,
        5_000,
        "the other gateway to refuse the session",
      );
      const refusedAfterMs = Date.now() - signedOutAt;
      expect(await closed).toBe(4401);
      const closedAfterMs = Date.now() - signedOutAt;
      expect(refusedAfterMs).toBeLessThan(1_000);
      expect(closedAfterMs).toBeLessThan(1_000);
    } finally {
      await client.dispose();
    }
  });

  test("idle expiry: a used session lives on, one unused for OMNI_SESSION_IDLE is refused", async () => {
    // This gateway's sessions: idle 2 s, absolute 5 s.
    const busy = await session("olga@operator.example", operator.password, {}, replica);
    const signedInAt = Date.now();
    let uses = 0;
    await waitFor(
      async () => {
        await browser(busy, replica).data(platforms);
        uses++;
        return Date.now() - signedInAt > 3_000;
      },
      10_000,
      "a session in use past its idle period",
    );
    expect(uses).toBeGreaterThan(1);
    const idle = await session("olga@operator.example", operator.password, {}, replica);
    // Its last use moved back past the idle period, as if the person had left the page.
    await stack.database.db.prisma.$executeRaw`
      UPDATE "ConsoleSession" SET "lastSeenAt" = now() - interval '3 seconds'
      WHERE "hash" = ${createHash("sha256").update(idle.token).digest("hex")}`;
    expect((await browser(idle, replica).request(platforms)).status).toBe(401);
  });

  test("absolute expiry: a session in constant use ends OMNI_SESSION_MAX_AGE after sign-in", async () => {
    // Before the sign-in is sent: the session's clock starts when the server answers it, which
    // on a busy machine is well after the request left.
    const signedInAt = Date.now();
    const busy = await session("olga@operator.example", operator.password, {}, replica);
    await waitFor(
      async () => (await browser(busy, replica).request(platforms)).status === 401,
      15_000,
      "the session to reach its maximum age",
    );
    expect(Date.now() - signedInAt).toBeGreaterThanOrEqual(4_900);
  });

  test("a deactivated account's sessions end at once", async () => {
    const temp = await consoleAccount(platform.api, "temp@platform.example", "PLATFORM_ADMIN");
    const signedIn = await session("temp@platform.example", temp.password);
    await browser(signedIn).data(me);
    await platform.api.data("mutation ($id: ID!) { deactivateConsoleAccount(id: $id) { isActive } }", {
      id: temp.id,
    });
    expect((await browser(signedIn).request(me)).status).toBe(401);
    expect((await signIn("temp@platform.example", temp.password)).status).toBe(401);
    // Another platform cannot see or deactivate it.
    const foreign = await otherPlatform.api.request(
      "mutation ($id: ID!) { deactivateConsoleAccount(id: $id) { isActive } }",
      { id: platformAdmin.id },
    );
    expect(refusedCode(foreign)).toBe("NOT_FOUND");
  });

  // Last of the sign-ins: the failures lock this address out for a while.
  test("20 wrong passwords in a row: the 21st try waits, even with the right password", async () => {
    // The earlier tests' failures count against this address too: start from none.
    await stack.database.db.prisma.$executeRaw`DELETE FROM "LoginThrottle"`;
    const statuses: number[] = [];
    for (let attempt = 0; attempt < 20; attempt++) {
      statuses.push((await signIn("olga@operator.example", `wrong passphrase ${attempt}`)).status);
    }
    expect(statuses.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
    expect(statuses).toContain(429);
    const right = await signIn("olga@operator.example", operator.password);
    expect(right.status).toBe(429);
    expect(Number(right.headers.get("retry-after"))).toBeGreaterThan(0);
  });

  test("no session token, CSRF token, password or set-password token appears in the log or any table", async () => {
    expect(secrets.length).toBeGreaterThan(20);
    const dump = await dumpEveryTable(stack.database.db.prisma);
    expect(dump).toContain("argon2id");
    const log = logLines.join("");
    expect(log.length).toBeGreaterThan(0);
    expect(leakedIn(log, secrets)).toEqual([]);
    expect(leakedIn(dump, secrets)).toEqual([]);
  });
});
