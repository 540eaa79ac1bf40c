import { createHmac } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { tmpdir } from "node:os";
import path from "node:path";
import { launch, compiledEntry, type LaunchedProcess } from "../../gateway/src/process/launcher";
import { printed } from "../../gateway/src/process/readiness";
import { GraphqlClient } from "../helpers/graphql-client";
import { createTestDatabase, type TestDatabase } from "../helpers/database";
import { startGatewayProcess, stopProcess, type StartedProcess } from "../helpers/process";

// `npm run fake-stores` as docs/integrations.md tells a developer to use it: start the stores,
// start the gateway with exactly the command they print, connect the WooCommerce store, and
// replay a delivery signed with the secret the stores print (docs/webhooks.md's sample).

const startCommand = /Start the gateway[^\n]*\n[^\n]*\n([\s\S]*?npm start)/;

function startFakeStores(args: string[]): LaunchedProcess {
  return launch({ name: "fake-stores", ...compiledEntry("tests/fakes/cli.ts", { args }), env: process.env });
}

describe("npm run fake-stores", () => {
  let stores: LaunchedProcess;
  let gateway: StartedProcess | undefined;
  let database: TestDatabase;
  let dataDir: string;

  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(tmpdir(), "omni-fake-stores-"));
    database = await createTestDatabase({ migrate: false });
    stores = startFakeStores(["--port", "0"]);
    await stores.ready(printed("npm start"), 60_000);
  });
  afterAll(async () => {
    if (gateway) await stopProcess(gateway.child);
    await stores.stop();
    await database.drop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  test("the printed command starts a gateway that connects the store, and the printed secret signs a replay", async () => {
    const output = stores.output();
    const command = startCommand.exec(output)?.[1] ?? "";
    const settings = Object.fromEntries([...command.matchAll(/\b([A-Z][A-Z0-9_]*)=(\S+)/g)].map((m) => [m[1], m[2]]));
    expect(settings.OMNI_WEBHOOKS_ALLOW_PRIVATE).toBe("true");

    const { DATABASE_URL: _db, REDIS_URL: _redis, ...inherited } = process.env;
    gateway = await startGatewayProcess({
      ...inherited,
      ...settings,
      ...(database.url ? { DATABASE_URL: database.url } : {}),
      OMNI_DATA_DIR: dataDir,
      PORT: "0",
      NODE_ENV: "development",
    });
    const keys = JSON.parse(readFileSync(path.join(dataDir, "demo-keys.json"), "utf8")) as {
      platformApiKey: string;
      clientApiKey: string;
    };
    const api = new GraphqlClient(gateway.url).with({
      "x-api-key": keys.platformApiKey,
      "client-x-api-key": keys.clientApiKey,
    });

    const storeUrl = /WooCommerce\s+(http:\/\/\S+)\s+consumerKey (\S+)/.exec(output);
    const consumerSecret = /consumerSecret (\S+)/.exec(output)?.[1];
    const { connectWooCommerce } = await api.data<{ connectWooCommerce: { id: string; status: string } }>(
      "mutation ($input: ConnectWooCommerceInput!) { connectWooCommerce(input: $input) { id status } }",
      { input: { storeUrl: storeUrl?.[1], consumerKey: storeUrl?.[2], consumerSecret } },
    );
    expect(connectWooCommerce.status).toBe("ACTIVE");

    const hook = await stores.ready(
      printed(new RegExp(`woocommerce: webhook order\\.created → \\S+/${connectWooCommerce.id}\\S* secret (\\S+)`)),
      30_000,
    );
    const body = JSON.stringify({ id: 5120, status: "processing", currency: "EUR", line_items: [] });
    const signature = createHmac("sha256", hook[1]!).update(body).digest("base64");
    const replay = await fetch(`${new URL(gateway.url).origin}/webhooks/woocommerce/${connectWooCommerce.id}`, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "x-wc-webhook-topic": "order.created",
        "x-wc-webhook-delivery-id": "replay-5120",
        "x-wc-webhook-signature": signature,
      },
      body,
    });
    expect(replay.status).toBe(200);
  });

  test("a port already taken is not fatal: free ones are used and printed", async () => {
    const taken: Server = createServer();
    await new Promise<void>((resolve) => taken.listen(0, "127.0.0.1", resolve));
    const port = (taken.address() as { port: number }).port;
    const second = startFakeStores(["--port", String(port)]);
    try {
      await second.ready(printed("npm start"), 60_000);
      expect(second.output()).toContain(`port ${port} is taken; using a free one`);
      const shopifyUrl = /Shopify\s+(http:\/\/\S+)/.exec(second.output())?.[1];
      expect(shopifyUrl).toBeDefined();
      expect(shopifyUrl).not.toContain(`:${port}`);
    } finally {
      await second.stop();
      await new Promise((resolve) => taken.close(resolve));
    }
  });

  test("a port that is not a number is refused with a message", async () => {
    const refused = startFakeStores(["--port", "lots"]);
    const exit = await refused.exited;
    expect(exit.code).toBe(1);
    expect(refused.output()).toContain("--port takes a port number");
  });
});
