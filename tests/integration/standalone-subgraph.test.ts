import { anonymous } from "../../subgraphs/core/src/auth/context";
import { contextHeader, signContext } from "../../subgraphs/core/src/auth/signed-context";
import { SecretBox } from "../../subgraphs/core/src/crypto/secret-box";
import { silentLogger } from "../../subgraphs/core/src/logger";
import { buildSubgraph } from "../../subgraphs/core/src/subgraph/build-schema";
import { createSubgraphRuntime } from "../../subgraphs/core/src/subgraph/runtime";
import { serveSubgraph, type ServedSubgraph } from "../../subgraphs/core/src/subgraph/serve";
import { clientsSubgraph } from "../../subgraphs/clients/src/subgraph";
import { startStack, testSecrets, type TestStack } from "../helpers/stack";
import { createTenant } from "../helpers/tenants";

/** A subgraph on its own port, as in distributed mode, and a gateway that reaches it over HTTP. */
describe("standalone subgraph", () => {
  let stack: TestStack;
  let clients: ServedSubgraph;

  beforeAll(async () => {
    stack = await startStack();
    const runtime = createSubgraphRuntime(clientsSubgraph, buildSubgraph(clientsSubgraph), {
      prisma: stack.database.db.prisma,
      internalSecret: testSecrets.internalSecret,
      log: silentLogger,
      config: stack.config,
      secretBox: new SecretBox(testSecrets.encryptionKey),
    });
    clients = await serveSubgraph(runtime, { host: "127.0.0.1", port: 0 });
  });
  afterAll(async () => {
    await clients.stop();
    await stack.stop();
  });

  const post = (headers: Record<string, string>) =>
    fetch(clients.url, {
      method: "POST",
      headers: { "content-type": "application/json", ...headers },
      body: JSON.stringify({ query: "{ _service { sdl } }" }),
    });

  test("refuses a request without the gateway's signed context", async () => {
    const response = await post({});
    expect(response.status).toBe(401);
    const body = (await response.json()) as { errors: { extensions: { code: string } }[] };
    expect(body.errors[0]?.extensions.code).toBe("UNAUTHENTICATED");
  });

  test("refuses a context signed with another secret", async () => {
    const forged = signContext("not-the-internal-secret-at-all-0123456789", { ...anonymous, isAdmin: true }, "x");
    expect((await post({ [contextHeader]: forged })).status).toBe(401);
  });

  test("answers the gateway's signed requests", async () => {
    const response = await post({ [contextHeader]: signContext(testSecrets.internalSecret, anonymous, "x") });
    expect(response.status).toBe(200);
    const body = (await response.json()) as { data: { _service: { sdl: string } } };
    expect(body.data._service.sdl).toContain('type Client @key(fields: "id")');
  });

  test("a gateway configured with the subgraph's URL serves it over HTTP", async () => {
    const remote = await startStack({ config: { subgraphUrls: { clients: clients.url } }, database: stack.database });
    try {
      const tenant = await createTenant(remote.http);
      const viaHttp = await remote.http
        .with({ "x-api-key": tenant.platform.platformKey, "client-x-api-key": tenant.clientKey })
        .data<{ me: { client: { id: string } } }>("{ me { client { id } } }");
      expect(viaHttp.me.client.id).toBe(tenant.clientId);
    } finally {
      await remote.stop();
    }
  });
});
