import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { anonymous } from "../../subgraphs/core/src/auth/context";
import { contextHeader, signContext } from "../../subgraphs/core/src/auth/signed-context";
import { SecretBox } from "../../subgraphs/core/src/crypto/secret-box";
import { silentLogger } from "../../subgraphs/core/src/logger";
import { buildSubgraph } from "../../subgraphs/core/src/subgraph/build-schema";
import { createSubgraphRuntime } from "../../subgraphs/core/src/subgraph/runtime";
import { serveSubgraph, type ServedSubgraph } from "../../subgraphs/core/src/subgraph/serve";
import { clientsModule } from "../../subgraphs/clients/src/module";
import { databaseKind } from "../helpers/database";
import { freePort } from "../helpers/ports";
import { createTenantCache } from "../../subgraphs/core/src/cache/tenant-cache";
import { root, stopProcess } from "../helpers/process";
import { startStack, testSecrets, type TestStack } from "../helpers/stack";
import { createTenant } from "../helpers/tenants";
import { waitFor } from "../helpers/wait";

/** A subgraph on its own port, as in distributed mode, and a gateway that reaches it over HTTP. */
describe("standalone subgraph", () => {
  let stack: TestStack;
  let clients: ServedSubgraph;

  beforeAll(async () => {
    stack = await startStack();
    const runtime = createSubgraphRuntime(clientsModule, buildSubgraph(clientsModule), {
      prisma: stack.database.db.prisma,
      internalSecret: testSecrets.internalSecret,
      log: silentLogger,
      config: stack.config,
      secretBox: new SecretBox(testSecrets.encryptionKey),
      cache: createTenantCache({ ttlMs: 0 }, silentLogger),
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
    // @apollo/subgraph 2.14 prints a type's directives on lines of their own.
    expect(body.data._service.sdl).toMatch(/type Client\s+@key\(fields: "id"\)/);
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

/** `npm run start:subgraph -- <name>` as the script holds it, minus npm itself. */
function startSubgraphScript(args: string[], env: NodeJS.ProcessEnv) {
  const scripts = (
    JSON.parse(readFileSync(path.join(root, "package.json"), "utf8")) as { scripts: Record<string, string> }
  ).scripts;
  const [node, ...scriptArgs] = scripts["start:subgraph"]!.split(" ");
  expect(node).toBe("node");
  return { command: process.execPath, args: [...scriptArgs, ...args], options: { cwd: root, env } };
}

describe("npm run start:subgraph", () => {
  test("an unknown name exits 2 and lists the subgraphs there are", () => {
    const { command, args, options } = startSubgraphScript(["catalogue"], process.env);
    const run = spawnSync(command, args, { ...options, encoding: "utf8", timeout: 110_000 });
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('Unknown subgraph "catalogue"');
    expect(run.stderr).toContain("clients, catalog, inventory, orders, integrations");
  });

  // A standalone subgraph refuses the embedded database (it belongs to the gateway process).
  const onPostgres = databaseKind === "postgres" ? test : test.skip;

  onPostgres(
    "catalog alone: /health answers, unsigned requests are refused, the gateway's signed ones served",
    async () => {
      const stack = await startStack({ dispatcher: false });
      let child: ChildProcess | undefined;
      try {
        const port = await freePort();
        const { command, args, options } = startSubgraphScript(["catalog"], {
          ...process.env,
          DATABASE_URL: stack.database.url,
          PORT: String(port),
          HOST: "127.0.0.1",
          OMNI_DATA_DIR: mkdtempSync(path.join(tmpdir(), "omni-subgraph-")),
          OMNI_INTERNAL_SECRET: testSecrets.internalSecret,
          OMNI_ENCRYPTION_KEY: testSecrets.encryptionKey,
          OMNI_ADMIN_KEY: testSecrets.adminKey,
        });
        child = spawn(command, args, { ...options, stdio: ["ignore", "pipe", "pipe"] });
        let output = "";
        child.stdout?.on("data", (chunk: Buffer) => (output += chunk.toString()));
        child.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString()));
        const base = `http://127.0.0.1:${port}`;
        await waitFor(
          () =>
            fetch(`${base}/health`).then(
              (response) => response.ok,
              () => false,
            ),
          30_000,
          `the catalog subgraph on port ${port} (output so far: ${output})`,
        );
        expect(await (await fetch(`${base}/health`)).json()).toEqual({ status: "ok", subgraph: "catalog" });

        const post = (headers: Record<string, string>) =>
          fetch(`${base}/graphql`, {
            method: "POST",
            headers: { "content-type": "application/json", ...headers },
            body: JSON.stringify({ query: "{ _service { sdl } }" }),
          });
        const unsigned = await post({});
        expect(unsigned.status).toBe(401);
        const refusal = (await unsigned.json()) as { errors: { extensions: { code: string } }[] };
        expect(refusal.errors[0]?.extensions.code).toBe("UNAUTHENTICATED");

        const signed = await post({ [contextHeader]: signContext(testSecrets.internalSecret, anonymous, "x") });
        expect(signed.status).toBe(200);
        const body = (await signed.json()) as { data: { _service: { sdl: string } } };
        expect(body.data._service.sdl).toMatch(/type Product\s+@key\(fields: "id"\)/);
      } finally {
        if (child && child.exitCode === null) await stopProcess(child);
        await stack.stop();
      }
    },
  );
});
