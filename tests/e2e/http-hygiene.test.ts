import { Writable } from "node:stream";
import { loadConfig } from "../../subgraphs/core/src/config";
import { createLogger } from "../../subgraphs/core/src/logger";
import { freePort } from "../helpers/ports";
import { quickShutdown, startStack, type TestStack } from "../helpers/stack";
import { connect } from "../helpers/subscriptions";
import { createTenant, type Tenant } from "../helpers/tenants";

const introspection = "{ __schema { queryType { name } } }";

/** Documents whose errors would name what is in the schema: a misspelt field, input field, enum value. */
const misspelt = {
  field: "{ prodcts(first: 1) { totalCount } }",
  inputField: {
    query: "query ($filter: OrderFilter) { orders(filter: $filter) { totalCount } }",
    variables: { filter: { statu: null } },
  },
  enumValue: {
    query: "query ($filter: OrderFilter) { orders(filter: $filter) { totalCount } }",
    variables: { filter: { status: ["PENDNG"] } },
  },
  subscription: "subscription { stockChangd { onHand } }",
};

/** The errors graphql-ws answers a subscription with, or the data if it ran. */
async function overWebSocket(stack: TestStack, tenant: Tenant, query: string) {
  const { client, connected } = connect(stack.gateway.url, {
    "x-api-key": tenant.platform.platformKey,
    "client-x-api-key": tenant.clientKey,
  });
  await connected;
  try {
    return await new Promise<{ errors?: { message: string; extensions?: Record<string, unknown> }[]; data?: unknown }>(
      (resolve) => {
        client.subscribe(
          { query },
          {
            next: (result) => resolve({ data: result.data, errors: result.errors as never }),
            error: (errors) => resolve({ errors: errors as never }),
            complete: () => undefined,
          },
        );
      },
    );
  } finally {
    await client.dispose();
  }
}

/** Every error message of an answer to each misspelt document, over HTTP and WebSocket. */
async function misspeltMessages(stack: TestStack, tenant: Tenant): Promise<string[]> {
  const answers = [
    await tenant.api.request(misspelt.field),
    await tenant.api.request(misspelt.inputField.query, misspelt.inputField.variables),
    await tenant.api.request(misspelt.enumValue.query, misspelt.enumValue.variables),
    await overWebSocket(stack, tenant, misspelt.subscription),
  ];
  return answers.map((answer) => answer.errors?.map((error) => error.message).join("\n") ?? "no error");
}

/** A browser asking for `/graphql` as a page, as it does when a developer opens the URL. */
const openInBrowser = (stack: TestStack) => fetch(stack.gateway.url, { headers: { accept: "text/html" } });

function memoryLog() {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(...chunk.toString().split("\n").filter(Boolean));
      done();
    },
  });
  return { log: createLogger({ destination }), lines, text: () => lines.join("\n") };
}

describe("in development, with a CORS allow-list", () => {
  let stack: TestStack;
  const allowed = "https://shop.example";

  beforeAll(async () => {
    const { corsOrigins } = loadConfig({ OMNI_CORS_ORIGINS: `${allowed}, https://admin.example:8443` });
    stack = await startStack({ config: { corsOrigins } });
  });
  afterAll(() => stack.stop());

  test("a listed origin may call /graphql and /ready from the browser; another origin gets no CORS headers", async () => {
    const preflight = await fetch(stack.gateway.url, {
      method: "OPTIONS",
      headers: {
        origin: allowed,
        "access-control-request-method": "POST",
        "access-control-request-headers": "content-type,x-api-key,client-x-api-key",
      },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get("access-control-allow-origin")).toBe(allowed);
    expect(preflight.headers.get("access-control-allow-headers")).toContain("client-x-api-key");
    expect(preflight.headers.get("access-control-allow-credentials")).toBeNull();

    const call = await stack.http.with({ origin: allowed }).request(introspection);
    expect(call.status).toBe(200);
    expect(call.headers.get("access-control-allow-origin")).toBe(allowed);
    expect(call.headers.get("access-control-expose-headers")).toContain("x-request-id");

    const ready = await fetch(stack.gateway.url.replace(/\/graphql$/, "/ready"), { headers: { origin: allowed } });
    expect(ready.headers.get("access-control-allow-origin")).toBe(allowed);

    const foreign = await stack.http.with({ origin: "https://evil.example" }).request(introspection);
    expect(foreign.headers.get("access-control-allow-origin")).toBeNull();
  });

  test("API responses carry security headers and a policy that loads nothing", async () => {
    const response = await stack.http.request(introspection);
    expect(response.headers.get("x-content-type-options")).toBe("nosniff");
    expect(response.headers.get("strict-transport-security")).toContain("max-age=");
    expect(response.headers.get("x-frame-options")).toBe("SAMEORIGIN");
    expect(response.headers.get("referrer-policy")).toBe("no-referrer");
    expect(response.headers.get("x-powered-by")).toBeNull();
    const policy = response.headers.get("content-security-policy");
    expect(policy).toContain("default-src 'none'");
    expect(policy).toContain("frame-ancestors 'none'");
  });

  test("Apollo Sandbox is served with its own nonce policy, which the header policy does not override", async () => {
    const page = await openInBrowser(stack);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain("embeddable-sandbox.cdn.apollographql.com");
    const nonce = /nonce="([0-9a-f]+)"/.exec(html)?.[1];
    expect(nonce).toBeDefined();
    expect(html).toContain(`script-src 'self' 'nonce-${nonce}'`);
    const header = page.headers.get("content-security-policy") ?? "";
    expect(header).toContain("frame-ancestors 'none'");
    expect(header).not.toMatch(/default-src|script-src|style-src/);
    expect((await stack.http.request(introspection)).data).toEqual({ __schema: { queryType: { name: "Query" } } });
  });
});

test("a CORS entry that is not a bare origin stops the start, naming the setting", () => {
  expect(() => loadConfig({ OMNI_CORS_ORIGINS: "https://shop.example/app" })).toThrow(/OMNI_CORS_ORIGINS/);
  expect(() => loadConfig({ OMNI_CORS_ORIGINS: "*" })).toThrow(/OMNI_CORS_ORIGINS/);
});

describe("without a CORS allow-list", () => {
  let stack: TestStack;
  beforeAll(async () => {
    stack = await startStack();
  });
  afterAll(() => stack.stop());

  test("no origin gets CORS headers", async () => {
    const response = await stack.http.with({ origin: "https://shop.example" }).request(introspection);
    expect(response.status).toBe(200);
    expect(response.headers.get("access-control-allow-origin")).toBeNull();
  });
});

describe("in production", () => {
  let stack: TestStack;
  let tenant: Tenant;
  const captured = memoryLog();
  let deadSubgraph: string;

  beforeAll(async () => {
    // The catalog subgraph "runs" on a port nobody listens on: every catalog fetch fails.
    deadSubgraph = `http://127.0.0.1:${await freePort()}/graphql`;
    const config = loadConfig({
      NODE_ENV: "production",
      PORT: "0",
      OMNI_SUBGRAPH_URLS: `catalog=${deadSubgraph}`,
      ...quickShutdown,
    });
    stack = await startStack({ config, log: captured.log });
    tenant = await createTenant(stack.http);
  });
  afterAll(() => stack.stop());

  test("introspection and the Sandbox landing page are off", async () => {
    const response = await stack.http.request(introspection);
    expect(response.status).toBe(400);
    expect(response.data).toBeUndefined();
    expect(response.errors?.[0]?.message).toMatch(/introspection/i);
    const page = await openInBrowser(stack);
    expect(await page.text()).not.toContain("apollographql.com");
  });

  test("introspection is off over WebSocket too", async () => {
    const answer = await overWebSocket(stack, tenant, "{ __schema { types { name } } }");
    expect(answer.data).toBeUndefined();
    expect(answer.errors?.[0]?.message).toMatch(/introspection/i);
    expect(answer.errors?.[0]?.extensions?.code).toBe("GRAPHQL_VALIDATION_FAILED");
  });

  test("errors do not suggest names from the schema, over HTTP or WebSocket", async () => {
    const messages = await misspeltMessages(stack, tenant);
    expect(messages).toEqual([
      expect.stringContaining('"prodcts"'),
      expect.stringContaining('"statu"'),
      expect.stringContaining('"PENDNG"'),
      expect.stringContaining('"stockChangd"'),
    ]);
    for (const message of messages)
      expect(message).not.toMatch(/did you mean|"products"|"status"|"PENDING"|"stockChanged"/i);
  });

  test("a failing subgraph fetch answers a masked error; the log keeps the cause with the request id", async () => {
    const response = await tenant.api
      .with({ "x-request-id": "req-dead-catalog" })
      .request("{ products(first: 1) { totalCount } }");
    expect(response.errors).toHaveLength(1);
    expect(response.errors?.[0]?.message).toBe("Internal server error");
    expect(response.errors?.[0]?.extensions).toEqual({ code: "INTERNAL_SERVER_ERROR" });
    const body = JSON.stringify(response);
    expect(body).not.toContain(new URL(deadSubgraph).port);
    expect(body).not.toMatch(/ECONNREFUSED|stacktrace|\/work\/|node_modules/);

    const logged = captured.lines.filter((line) => line.includes("req-dead-catalog") && line.includes("ECONNREFUSED"));
    expect(logged.length).toBeGreaterThan(0);
  });

  test("a database error answers without SQL, table names or Prisma's message; the log has them", async () => {
    const sql = stack.database.db.prisma;
    await sql.$executeRawUnsafe(`ALTER TABLE "Location" RENAME TO "Location_moved"`);
    try {
      const response = await tenant.api.with({ "x-request-id": "req-missing-table" }).request("{ locations { id } }");
      expect(response.errors?.[0]?.message).toBe("Internal server error");
      expect(response.errors?.[0]?.extensions?.code).toBe("INTERNAL_SERVER_ERROR");
      expect(JSON.stringify(response)).not.toMatch(/"Location|[Pp]risma|does not exist|SELECT |\/work\//);
      const logged = captured.lines.find((line) => line.includes("req-missing-table") && line.includes("Location"));
      expect(logged).toBeDefined();
    } finally {
      await sql.$executeRawUnsafe(`ALTER TABLE "Location_moved" RENAME TO "Location"`);
    }
  });

  test("errors meant for clients keep their message and code", async () => {
    const response = await stack.http.request("{ me { client { id } } }");
    expect(response.status).toBe(401);
    expect(response.errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
    const invalid = await tenant.api.request("{ nope }");
    expect(invalid.errors?.[0]?.extensions?.code).toBe("GRAPHQL_VALIDATION_FAILED");
    expect(invalid.errors?.[0]?.message).toContain("nope");
  });

  test("a request Apollo refuses itself with a 400 keeps its message, with a client code", async () => {
    const response = await fetch(stack.gateway.url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        query: "{ me { client { id } } }",
        extensions: { persistedQuery: { version: 9, sha256Hash: "0".repeat(64) } },
      }),
    });
    expect(response.status).toBe(400);
    const body = (await response.json()) as { errors: { message: string; extensions: { code: string } }[] };
    expect(body.errors).toMatchObject([
      { message: "Unsupported persisted query version", extensions: { code: "BAD_REQUEST" } },
    ]);
  });
});

describe("in production with OMNI_ENABLE_INTROSPECTION=true", () => {
  let stack: TestStack;
  let tenant: Tenant;
  beforeAll(async () => {
    const config = loadConfig({
      NODE_ENV: "production",
      PORT: "0",
      OMNI_ENABLE_INTROSPECTION: "true",
      ...quickShutdown,
    });
    stack = await startStack({ config });
    tenant = await createTenant(stack.http);
  });
  afterAll(() => stack.stop());

  test("introspection and Sandbox are back", async () => {
    expect((await stack.http.request(introspection)).data).toEqual({ __schema: { queryType: { name: "Query" } } });
    expect(await (await openInBrowser(stack)).text()).toContain("embeddable-sandbox.cdn.apollographql.com");
  });

  test("errors suggest the names meant, as the schema is public anyway", async () => {
    for (const message of await misspeltMessages(stack, tenant)) expect(message).toMatch(/Did you mean/);
  });
});
