import { Writable } from "node:stream";
import { createLogger } from "../../subgraphs/core/src/logger";
import { startStack, testSecrets, type TestStack } from "../helpers/stack";
import { connect } from "../helpers/subscriptions";
import { createTenant, type Tenant } from "../helpers/tenants";

interface LogLine {
  level: number;
  msg: string;
  requestId?: string;
  method?: string;
  path?: string;
  status?: number;
  durationMs?: number;
  clientAppId?: string;
  clientId?: string;
  operationName?: string;
  errorCodes?: string[];
  req?: { headers: Record<string, string> };
}

describe("request log", () => {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(...chunk.toString().split("\n").filter(Boolean));
      done();
    },
  });
  let stack: TestStack;
  let tenant: Tenant;
  const parsed = () => lines.map((line) => JSON.parse(line) as LogLine);
  const lineFor = (requestId: string) =>
    parsed().find((line) => line.requestId === requestId && line.msg.startsWith("request"));

  beforeAll(async () => {
    stack = await startStack({ log: createLogger({ destination }) });
    tenant = await createTenant(stack.http);
  });
  afterAll(() => stack.stop());

  test("one JSON line per request with request id, client, operation name, status and duration", async () => {
    const response = await tenant.api.request("query WhoAmI { me { client { id } } }");
    expect(response.status).toBe(200);
    const requestId = response.headers.get("x-request-id")!;
    expect(requestId).toMatch(/^[0-9a-f-]{36}$/);
    const line = lineFor(requestId);
    expect(line).toMatchObject({
      method: "POST",
      path: "/graphql",
      status: 200,
      clientAppId: tenant.platform.clientAppId,
      clientId: tenant.clientId,
      operationName: "WhoAmI",
    });
    expect(line?.durationMs).toBeGreaterThan(0);
    expect(line?.errorCodes).toBeUndefined();

    const given = await tenant.api.with({ "x-request-id": "trace-0042" }).request("{ nope }");
    expect(given.headers.get("x-request-id")).toBe("trace-0042");
    expect(lineFor("trace-0042")).toMatchObject({ status: 400, errorCodes: ["GRAPHQL_VALIDATION_FAILED"] });
  });

  test("keys, tokens and secrets never reach the log, whichever way they were sent", async () => {
    const wrongClientKey = `sk_${"ab".repeat(32)}`;
    await tenant.platform.api
      .with({ "client-x-api-key": wrongClientKey, "x-request-id": "bad-key" })
      .request("{ me { client { id } } }");
    await tenant.api
      .with({ authorization: "Bearer very-secret-bearer-token", "x-request-id": "bad-query" })
      .request("{ nope }");
    await stack.http
      .with({ "x-admin-key": `${testSecrets.adminKey}-wrong`, "x-request-id": "bad-admin" })
      .request('mutation { createClientApp(input: { name: "x" }) { apiKey } }');
    await stack.http
      .with({ "x-admin-key": testSecrets.adminKey })
      .request('mutation { createClientApp(input: { name: "y" }) { apiKey } }');
    const socket = connect(stack.gateway.url, {
      "x-api-key": tenant.platform.platformKey,
      "client-x-api-key": wrongClientKey,
    });
    await socket.closed;
    await tenant.api.data("query Fine { me { client { id } } }");

    const refused = lineFor("bad-key");
    expect(refused).toMatchObject({ status: 401, errorCodes: ["UNAUTHENTICATED"] });
    // The headers of failed requests are logged for on-call, with the secrets blanked.
    expect(refused?.req?.headers["client-x-api-key"]).toBe("[Redacted]");
    expect(refused?.req?.headers["x-api-key"]).toBe("[Redacted]");
    expect(refused?.req?.headers["content-type"]).toBe("application/json");
    expect(lineFor("bad-query")?.req?.headers.authorization).toBe("[Redacted]");
    expect(lineFor("bad-admin")?.req?.headers["x-admin-key"]).toBe("[Redacted]");

    const everything = lines.join("\n");
    for (const secret of [
      tenant.platform.platformKey,
      tenant.clientKey,
      wrongClientKey,
      testSecrets.adminKey,
      "very-secret-bearer-token",
      testSecrets.internalSecret,
    ]) {
      expect(everything).not.toContain(secret);
    }
  });
});
