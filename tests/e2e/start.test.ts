import { spawnSync } from "node:child_process";
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import net from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { createTestDatabase, serverUrl, type TestDatabase } from "../helpers/database";
import { GraphqlClient } from "../helpers/graphql-client";
import { ensureBuilt } from "../../build";
import { root, runGatewayUntilExit, startGatewayProcess as start, stopProcess as stop } from "../helpers/process";

describe("npm start", () => {
  let database: TestDatabase | undefined;
  let env: NodeJS.ProcessEnv;
  let dataDir: string;

  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(tmpdir(), "omni-start-"));
    const { DATABASE_URL, ...inherited } = process.env;
    const base = { ...inherited, OMNI_DATA_DIR: dataDir, PORT: "0", NODE_ENV: "development" };
    database = process.env.DATABASE_URL ? await createTestDatabase({ migrate: false }) : undefined;
    env = database?.url ? { ...base, DATABASE_URL: database.url } : base;
  });
  afterAll(() => database?.drop());

  test("migrates, seeds a demo tenant, prints its keys and serves them; a restart keeps them", async () => {
    const first = await start(env);
    try {
      const file = path.join(dataDir, "demo-keys.json");
      expect(statSync(file).mode & 0o777).toBe(0o600);
      const keys = JSON.parse(readFileSync(file, "utf8")) as Record<string, string>;
      expect(Object.keys(keys).sort()).toEqual([
        "clientApiKey",
        "clientAppId",
        "clientId",
        "consoleEmail",
        "consolePassword",
        "ownerEmail",
        "ownerPassword",
        "platformApiKey",
        "publishableKey",
        "staffAppId",
        "staffEmail",
        "staffPassword",
      ]);
      expect(first.output).toContain(keys.platformApiKey);
      expect(first.output).toContain(keys.clientApiKey);
      expect(first.output).toContain(keys.publishableKey);
      // The demo storefront's key works alone, from the dev server's origin.
      const storefront = new GraphqlClient(first.url).with({
        "client-x-api-key": keys.publishableKey,
        origin: "http://localhost:3000",
      });
      expect((await storefront.data<{ me: { client: { id: string } } }>("{ me { client { id } } }")).me.client.id).toBe(
        keys.clientId,
      );

      const api = new GraphqlClient(first.url).with({
        "x-api-key": keys.platformApiKey,
        "client-x-api-key": keys.clientApiKey,
      });
      const { me } = await api.data<{ me: { client: { id: string }; clientApp: { id: string } } }>(
        "{ me { client { id } clientApp { id } } }",
      );
      expect(me).toEqual({ client: { id: keys.clientId }, clientApp: { id: keys.clientAppId } });
      expect((await new GraphqlClient(first.url).request("{ me { client { id } } }")).status).toBe(401);

      // The demo sales associate signs in with the printed password, shown on this first start only.
      expect(first.output).toContain(keys.staffPassword);
      const login = await fetch(first.url.replace(/\/graphql$/, "/auth/login"), {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ email: keys.staffEmail, password: keys.staffPassword, appId: keys.staffAppId }),
      });
      expect(login.status).toBe(200);
      const { accessToken } = (await login.json()) as { accessToken: string };
      const staff = new GraphqlClient(first.url).with({ authorization: `Bearer ${accessToken}` });
      expect((await staff.data<{ me: { client: { id: string } } }>("{ me { client { id } } }")).me.client.id).toBe(
        keys.clientId,
      );

      // So does the demo operator, in the console.
      expect(first.output).toContain(keys.consolePassword);
      const console = await fetch(first.url.replace(/\/graphql$/, "/auth/session"), {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ email: keys.consoleEmail, password: keys.consolePassword }),
      });
      expect(console.status).toBe(200);
      expect(((await console.json()) as { person: { level: string } }).person.level).toBe("OPERATOR");
      // The demo tenant's owner signs in to the console as its staff.
      expect(first.output).toContain(keys.ownerPassword);
      const owner = await fetch(first.url.replace(/\/graphql$/, "/auth/session"), {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ email: keys.ownerEmail, password: keys.ownerPassword }),
      });
      expect(
        ((await owner.json()) as { person: { level: string; role: string; clientId: string } }).person,
      ).toMatchObject({
        level: "TENANT_STAFF",
        role: "OWNER",
        clientId: keys.clientId,
      });
      // The banner names the console's page, which the gateway serves.
      const consoleUrl = first.url.replace(/\/graphql$/, "/console/");
      expect(first.output).toContain(`Console:            ${consoleUrl}`);
      const page = await fetch(consoleUrl);
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('<div id="root">');
      // And the REST base, which answers the printed keys.
      const restUrl = first.url.replace(/\/graphql$/, "/api/v1");
      expect(first.output).toContain(`REST:               ${restUrl}  (reference: ${restUrl}/docs)`);
      const restMe = await fetch(`${restUrl}/me`, {
        headers: { "x-api-key": keys.platformApiKey!, "client-x-api-key": keys.clientApiKey! },
      });
      expect(restMe.status).toBe(200);
    } finally {
      expect(await stop(first.child)).toBe(0);
    }

    const second = await start(env);
    try {
      const keys = JSON.parse(readFileSync(path.join(dataDir, "demo-keys.json"), "utf8")) as Record<string, string>;
      expect(second.output).toContain(keys.clientApiKey);
      expect(second.output).not.toContain(keys.staffPassword);
      expect(second.output).not.toContain(keys.consolePassword);
      expect(second.output).not.toContain(keys.ownerPassword);
      const api = new GraphqlClient(second.url).with({
        "x-api-key": keys.platformApiKey,
        "client-x-api-key": keys.clientApiKey,
      });
      await api.with({ "x-request-id": "start-test-last-request" }).data("{ me { client { id } } }");
    } finally {
      expect(await stop(second.child)).toBe(0);
    }
    // Log lines reach stdout in batches; a stop still writes every one, the last request's too.
    const output = await second.finalOutput();
    expect(output).toContain('"requestId":"start-test-last-request"');
    expect(output).toContain('"msg":"stopped"');
  });

  // Only the embedded database is one process's files; PostgreSQL takes many processes.
  (serverUrl ? test.skip : test)(
    "a second start on the same embedded database is refused while the first runs",
    async () => {
      const first = await start(env);
      try {
        const second = await runGatewayUntilExit(env);
        expect(second.code).toBe(1);
        expect(second.output).toContain("in use by process");
        const keys = JSON.parse(readFileSync(path.join(dataDir, "demo-keys.json"), "utf8")) as Record<string, string>;
        await new GraphqlClient(first.url)
          .with({ "x-api-key": keys.platformApiKey, "client-x-api-key": keys.clientApiKey })
          .data("{ me { client { id } } }");
      } finally {
        await stop(first.child);
      }
    },
  );

  test("a bad setting stops the start with a message naming it", async () => {
    const started = await runGatewayUntilExit({ ...env, PORT: "not-a-port" });
    expect(started.code).toBe(1);
    expect(started.output).toContain("PORT");
  });

  test("a taken port stops the start in one line, before the data dir or the database is touched", async () => {
    const taken = net.createServer();
    await new Promise<void>((resolve) => taken.listen(0, "127.0.0.1", resolve));
    const { port } = taken.address() as net.AddressInfo;
    const emptyDataDir = mkdtempSync(path.join(tmpdir(), "omni-start-port-"));
    try {
      const started = await runGatewayUntilExit({
        ...env,
        OMNI_DATA_DIR: emptyDataDir,
        PORT: String(port),
        HOST: "127.0.0.1",
      });
      expect(started.code).toBe(1);
      expect(started.output).toBe(`Port ${port} on 127.0.0.1 is already in use; set PORT to another port\n`);
      // Exited before migrations could run: no embedded database, no generated secrets, nothing
      // (on PostgreSQL, the secrets are generated into the data dir before migrating too).
      expect(readdirSync(emptyDataDir)).toEqual([]);
    } finally {
      taken.close();
    }
  });
});

describe("what npm start runs: dist/, compiled from the sources", () => {
  /** A checkout of one entry point: the same build, on a tree small enough to change freely. */
  function fixture() {
    const fixtureRoot = mkdtempSync(path.join(tmpdir(), "omni-build-"));
    return {
      root: fixtureRoot,
      write(source: string, code: string) {
        mkdirSync(path.dirname(path.join(fixtureRoot, source)), { recursive: true });
        writeFileSync(path.join(fixtureRoot, source), code);
      },
      run: (source: string) =>
        spawnSync(process.execPath, ["--enable-source-maps", path.join(fixtureRoot, "dist", source)], {
          encoding: "utf8",
        }),
    };
  }

  test("a changed source is compiled again before the next start, only it, and a removed one leaves dist/", async () => {
    const tree = fixture();
    try {
      tree.write("gateway/src/main.ts", 'const greeting: string = "first";\nconsole.log(greeting);\n');
      tree.write("gateway/src/extra.ts", "export const extra: number = 1;\n");
      expect(await ensureBuilt({ root: tree.root })).toEqual({ compiled: 2, removed: 0, upToDate: false });
      expect(tree.run("gateway/src/main.js").stdout).toBe("first\n");
      expect(await ensureBuilt({ root: tree.root })).toEqual({ compiled: 0, removed: 0, upToDate: true });

      tree.write("gateway/src/main.ts", 'const greeting: string = "second";\nthrow new Error(greeting);\n');
      rmSync(path.join(tree.root, "gateway/src/extra.ts"));
      expect(await ensureBuilt({ root: tree.root })).toEqual({ compiled: 1, removed: 1, upToDate: false });
      const changed = tree.run("gateway/src/main.js");
      // The stack trace names the TypeScript line, through the source map.
      expect(changed.stderr).toContain("Error: second");
      expect(changed.stderr).toMatch(/gateway\/src\/main\.ts:2:\d+/);
      expect(existsSync(path.join(tree.root, "dist/gateway/src/extra.js"))).toBe(false);
    } finally {
      rmSync(tree.root, { recursive: true, force: true });
    }
  });

  test("`omni --help` runs compiled files only, without a TypeScript loader", () => {
    const probeDir = mkdtempSync(path.join(tmpdir(), "omni-probe-"));
    const probe = path.join(probeDir, "loaded.js");
    // Preloaded into the CLI's process: lists, as it exits, every loaded file that is
    // TypeScript or belongs to swc's register hook.
    writeFileSync(
      probe,
      'process.on("exit", () => process.stderr.write("LOADED " + JSON.stringify(Object.keys(require.cache).filter((file) => /\\.ts$|@swc-node/.test(file))) + "\\n"));\n',
    );
    try {
      const cli = spawnSync(process.execPath, ["-r", probe, path.join(root, "bin/omni.js"), "--help"], {
        encoding: "utf8",
      });
      expect(cli.status).toBe(0);
      expect(cli.stdout).toContain("Usage: omni <command> [options]");
      expect(cli.stderr).toContain("LOADED []");
    } finally {
      rmSync(probeDir, { recursive: true, force: true });
    }
  });
});
