import { startStack, type TestStack } from "../helpers/stack";
import { createTenant, type Tenant } from "../helpers/tenants";

/**
 * Answers the fuzz (tests/e2e/fuzz.test.ts) once found outside /api/v1's documented error
 * shape, `{ error: { code, message, details } }`: each case here is one it sent.
 */

let stack: TestStack;
let tenant: Tenant;
let base: string;
beforeAll(async () => {
  stack = await startStack();
  tenant = await createTenant(stack.http);
  base = stack.gateway.url.replace(/\/graphql$/, "/api/v1");
});
afterAll(() => stack?.stop());

const keys = () => ({ "x-api-key": tenant.platform.platformKey, "client-x-api-key": tenant.clientKey });

async function answer(path: string, init: RequestInit = {}): Promise<{ status: number; body: unknown }> {
  const response = await fetch(base + path, { ...init, headers: { ...keys(), ...(init.headers ?? {}) } });
  return { status: response.status, body: await response.json() };
}

const restError = (code: string) => ({
  error: { code, message: expect.any(String) as unknown, details: expect.any(Object) as unknown },
});

describe("a body the JSON parser refuses before it reads it", () => {
  test("a charset nobody reads is a 415 in the REST error shape, not GraphQL's", async () => {
    const { status, body } = await answer("/products", {
      method: "POST",
      headers: { "content-type": "application/json; charset=bogus" },
      body: JSON.stringify({ sku: "X", name: "x", price: "1.00" }),
    });
    expect(status).toBe(415);
    expect(body).toEqual(restError("BAD_USER_INPUT"));
    expect((body as { error: { message: string } }).error.message).toMatch(/charset/);
  });

  test("a content encoding nobody reads is a 415 in the REST error shape", async () => {
    const { status, body } = await answer("/products", {
      method: "POST",
      headers: { "content-type": "application/json", "content-encoding": "bogus" },
      body: "{}",
    });
    expect(status).toBe(415);
    expect(body).toEqual(restError("BAD_USER_INPUT"));
  });
});

describe("a body not in the compression it names", () => {
  test.each(["gzip", "deflate", "br"])(
    "content-encoding %s over plain JSON is a 400 in the REST error shape",
    async (encoding) => {
      const { status, body } = await answer("/products", {
        method: "POST",
        headers: { "content-type": "application/json", "content-encoding": encoding },
        body: JSON.stringify({ sku: "X", name: "x", price: "1.00" }),
      });
      expect(status).toBe(400);
      expect(body).toEqual(restError("BAD_USER_INPUT"));
    },
  );
});

describe("the base path itself", () => {
  test.each(["GET", "POST", "PUT", "DELETE"])(
    "%s /api/v1 is a 404 with a JSON error body, not an empty one",
    async (method) => {
      const { status, body } = await answer("", { method });
      expect(status).toBe(404);
      expect(body).toEqual(restError("NOT_FOUND"));
    },
  );

  test("without keys too, as any unknown path under it", async () => {
    for (const path of ["", "/nothing-here"]) {
      const response = await fetch(base + path);
      expect({ path, status: response.status, body: (await response.json()) as unknown }).toEqual({
        path,
        status: 404,
        body: restError("NOT_FOUND"),
      });
    }
  });
});
