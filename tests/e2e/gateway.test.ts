import net from "node:net";
import { Prisma } from "../../subgraphs/core/src/db/generated/client";
import { startStack, type TestStack } from "../helpers/stack";
import { createTenant, type Tenant } from "../helpers/tenants";

let stack: TestStack;
const origin = () => new URL(stack.gateway.url).origin;

beforeAll(async () => {
  stack = await startStack();
});
afterAll(() => stack.stop());

describe("the gateway's HTTP surface", () => {
  test("GET /health answers while the process runs", async () => {
    const response = await fetch(`${origin()}/health`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: "ok", bus: "up" });
  });

  test("GET /ready reports the database", async () => {
    const response = await fetch(`${origin()}/ready`);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ database: "up" });
  });

  test("a browser on /graphql gets the Sandbox landing page", async () => {
    const response = await fetch(stack.gateway.url, { headers: { accept: "text/html" } });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toContain("text/html");
    expect(await response.text()).toContain("sandbox");
  });

  test("every response carries a request id, the caller's own when it sends a sane one", async () => {
    const own = await stack.http.with({ "x-request-id": "trace-123" }).request("{ __typename }");
    expect(own.headers.get("x-request-id")).toBe("trace-123");
    const generated = await stack.http.with({ "x-request-id": "bad id with spaces" }).request("{ __typename }");
    expect(generated.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
  });

  test("the composed schema holds all five subgraphs' entry points", async () => {
    const { __schema } = await stack.http.data<{ __schema: { queryType: { fields: { name: string }[] } } }>(
      "{ __schema { queryType { fields { name } } } }",
    );
    const fields = __schema.queryType.fields.map((field) => field.name);
    expect(fields).toEqual(expect.arrayContaining(["me", "clients", "product", "locations", "order", "connections"]));
  });

  test("malformed requests are client errors, not 500s", async () => {
    const syntax = await stack.http.request("{ me { ");
    expect(syntax.status).toBe(400);
    expect(syntax.errors?.[0]?.extensions?.code).toBe("GRAPHQL_PARSE_FAILED");
    const notJson = await fetch(stack.gateway.url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: "{not json",
    });
    expect(notJson.status).toBe(400);
    const body = (await notJson.json()) as { errors: { message: string; extensions: { code: string } }[] };
    expect(body.errors[0]).toEqual({
      message: "The request body is not valid JSON",
      extensions: { code: "BAD_REQUEST" },
    });
  });

  test("a body over 1 MB is refused with 413 before any work", async () => {
    const response = await fetch(stack.gateway.url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ query: `{ __typename } # ${"x".repeat(1_100_000)}` }),
    });
    expect(response.status).toBe(413);
    expect(((await response.json()) as { errors: unknown[] }).errors).toHaveLength(1);
  });
});

describe("requests no route or no parser accepts", () => {
  test("an unknown path gets a typed JSON 404", async () => {
    const response = await fetch(`${origin()}/wp-admin/setup.php`);
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({ errors: [{ extensions: { code: "NOT_FOUND" } }] });
  });

  test("what Node's HTTP parser refuses gets a typed JSON 400 or 431", async () => {
    const { port } = new URL(origin());
    const raw = (request: string) =>
      new Promise<string>((resolve, reject) => {
        const socket = net.connect(Number(port), "127.0.0.1", () => socket.end(request));
        let answer = "";
        socket.on("data", (chunk: Buffer) => (answer += chunk.toString()));
        socket.on("close", () => resolve(answer));
        socket.on("error", reject);
      });
    const garbage = await raw("HELLO THERE\r\n\r\n");
    expect(garbage).toMatch(/^HTTP\/1\.1 400 /);
    expect(garbage).toContain('"code":"BAD_REQUEST"');
    const huge = await raw(`GET /health HTTP/1.1\r\nhost: x\r\nx-big: ${"a".repeat(20_000)}\r\n\r\n`);
    expect(huge).toMatch(/^HTTP\/1\.1 431 /);
    expect(huge).toContain("The request headers are too large");
  });
});

describe("tenant isolation across subgraphs", () => {
  let alpha: Tenant;
  let beta: Tenant;
  let productId: string;
  let orderId: string;

  beforeAll(async () => {
    [alpha, beta] = await Promise.all([createTenant(stack.http), createTenant(stack.http)]);
    const { prisma } = stack.database.db;
    const product = await prisma.product.create({
      data: {
        clientId: alpha.clientId,
        sku: "MUG-1",
        name: "Mug",
        price: new Prisma.Decimal("19.99"),
        currency: "EUR",
      },
    });
    productId = product.id;
    const order = await prisma.order.create({
      data: { clientId: alpha.clientId, number: 1, currency: "EUR", total: new Prisma.Decimal("39.98") },
    });
    orderId = order.id;
    await prisma.location.create({ data: { clientId: alpha.clientId, name: "Main store", code: "MAIN" } });
  });

  test("a tenant reads its own rows, money as exact decimal strings", async () => {
    const data = await alpha.api.data<{
      product: { sku: string; price: { amount: string; currency: string } };
      order: { number: number; total: { amount: string } };
      locations: { code: string }[];
    }>(
      `query ($p: ID!, $o: ID!) {
        product(id: $p) { sku price { amount currency } }
        order(id: $o) { number total { amount } }
        locations { code }
      }`,
      { p: productId, o: orderId },
    );
    expect(data.product).toEqual({ sku: "MUG-1", price: { amount: "19.99", currency: "EUR" } });
    expect(data.order).toEqual({ number: 1, total: { amount: "39.98" } });
    expect(data.locations).toEqual([{ code: "MAIN" }]);
  });

  test("another tenant sees none of them", async () => {
    const data = await beta.api.data<{ product: null; order: null; locations: unknown[]; connections: unknown[] }>(
      `query ($p: ID!, $o: ID!) { product(id: $p) { id } order(id: $o) { id } locations { id } connections { id } }`,
      { p: productId, o: orderId },
    );
    expect(data).toEqual({ product: null, order: null, locations: [], connections: [] });
  });
});
