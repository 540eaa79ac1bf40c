/**
 * Runs every code sample of the guides in docs/ against a gateway this file starts, so the
 * docs cannot drift from the code. The convention, by the fenced block's info string:
 *
 * - ```graphql [keys=tenant|platform|admin] [expect=CODE]: sent over HTTP with that caller's
 *   keys (default: a tenant's platform and client key, ADMIN scope). It must answer without
 *   errors, or with `expect`'s `extensions.code`. Variables come from the fixtures below:
 *   `$productId`, `$locationId`, `$orderId`, `$clientId`, `$connectionId`, `$storeUrl`,
 *   `$consumerKey`, `$consumerSecret`, `$prokipToken`, `$webhookUrl`.
 * - ```js title=name.mjs: an ES module run with `node`; ```ts title=name.ts: run with
 *   `node -r @swc-node/register`, `@omnistack/sdk` resolving to sdk/ as built by `npm run sdk:build`.
 *   Exit code 0 within 50 s.
 * - ```sh: run with `bash -euo pipefail` (skipped when curl or jq is missing). Exit code 0.
 * - ```json: must parse.
 * - anything else, or a sample that cannot run here (docker, a real store), carries `norun`.
 *
 * Each sample runs twice in a row, as a reader tries one again, and the second run must work
 * too, except: `again=CODE` on a graphql block whose repeat is refused by design with that
 * code (creating the same unique thing twice: CONFLICT), and `once` on a sample that ends
 * what it ran against (it deactivates the guide's tenant).
 *
 * Programs get the fixtures as environment variables: OMNI_URL (the GraphQL endpoint),
 * OMNI_ORIGIN (the gateway's base URL), PLATFORM_KEY, CLIENT_KEY, ADMIN_KEY, CLIENT_ID,
 * PUBLISHABLE_KEY (the tenant's publishable key, allowing http://localhost:3000), STAFF_APP_ID,
 * STAFF_EMAIL and STAFF_PASSWORD (a sales associate of the tenant and its staff app),
 * CONSOLE_EMAIL and CONSOLE_PASSWORD (an operator's admin console account),
 * PRODUCT_ID, LOCATION_ID, ORDER_ID, CONNECTION_ID, WC_WEBHOOK_SECRET, SHOPIFY_CLIENT_SECRET,
 * and the two keys under the names the `omni` CLI reads: OMNI_ADMIN_KEY, OMNI_APP_KEY.
 * They run in a scratch project, except cli.md's, which run `npx omni` from the repository
 * root as that guide tells.
 * Each guide gets a tenant of its own, so a guide that rotates keys leaves the others alone
 * (webhooks.md's also has a WooCommerce store connected: see guideSetup).
 */
import { execFileSync, spawn, spawnSync } from "node:child_process";
import { mkdtempSync, mkdirSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { loadConfig } from "../../subgraphs/core/src/config";
import { startFakeProkip, type FakeProkip } from "../fakes/prokip";
import { startFakeWooCommerce, type FakeWooCommerce } from "../fakes/woocommerce";
import { createLocation, createOrder, createPublishedProduct, setStock } from "../helpers/commerce";
import { connectWooCommerceStore, integrationConfig, shopifyApp } from "../helpers/integrations";
import { startStack, testSecrets, type TestStack } from "../helpers/stack";
import { createTenant, type Tenant } from "../helpers/tenants";

const root = path.resolve(__dirname, "../..");
const guides = [
  "authentication.md",
  "querying.md",
  "rest.md",
  "subscriptions.md",
  "webhooks.md",
  "integrations.md",
  "deployment.md",
  "operations.md",
  "cli.md",
  "CHANGELOG.md",
];

/** `npx omni` runs the bin of the project it is called in: this repository. */
const runsFromRepository = new Set(["cli.md"]);

interface Sample {
  language: string;
  options: Record<string, string>;
  code: string;
  line: number;
}

function samplesOf(markdown: string): Sample[] {
  const samples: Sample[] = [];
  const fence = /^```(\S*)([^\n]*)\n([\s\S]*?)^```[ \t]*$/gm;
  for (const match of markdown.matchAll(fence)) {
    const options = Object.fromEntries(
      (match[2] ?? "")
        .trim()
        .split(/\s+/)
        .filter(Boolean)
        .map((word) => {
          const [key, ...value] = word.split("=");
          return [key!, value.join("=").replace(/^"|"$/g, "") || "true"];
        }),
    );
    const line = markdown.slice(0, match.index).split("\n").length;
    samples.push({ language: match[1] ?? "", options, code: match[3] ?? "", line });
  }
  return samples;
}

const wooKeys = {
  consumerKey: "ck_1a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d7e8f9a0b",
  consumerSecret: "cs_0b9a8f7e6d5c4b3a2f1e0d9c8b7a6f5e4d3c2b1a",
};
const prokipToken = "prokip_live_0a1b2c3d4e5f60718293a4b5c6d7e8f9";

let stack: TestStack;
let woo: FakeWooCommerce;
let prokip: FakeProkip;
/** Stands in for a storefront that receives outbound webhooks: answers 204 to anything. */
let receiver: Server;
let webhookUrl: string;
let scratch: string;
const hasShellTools = spawnSync("bash", ["-c", "command -v curl && command -v jq"]).status === 0;

beforeAll(async () => {
  woo = await startFakeWooCommerce(wooKeys);
  prokip = await startFakeProkip({ token: prokipToken });
  const config = await integrationConfig({ prokipApiUrl: prokip.url });
  // Events go over Redis when the run has one (REDIS_URL), as in a deployment.
  stack = await startStack({ config, redisUrl: loadConfig().redisUrl });
  receiver = createServer((_req, res) => res.writeHead(204).end());
  await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
  webhookUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/omnistack`;
  // Programs run from here, as in a project of their own: its `node_modules` links this
  // repository's packages (ES modules ignore NODE_PATH) and the SDK.
  scratch = mkdtempSync(path.join(tmpdir(), "omnistack-docs-"));
  mkdirSync(path.join(scratch, "node_modules"));
  for (const entry of readdirSync(path.join(root, "node_modules"))) {
    if (entry.startsWith(".")) continue;
    symlinkSync(path.join(root, "node_modules", entry), path.join(scratch, "node_modules", entry), "dir");
  }
  // The SDK as it is published: its package.json points at the build, not the sources.
  execFileSync(process.execPath, [path.join(root, "sdk/build.js")], { stdio: "inherit" });
  mkdirSync(path.join(scratch, "node_modules/@omnistack"));
  symlinkSync(path.join(root, "sdk"), path.join(scratch, "node_modules/@omnistack/sdk"), "dir");
});

afterAll(async () => {
  await stack?.stop();
  await woo?.stop();
  await prokip?.stop();
  await new Promise((resolve) => receiver?.close(resolve));
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

interface Fixtures {
  tenant: Tenant;
  publishableKey: string;
  productId: string;
  locationId: string;
  orderId: string;
  staff: { appId: string; userId: string; email: string; password: string };
  console: { email: string; password: string };
}

let fixtureCount = 0;
async function prepareTenant(): Promise<Fixtures> {
  const n = ++fixtureCount;
  const tenant = await createTenant(stack.http);
  const productId = await createPublishedProduct(tenant.api, `DOC-${n}`, "19.99");
  const locationId = await createLocation(tenant.api, `doc-${n}`);
  await setStock(tenant.api, productId, locationId, 100);
  const { data } = await createOrder(tenant.api, [{ productId, locationId, quantity: 1 }]);
  const { issuePublishableKey } = await tenant.platform.api.data<{ issuePublishableKey: { publishableKey: string } }>(
    `mutation ($clientId: ID!) {
      issuePublishableKey(clientId: $clientId, allowedOrigins: ["http://localhost:3000"]) { publishableKey }
    }`,
    { clientId: tenant.clientId },
  );
  const staff = await prepareStaff(tenant, n);
  return {
    tenant,
    staff,
    console: await prepareOperator(n),
    publishableKey: issuePublishableKey.publishableKey,
    productId,
    locationId,
    orderId: data!.createOrder.id,
  };
}

/** A staff app of the tenant and a sales associate who set a password with an admin's token. */
async function prepareStaff(tenant: Tenant, n: number): Promise<Fixtures["staff"]> {
  const { registerStaffApp, createUser } = await tenant.api.data<{
    registerStaffApp: { id: string };
    createUser: { id: string; email: string };
  }>(
    `mutation ($email: String!) {
      registerStaffApp(name: "Shop floor") { id }
      createUser(input: { email: $email, name: "Ann", role: STAFF, staffAppAccess: true }) { id email }
    }`,
    { email: `associate-${n}@shop.example` },
  );
  const { issuePasswordToken } = await tenant.api.data<{ issuePasswordToken: { token: string } }>(
    "mutation ($id: ID!) { issuePasswordToken(userId: $id) { token } }",
    { id: createUser.id },
  );
  const password = `a long sales floor passphrase ${n}`;
  await setPassword(issuePasswordToken.token, password);
  return { appId: registerStaffApp.id, userId: createUser.id, email: createUser.email, password };
}

/** An operator's admin console account, its password set with the token the operator key got. */
async function prepareOperator(n: number): Promise<Fixtures["console"]> {
  const { createConsoleAccount } = await stack.http.with({ "x-admin-key": testSecrets.adminKey }).data<{
    createConsoleAccount: { account: { email: string }; setPasswordToken: { token: string } };
  }>(
    `mutation ($email: String!) {
      createConsoleAccount(input: { email: $email, name: "Olga", kind: OPERATOR }) {
        account { email }
        setPasswordToken { token }
      }
    }`,
    { email: `operator-${n}@console.example` },
  );
  const password = `a long console passphrase ${n}`;
  await setPassword(createConsoleAccount.setPasswordToken.token, password);
  return { email: createConsoleAccount.account.email, password };
}

async function setPassword(token: string, password: string): Promise<void> {
  const set = await fetch(stack.gateway.url.replace(/\/graphql$/, "/auth/set-password"), {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ token, password }),
  });
  if (set.status !== 204) throw new Error(`set-password answered ${set.status}`);
}

/** What a guide's samples assume was done before them, beyond the common fixtures. */
const guideSetup: Record<string, (fixtures: Fixtures) => Promise<unknown>> = {
  // The inbound samples replay deliveries for a connected WooCommerce store.
  "webhooks.md": (fixtures) => connectWooCommerceStore(fixtures.tenant.api, { storeUrl: woo.url, ...wooKeys }),
};

/** The tenant's first store connection, which a guide may have created a sample earlier. */
async function connectionOf(tenant: Tenant): Promise<string | undefined> {
  const { connections } = await tenant.api.data<{ connections: { id: string }[] }>("{ connections { id } }");
  return connections[0]?.id;
}

async function variablesFor(fixtures: Fixtures) {
  const connectionId = await connectionOf(fixtures.tenant);
  return {
    productId: fixtures.productId,
    locationId: fixtures.locationId,
    orderId: fixtures.orderId,
    clientId: fixtures.tenant.clientId,
    userId: fixtures.staff.userId,
    connectionId,
    storeUrl: woo.url,
    ...wooKeys,
    prokipToken,
    webhookUrl,
  };
}

async function environmentFor(fixtures: Fixtures): Promise<NodeJS.ProcessEnv> {
  const variables = await variablesFor(fixtures);
  const wooWebhook = woo.webhooks.find(
    (hook) => variables.connectionId && hook.delivery_url.includes(variables.connectionId),
  );
  return {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    OMNI_URL: stack.gateway.url,
    OMNI_ORIGIN: new URL(stack.gateway.url).origin,
    PLATFORM_KEY: fixtures.tenant.platform.platformKey,
    CLIENT_KEY: fixtures.tenant.clientKey,
    ADMIN_KEY: testSecrets.adminKey,
    OMNI_ADMIN_KEY: testSecrets.adminKey,
    OMNI_APP_KEY: fixtures.tenant.platform.platformKey,
    CLIENT_ID: fixtures.tenant.clientId,
    PUBLISHABLE_KEY: fixtures.publishableKey,
    STAFF_APP_ID: fixtures.staff.appId,
    STAFF_EMAIL: fixtures.staff.email,
    STAFF_PASSWORD: fixtures.staff.password,
    CONSOLE_EMAIL: fixtures.console.email,
    CONSOLE_PASSWORD: fixtures.console.password,
    PRODUCT_ID: fixtures.productId,
    LOCATION_ID: fixtures.locationId,
    ORDER_ID: fixtures.orderId,
    CONNECTION_ID: variables.connectionId ?? "",
    WC_WEBHOOK_SECRET: wooWebhook?.secret ?? "",
    SHOPIFY_CLIENT_SECRET: shopifyApp.clientSecret,
  };
}

function keysFor(fixtures: Fixtures, who: string): Record<string, string> {
  if (who === "admin") return { "x-admin-key": testSecrets.adminKey };
  if (who === "platform") return { "x-api-key": fixtures.tenant.platform.platformKey };
  if (who === "tenant") {
    return { "x-api-key": fixtures.tenant.platform.platformKey, "client-x-api-key": fixtures.tenant.clientKey };
  }
  throw new Error(`unknown keys=${who}`);
}

async function runGraphql(sample: Sample, fixtures: Fixtures, run: 1 | 2): Promise<void> {
  const response = await stack.http
    .with(keysFor(fixtures, sample.options.keys ?? "tenant"))
    .request(sample.code, await variablesFor(fixtures));
  const codes = (response.errors ?? []).map((error) => error.extensions?.code);
  const expected = run === 2 && sample.options.again ? sample.options.again : sample.options.expect;
  if (expected) {
    expect(codes).toContain(expected);
  } else {
    expect(response.errors).toBeUndefined();
    expect(response.status).toBe(200);
  }
}

/** Asynchronous: the gateway the program talks to runs in this process. */
function runProgram(
  command: string,
  args: string[],
  env: NodeJS.ProcessEnv,
  what: string,
  cwd = scratch,
): Promise<void> {
  return new Promise((resolve, reject) => {
    // stdin closed: bash treats a socket on stdin as an ssh session and reads the system bashrc.
    const child = spawn(command, args, { cwd, env, stdio: ["ignore", "pipe", "pipe"], timeout: 110_000 });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.on("error", reject);
    child.on("close", (code, signal) => {
      if (code === 0) resolve();
      else reject(new Error(`${what} exited with ${code ?? signal}\n${output}`));
    });
  });
}

async function runSample(sample: Sample, fixtures: Fixtures, guide: string, where: string, run: 1 | 2): Promise<void> {
  if (sample.options.norun) return;
  switch (sample.language) {
    case "graphql":
      return runGraphql(sample, fixtures, run);
    case "json":
      JSON.parse(sample.code);
      return;
    case "js":
    case "ts": {
      const title = sample.options.title;
      if (!title?.endsWith(sample.language === "js" ? ".mjs" : ".ts")) {
        throw new Error(
          `${where}: a ${sample.language} sample needs title=<name>.${sample.language === "js" ? "mjs" : "ts"}`,
        );
      }
      const file = path.join(scratch, title);
      writeFileSync(file, sample.code);
      const args = sample.language === "ts" ? ["-r", "@swc-node/register", file] : [file];
      return runProgram(process.execPath, args, await environmentFor(fixtures), where);
    }
    case "sh":
    case "bash":
      if (!hasShellTools) return;
      return runProgram(
        "bash",
        ["-euo", "pipefail", "-c", sample.code],
        await environmentFor(fixtures),
        where,
        runsFromRepository.has(guide) ? root : scratch,
      );
    default:
      throw new Error(`${where}: a \`${sample.language || "plain"}\` block must be runnable or marked norun`);
  }
}

for (const guide of guides) {
  const samples = samplesOf(readFileSync(path.join(root, "docs", guide), "utf8"));
  if (samples.length === 0) continue;

  describe(`docs/${guide}`, () => {
    let fixtures: Fixtures;
    beforeAll(async () => {
      fixtures = await prepareTenant();
      await guideSetup[guide]?.(fixtures);
    });

    for (const sample of samples) {
      const where = `docs/${guide}:${sample.line}`;
      const label = `${where} ${sample.language}${sample.options.title ? ` ${sample.options.title}` : ""}`;
      const runs = !sample.options.norun && !(["sh", "bash"].includes(sample.language) && !hasShellTools);
      // Twice in a row, as a reader tries a sample again: a second run must work as well.
      (runs ? test : test.skip)(label, async () => {
        await runSample(sample, fixtures, guide, where, 1);
        if (!sample.options.once) await runSample(sample, fixtures, guide, `${where} (second run)`, 2);
      });
    }
  });
}
