import { execFile } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { generateApiKey } from "../../subgraphs/core/src/auth/api-key-format";
import { createTestDatabase, type TestDatabase } from "../helpers/database";
import { root, startGatewayProcess, stopProcess } from "../helpers/process";
import { startStack, testSecrets, type TestStack } from "../helpers/stack";

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** `npx omni …` minus npx: the same bin file, as a child process with its own environment. */
function omni(args: string[], env: NodeJS.ProcessEnv = {}): Promise<Run> {
  const { OMNI_URL, OMNI_ADMIN_KEY, OMNI_APP_KEY, DATABASE_URL, ...inherited } = process.env;
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [path.join(root, "bin/omni.js"), ...args],
      // A run takes ~0.5–2 s; loaded, far longer. The limit only ends a CLI that hangs.
      { cwd: root, env: { ...inherited, ...env }, timeout: 120_000 },
      (error, stdout, stderr) => resolve({ code: error ? (error.code as number | null) : 0, stdout, stderr }),
    );
  });
}

async function omniJson<T>(args: string[], env?: NodeJS.ProcessEnv): Promise<{ code: number | null; body: T }> {
  const run = await omni([...args, "--json"], env);
  try {
    return { code: run.code, body: JSON.parse(run.stdout) as T };
  } catch {
    throw new Error(`omni ${args[0]} --json printed no JSON (exit ${run.code}):\n${run.stdout}\n${run.stderr}`);
  }
}

interface Verdict {
  accepted: boolean;
  reason: string;
  message: string;
  client?: { id: string; name: string } | null;
}

interface Registered {
  client: { id: string; name: string; code: string; externalId: string | null };
  clientApiKey: string;
  apiKeyInfo: { id: string };
}

describe("omni CLI against a running gateway", () => {
  let stack: TestStack;
  let url: string;
  let platformKey: string;

  const verify = (clientKey: string, platform = platformKey) =>
    omniJson<Verdict>(["keys:verify", "--url", url, "--platform-key", platform, "--client-key", clientKey]);
  const register = (name: string, appKey = platformKey) =>
    omniJson<Registered>([
      "client:register",
      "--url",
      url,
      "--app-key",
      appKey,
      "--name",
      name,
      "--email",
      "ops@example.com",
    ]);

  beforeAll(async () => {
    stack = await startStack();
    url = stack.gateway.url;
    const created = await omniJson<{ clientApp: { id: string; name: string }; platformApiKey: string }>(
      ["app:create", "--url", url, "--name", "Booking SaaS"],
      { OMNI_ADMIN_KEY: testSecrets.adminKey },
    );
    expect(created.code).toBe(0);
    expect(created.body.clientApp.name).toBe("Booking SaaS");
    platformKey = created.body.platformApiKey;
  });
  afterAll(() => stack.stop());

  test("app:create prints the platform key once, in text for people", async () => {
    const run = await omni(["app:create", "--url", url, "--name", "PMS Admin", "--admin-key", testSecrets.adminKey]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/x-api-key:\s+pk_[0-9a-f]{64}\n/);
    expect(run.stdout).toContain("shown once");
  });

  test("operator:create prints a set-password token once; with it the person signs in to the console", async () => {
    const run = await omni(["operator:create", "--url", url, "--email", "Ops@Operator.example", "--name", "Ops"], {
      OMNI_ADMIN_KEY: testSecrets.adminKey,
    });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("shown once");
    const token = /set-password token:\s+(spt_\S+)/.exec(run.stdout)?.[1];
    const base = url.replace(/\/graphql$/, "");
    const post = (path: string, body: unknown) =>
      fetch(`${base}${path}`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(body),
      });
    expect((await post("/auth/set-password", { token, password: "operator passphrase" })).status).toBe(204);
    const signedIn = await post("/auth/session", { email: "ops@operator.example", password: "operator passphrase" });
    expect(signedIn.status).toBe(200);
    expect(((await signedIn.json()) as { person: { level: string } }).person.level).toBe("OPERATOR");
  });

  test("client:register prints the gateway id and key; keys:verify with them says accepted", async () => {
    const registered = await omniJson<Registered>([
      "client:register",
      "--url",
      url,
      "--app-key",
      platformKey,
      "--name",
      "Hotel Lakeside",
      "--email",
      "frontdesk@lakeside.example",
      "--gateway-id",
      "booking-4711",
    ]);
    expect(registered.code).toBe(0);
    expect(registered.body.client).toMatchObject({
      name: "Hotel Lakeside",
      code: "hotel-lakeside",
      externalId: "booking-4711",
    });
    expect(registered.body.clientApiKey).toMatch(/^sk_[0-9a-f]{64}$/);

    const verdict = await verify(registered.body.clientApiKey);
    expect(verdict.code).toBe(0);
    expect(verdict.body).toMatchObject({
      accepted: true,
      reason: "accepted",
      client: { id: registered.body.client.id },
    });

    const text = await omni([
      "keys:verify",
      "--url",
      url,
      "--platform-key",
      platformKey,
      "--client-key",
      registered.body.clientApiKey,
    ]);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain(
      'Accepted. The gateway accepts these keys: client "Hotel Lakeside" of platform "Booking SaaS"',
    );
  });

  test("a mistyped client key is named malformed without asking the gateway, and exits 1", async () => {
    const { body } = await register("Typo Tours");
    const last = body.clientApiKey.at(-1) === "0" ? "1" : "0";
    const mistyped = `${body.clientApiKey.slice(0, -1)}${last}`;
    const verdict = await verify(mistyped);
    expect(verdict.code).toBe(1);
    expect(verdict.body.reason).toBe("malformed_client_key");
    expect(verdict.body.message).toContain("checksum");

    const swapped = await verify(platformKey, body.clientApiKey);
    expect(swapped.body).toMatchObject({ accepted: false, reason: "malformed_platform_key" });
    expect(swapped.body.message).toContain("swapped");
  });

  test("a well-formed key nobody issued is unknown; a platform key nobody issued is rejected", async () => {
    const unknown = await verify(generateApiKey("CLIENT").key);
    expect(unknown.code).toBe(1);
    expect(unknown.body.reason).toBe("client_key_unknown");

    const { body } = await register("Ghost Platform Guest");
    const noPlatform = await verify(body.clientApiKey, generateApiKey("PLATFORM").key);
    expect(noPlatform.code).toBe(1);
    expect(noPlatform.body.reason).toBe("platform_key_rejected");
  });

  test("a client key of another platform is explained as such", async () => {
    const other = await omniJson<{ platformApiKey: string }>(["app:create", "--url", url, "--name", "Other SaaS"], {
      OMNI_ADMIN_KEY: testSecrets.adminKey,
    });
    const { body } = await register("Elsewhere Inn", other.body.platformApiKey);
    const verdict = await verify(body.clientApiKey);
    expect(verdict.code).toBe(1);
    expect(verdict.body.reason).toBe("other_platform");
  });

  test("client:rotate-key with no grace period makes the old key fail keys:verify, the new one pass", async () => {
    const { body } = await register("Rotating Resort");
    const rotated = await omniJson<{ clientApiKey: string }>([
      "client:rotate-key",
      "--url",
      url,
      "--app-key",
      platformKey,
      "--client-id",
      body.client.id,
      "--grace-period",
      "0",
    ]);
    expect(rotated.code).toBe(0);
    expect(rotated.body.clientApiKey).not.toBe(body.clientApiKey);

    const old = await verify(body.clientApiKey);
    expect(old.code).toBe(1);
    expect(old.body.reason).toBe("client_key_expired");
    expect(old.body.message).toContain("rotated");
    expect((await verify(rotated.body.clientApiKey)).body.accepted).toBe(true);
  });

  test("user:password-token hands an admin the single-use token a staff member sets a password with", async () => {
    const { body } = await register("Staffed Shop");
    const tenant = stack.http.with({ "x-api-key": platformKey, "client-x-api-key": body.clientApiKey });
    const { createUser, registerStaffApp } = await tenant.data<{
      createUser: { id: string };
      registerStaffApp: { id: string };
    }>(
      `mutation {
        createUser(input: { email: "desk@shop.example", name: "Desk", role: STAFF, staffAppAccess: true }) { id }
        registerStaffApp(name: "Desk app") { id }
      }`,
    );
    const issued = await omniJson<{ token: string; setPasswordUrl: string }>(
      ["user:password-token", "--url", url, "--user-id", createUser.id],
      { OMNI_APP_KEY: platformKey, OMNI_CLIENT_KEY: body.clientApiKey },
    );
    expect(issued.code).toBe(0);
    expect(issued.body.token).toMatch(/^spt_/);
    const post = (path: string, payload: unknown) =>
      fetch(url.replace(/\/graphql$/, path), {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(payload),
      });
    const password = "a desk passphrase, long";
    expect((await post("/auth/set-password", { token: issued.body.token, password })).status).toBe(204);
    expect((await post("/auth/set-password", { token: issued.body.token, password })).status).toBe(401);
    const login = await post("/auth/login", { email: "desk@shop.example", password, appId: registerStaffApp.id });
    expect(login.status).toBe(200);
  });

  test("a client key revoked through the API is explained as revoked", async () => {
    const { body } = await register("Revoked Retreat");
    await stack.http
      .with({ "x-api-key": platformKey })
      .data("mutation ($id: ID!) { revokeApiKey(id: $id) { id } }", { id: body.apiKeyInfo.id });
    const verdict = await verify(body.clientApiKey);
    expect(verdict.code).toBe(1);
    expect(verdict.body.reason).toBe("client_key_revoked");
    expect(verdict.body.message).toMatch(/^The client key was revoked at \d{4}-/);
  });

  test("client:deactivate revokes the key: keys:verify says the client is deactivated", async () => {
    const { body } = await register("Closing Chalet");
    const text = await omni([
      "client:deactivate",
      "--url",
      url,
      "--app-key",
      platformKey,
      "--client-id",
      body.client.id,
    ]);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain("deactivated");

    const verdict = await verify(body.clientApiKey);
    expect(verdict.code).toBe(1);
    expect(verdict.body.reason).toBe("client_deactivated");
    expect(verdict.body.message).toContain("Closing Chalet");
  });

  test("a refused operation exits 1 with the gateway's code; --json reports it as JSON", async () => {
    const run = await omni([
      "app:create",
      "--url",
      url,
      "--name",
      "Nope",
      "--admin-key",
      "not-the-operator-key-at-all",
    ]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("UNAUTHENTICATED");

    const missing = await omniJson<{ error: { code: string } }>([
      "client:deactivate",
      "--url",
      url,
      "--app-key",
      platformKey,
      "--client-id",
      "00000000-0000-4000-8000-000000000000",
    ]);
    expect(missing).toEqual({ code: 1, body: { error: expect.objectContaining({ code: "NOT_FOUND" }) } });
  });

  test("wrong usage exits 2 and says what is missing; a gateway that is not there exits 1", async () => {
    const missingName = await omni([
      "client:register",
      "--url",
      url,
      "--app-key",
      platformKey,
      "--email",
      "a@b.example",
    ]);
    expect(missingName.code).toBe(2);
    expect(missingName.stderr).toContain("Missing --name");
    const unknownCommand = await omni(["client:delete"]);
    expect(unknownCommand.code).toBe(2);
    expect(unknownCommand.stderr).toContain('Unknown command "client:delete"');
    const help = await omni(["keys:verify", "--help"]);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain("--platform-key");

    const down = await omni(["keys:verify", "--url", "http://127.0.0.1:9/graphql", "--platform-key", platformKey]);
    expect(down.code).toBe(1);
    expect(down.stderr).toContain("Cannot reach the gateway");
  });
});

describe("omni db:migrate and demo:seed", () => {
  let database: TestDatabase | undefined;
  let env: NodeJS.ProcessEnv;

  beforeAll(async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), "omni-cli-"));
    database = process.env.DATABASE_URL ? await createTestDatabase({ migrate: false }) : undefined;
    env = { OMNI_DATA_DIR: dataDir, ...(database?.url && { DATABASE_URL: database.url }) };
  });
  afterAll(() => database?.drop());

  test("migrate applies every migration once; the seeded demo keys are accepted by a gateway on that database", async () => {
    const first = await omniJson<{ applied: string[] }>(["db:migrate"], env);
    expect(first.code).toBe(0);
    expect(first.body.applied.length).toBeGreaterThan(0);
    const again = await omni(["db:migrate"], env);
    expect(again).toMatchObject({ code: 0, stdout: "Database is up to date\n" });

    const seeded = await omniJson<{ platformApiKey: string; clientApiKey: string }>(["demo:seed"], env);
    expect(seeded.code).toBe(0);
    const { OMNI_URL, DATABASE_URL, ...inherited } = process.env;
    const gateway = await startGatewayProcess({ ...inherited, ...env, PORT: "0", NODE_ENV: "development" });
    try {
      expect(gateway.output).toContain(seeded.body.clientApiKey);
      const verdict = await omniJson<Verdict>([
        "keys:verify",
        "--url",
        gateway.url,
        "--platform-key",
        seeded.body.platformApiKey,
        "--client-key",
        seeded.body.clientApiKey,
      ]);
      expect(verdict.body).toMatchObject({ accepted: true, client: { name: "Demo Store" } });
    } finally {
      await stopProcess(gateway.child);
    }
  });
});
