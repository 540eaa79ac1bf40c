import { spawnSync } from "node:child_process";
import { mkdtempSync, mkdirSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

// A project elsewhere on disk that depends on @omnistack/sdk the way another repository would
// (`"@omnistack/sdk": "file:…"`, installed as a link in its node_modules), type-checked by
// the TypeScript compiler this repository pins. Nothing is fetched from a registry.

const root = path.resolve(__dirname, "../..");
const tsc = path.join(root, "node_modules/.bin/tsc");

const app = `import {
  createOmniClient,
  CreateOrderDocument,
  MeDocument,
  ProductsDocument,
  StockChangedDocument,
  type OrderStatus,
} from "@omnistack/sdk";

const omni = createOmniClient({
  url: "http://127.0.0.1:4000/graphql",
  platformKey: process.env.PLATFORM_KEY ?? "",
  clientKey: process.env.CLIENT_KEY ?? "",
});

export async function placeOrder(productId: string, locationId: string): Promise<OrderStatus> {
  const { me } = await omni.request(MeDocument);
  const tenantName: string | undefined = me.client?.name;
  const { products } = await omni.request(ProductsDocument, { first: 10 });
  const firstSku: string | undefined = products.edges[0]?.node.sku;
  const { createOrder } = await omni.request(CreateOrderDocument, {
    input: { items: [{ productId, locationId, quantity: 1 }], note: [tenantName, firstSku].join(" ") },
  });
  const total: string = createOrder.total.amount;
  // WRONG FIELD: an order has a total, not a price
  // @ts-expect-error
  console.log(total, createOrder.price);
  // WRONG VARIABLE: quantity is an Int
  // @ts-expect-error
  await omni.request(CreateOrderDocument, { input: { items: [{ productId, locationId, quantity: "1" }] } });
  // MISSING VARIABLES: createOrder needs its input
  // @ts-expect-error
  await omni.request(CreateOrderDocument);
  const stop = omni.subscribe(StockChangedDocument, { productId }, {
    next: ({ stockChanged }) => console.log(stockChanged.available + 0),
  });
  stop();
  return createOrder.status;
}
`;

let project: string;

beforeAll(() => {
  project = mkdtempSync(path.join(tmpdir(), "omnistack-sdk-user-"));
  writeFileSync(
    path.join(project, "package.json"),
    JSON.stringify({ name: "sdk-user", private: true, dependencies: { "@omnistack/sdk": `file:${root}/sdk` } }),
  );
  writeFileSync(
    path.join(project, "tsconfig.json"),
    JSON.stringify({
      compilerOptions: {
        strict: true,
        noEmit: true,
        target: "ES2022",
        module: "node16",
        moduleResolution: "node16",
        typeRoots: [path.join(root, "node_modules/@types")],
        types: ["node"],
      },
      files: ["app.ts"],
    }),
  );
  mkdirSync(path.join(project, "node_modules/@omnistack"), { recursive: true });
  symlinkSync(path.join(root, "sdk"), path.join(project, "node_modules/@omnistack/sdk"), "dir");
});

afterAll(() => rmSync(project, { recursive: true, force: true }));

function typeCheck(source: string) {
  writeFileSync(path.join(project, "app.ts"), source);
  const run = spawnSync(tsc, ["-p", project, "--pretty", "false"], { cwd: project, encoding: "utf8" });
  return { status: run.status, output: run.stdout + run.stderr };
}

describe("@omnistack/sdk in another project", () => {
  test("typed results and variables compile, and the deliberate mistakes are caught", () => {
    const result = typeCheck(app);
    expect(result.output).toBe("");
    expect(result.status).toBe(0);
  });

  test("without the expect-error markers the compiler names each mistake", () => {
    const result = typeCheck(app.replaceAll("// @ts-expect-error\n", ""));
    expect(result.status).not.toBe(0);
    expect(result.output).toMatch(/Property 'price' does not exist/);
    expect(result.output).toMatch(/Type 'string' is not assignable to type 'number'/);
    expect(result.output).toMatch(/Expected 2 arguments, but got 1/);
  });
});
