import { execFile } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { startStack, type TestStack } from "../helpers/stack";
import { createTenant, type Tenant } from "../helpers/tenants";

/**
 * @omnistack/sdk as another project gets it: `npm pack` (which builds it), then the tarball
 * installed into fresh projects outside the repository, one per way of loading it: an ES
 * module compiled by `tsc` and run by plain `node`, a CommonJS script, and a browser bundle
 * made by rolldown. Each program calls the gateway this file starts and prints what it got.
 *
 * The installs read the local npm cache (`--prefer-offline`) and pin the peers to the
 * versions this repository installed, so the cache already holds them: no new downloads.
 * The programs run asynchronously: the gateway answering them lives in this process.
 */

const root = path.resolve(__dirname, "../..");
const tsc = path.join(root, "node_modules/.bin/tsc");
const rolldown = path.join(root, "node_modules/.bin/rolldown");

const installed = (name: string): string =>
  `${name}@${(JSON.parse(readFileSync(path.join(root, "node_modules", name, "package.json"), "utf8")) as { version: string }).version}`;

// npm run by `npm test` exports its settings as npm_* variables; a project of its own must not inherit them.
const cleanEnv = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith("npm_")));

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function run(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = {}): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      command,
      args,
      { cwd, env: { ...cleanEnv, ...env }, encoding: "utf8", timeout: 180_000, maxBuffer: 16 * 1024 * 1024 },
      (error, stdout, stderr) =>
        resolve({ code: error ? (typeof error.code === "number" ? error.code : 1) : 0, stdout, stderr }),
    );
  });
}

async function succeed(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = {}): Promise<string> {
  const result = await run(command, args, cwd, env);
  if (result.code !== 0) {
    throw new Error(
      `${path.basename(command)} ${args.join(" ")} failed (${result.code}):\n${result.stdout}\n${result.stderr}`,
    );
  }
  return result.stdout;
}

let scratch: string;
let tarball: string;
let stack: TestStack;
let tenant: Tenant;

/** A new project holding the packed SDK and the given packages, installed from the cache. */
async function project(name: string, packageJson: Record<string, unknown>, packages: string[]): Promise<string> {
  const dir = path.join(scratch, name);
  mkdirSync(dir);
  writeFileSync(path.join(dir, "package.json"), JSON.stringify({ name, private: true, ...packageJson }, null, 2));
  await succeed(
    "npm",
    ["install", tarball, ...packages.map(installed), "--prefer-offline", "--no-audit", "--no-fund", "--loglevel=error"],
    dir,
  );
  return dir;
}

/** What each program needs to call the gateway as the tenant. */
const callerEnv = () => ({
  OMNI_URL: stack.gateway.url,
  PLATFORM_KEY: tenant.platform.platformKey,
  CLIENT_KEY: tenant.clientKey,
});

/** The JSON line a program printed last. */
const printed = (stdout: string) => JSON.parse(stdout.trim().split("\n").at(-1)!) as Record<string, unknown>;

beforeAll(async () => {
  scratch = mkdtempSync(path.join(tmpdir(), "omnistack-sdk-package-"));
  const { version } = JSON.parse(readFileSync(path.join(root, "sdk/package.json"), "utf8")) as { version: string };
  // `npm pack` runs the package's prepack script: the tarball holds a fresh build.
  await succeed("npm", ["pack", "--pack-destination", scratch, "--loglevel=error"], path.join(root, "sdk"));
  tarball = path.join(scratch, `omnistack-sdk-${version}.tgz`);
  stack = await startStack();
  tenant = await createTenant(stack.http);
}, 240_000);

afterAll(async () => {
  await stack?.stop();
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

describe("the packed @omnistack/sdk in a fresh project", () => {
  test("the tarball holds the built ESM and CommonJS outputs with declarations, and no sources", async () => {
    const listing = await succeed("tar", ["-tzf", tarball], scratch);
    const files = listing.trim().split("\n");
    for (const file of ["esm/index.js", "esm/index.d.ts", "esm/package.json", "cjs/index.js", "cjs/index.d.ts"]) {
      expect(files).toContain(`package/dist/${file}`);
    }
    expect(files).toContain("package/README.md");
    expect(files.filter((file) => file.startsWith("package/src/"))).toEqual([]);
  });

  const esmApp = `import {
  CreateOrderDocument,
  CreateProductDocument,
  MeDocument,
  OmniRequestError,
  createOmniClient,
  type OrderStatus,
} from "@omnistack/sdk";

const omni = createOmniClient({
  url: process.env.OMNI_URL!,
  platformKey: process.env.PLATFORM_KEY!,
  clientKey: process.env.CLIENT_KEY!,
});

const { me } = await omni.request(MeDocument);
const input = { sku: "ESM-1", name: "Made from an ES module", price: "9.50" };
const { createProduct } = await omni.request(CreateProductDocument, { input });
const price: string = createProduct.price.amount;
let refusal: string | undefined;
try {
  await omni.request(CreateProductDocument, { input });
} catch (error) {
  if (error instanceof OmniRequestError) refusal = error.code;
}
console.log(JSON.stringify({ tenant: me.client?.id, sku: createProduct.sku, status: createProduct.status, price, refusal }));

// Never called: the compiler checks results and variables against the schema.
export async function mistakes(productId: string, locationId: string): Promise<OrderStatus> {
  const { createOrder } = await omni.request(CreateOrderDocument, {
    input: { items: [{ productId, locationId, quantity: 1 }] },
  });
  // WRONG FIELD: an order has a total, not a price
  // @ts-expect-error
  console.log(createOrder.price);
  // WRONG VARIABLE: quantity is an Int
  // @ts-expect-error
  await omni.request(CreateOrderDocument, { input: { items: [{ productId, locationId, quantity: "1" }] } });
  // MISSING VARIABLES: createOrder needs its input
  // @ts-expect-error
  await omni.request(CreateOrderDocument);
  return createOrder.status;
}
`;

  test("an ES module compiled by tsc (nodenext) runs under plain node and calls the gateway", async () => {
    const dir = await project("sdk-esm", { type: "module" }, ["graphql", "graphql-ws", "@types/node"]);
    // No skipLibCheck: the package's declarations compile as they ship.
    const compilerOptions = {
      strict: true,
      target: "ES2022",
      module: "nodenext",
      moduleResolution: "nodenext",
      types: ["node"],
      outDir: "out",
    };
    writeFileSync(path.join(dir, "tsconfig.json"), JSON.stringify({ compilerOptions, files: ["app.ts"] }));
    writeFileSync(path.join(dir, "app.ts"), esmApp);
    expect(await run(tsc, ["-p", dir, "--pretty", "false"], dir)).toMatchObject({ code: 0, stdout: "" });

    const output = printed(await succeed(process.execPath, ["out/app.js"], dir, callerEnv()));
    expect(output).toEqual({
      tenant: tenant.clientId,
      sku: "ESM-1",
      status: "DRAFT",
      price: "9.50",
      refusal: "CONFLICT",
    });

    // Without the expect-error markers the compiler names each mistake.
    writeFileSync(path.join(dir, "app.ts"), esmApp.replaceAll("// @ts-expect-error\n", ""));
    const unmarked = await run(tsc, ["-p", dir, "--pretty", "false", "--noEmit"], dir);
    expect(unmarked.code).not.toBe(0);
    expect(unmarked.stdout).toMatch(/Property 'price' does not exist/);
    expect(unmarked.stdout).toMatch(/Type 'string' is not assignable to type 'number'/);
    expect(unmarked.stdout).toMatch(/Expected 2 arguments, but got 1/);
  }, 300_000);

  test("a CommonJS script requires it, changes stock and sees the change over a subscription", async () => {
    const dir = await project("sdk-cjs", { type: "commonjs" }, ["graphql", "graphql-ws", "ws"]);
    writeFileSync(
      path.join(dir, "app.js"),
      `const WebSocket = require("ws");
const {
  createOmniClient,
  CreateLocationDocument,
  CreateProductDocument,
  MeDocument,
  SetInventoryDocument,
  StockChangedDocument,
} = require("@omnistack/sdk");

async function main() {
  const omni = createOmniClient({
    url: process.env.OMNI_URL,
    platformKey: process.env.PLATFORM_KEY,
    clientKey: process.env.CLIENT_KEY,
    webSocketImpl: WebSocket,
  });
  const { me } = await omni.request(MeDocument);
  const { createProduct } = await omni.request(CreateProductDocument, {
    input: { sku: "CJS-1", name: "Made from CommonJS", price: "4.00" },
  });
  const { createLocation } = await omni.request(CreateLocationDocument, { input: { name: "Back room", code: "cjs" } });
  const event = await new Promise((resolve, reject) => {
    const stop = omni.subscribe(StockChangedDocument, { productId: createProduct.id }, {
      subscribed: () =>
        omni
          .request(SetInventoryDocument, {
            input: { productId: createProduct.id, locationId: createLocation.id, onHand: 7, reason: "count" },
          })
          .catch(reject),
      next: ({ stockChanged }) => {
        stop();
        resolve(stockChanged);
      },
      error: reject,
    });
  });
  await omni.dispose();
  console.log(JSON.stringify({ tenant: me.client && me.client.id, sku: event.product.sku, onHand: event.onHand }));
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
`,
    );
    const output = printed(await succeed(process.execPath, ["app.js"], dir, callerEnv()));
    expect(output).toEqual({ tenant: tenant.clientId, sku: "CJS-1", onHand: 7 });
  }, 300_000);

  test("a storefront's browser bundle made by rolldown runs without node_modules and calls with its publishable key", async () => {
    const dir = await project("sdk-bundle", { type: "module" }, ["graphql", "graphql-ws"]);
    writeFileSync(
      path.join(dir, "entry.js"),
      `import { createOmniClient, MeDocument, ProductsDocument } from "@omnistack/sdk";

const omni = createOmniClient({ url: process.env.OMNI_URL, publishableKey: process.env.PUBLISHABLE_KEY });
const { me } = await omni.request(MeDocument);
const { products } = await omni.request(ProductsDocument, { first: 1, filter: { status: "PUBLISHED" } });
console.log(JSON.stringify({ tenant: me.client?.id, products: typeof products.totalCount }));
`,
    );
    // Outside the project, so nothing can come from its node_modules: the bundle holds it all.
    const bundle = path.join(scratch, "bundle-only", "app.js");
    await succeed(rolldown, ["entry.js", "--file", bundle, "--format", "esm", "--platform", "browser"], dir);
    const { issuePublishableKey } = await tenant.platform.api.data<{ issuePublishableKey: { publishableKey: string } }>(
      `mutation ($clientId: ID!) {
        issuePublishableKey(clientId: $clientId, allowedOrigins: ["https://shop.example"]) { publishableKey }
      }`,
      { clientId: tenant.clientId },
    );
    // Node sends no Origin, as a server rendering the storefront: the key is served without one.
    const output = printed(
      await succeed(process.execPath, [bundle], path.dirname(bundle), {
        OMNI_URL: stack.gateway.url,
        PUBLISHABLE_KEY: issuePublishableKey.publishableKey,
      }),
    );
    expect(output).toEqual({ tenant: tenant.clientId, products: "number" });
  }, 300_000);
});
