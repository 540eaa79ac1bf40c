import type { FakeServer } from "./http";
import { startFakeProkip } from "./prokip";
import { startFakeShopify } from "./shopify";
import { startFakeWooCommerce } from "./woocommerce";

/**
 * `npm run fake-stores [-- --port N]`: the three store stand-ins the tests use, for a demo
 * against `npm start`. Shopify, WooCommerce and Prokip listen on N, N+1 and N+2 (4201 unless
 * given; 0 picks free ports). Prints the command that starts the gateway against them, and
 * each webhook secret WooCommerce is given, as its admin page would show it.
 */
const defaultFirstPort = 4201;

function firstPort(argv: readonly string[]): number {
  const index = argv.indexOf("--port");
  if (index < 0) return defaultFirstPort;
  const port = Number(argv[index + 1]);
  if (!Number.isInteger(port) || port < 0 || port > 65533) {
    throw new Error(`--port takes a port number (0 picks free ports), got ${argv[index + 1] ?? "nothing"}`);
  }
  return port;
}

/** A taken port is not a reason to give up: a free one works the same, since its URL is printed. */
async function onPortOrFree<T extends FakeServer>(start: (port: number) => Promise<T>, port: number): Promise<T> {
  try {
    return await start(port);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EADDRINUSE") throw error;
    process.stdout.write(`port ${port} is taken; using a free one\n`);
    return start(0);
  }
}

async function main(): Promise<void> {
  const port = firstPort(process.argv.slice(2));
  const next = (offset: number) => (port === 0 ? 0 : port + offset);
  const shopify = await onPortOrFree(
    (listen) =>
      startFakeShopify({
        shop: "omni-demo.myshopify.com",
        clientId: "demo-shopify-client-id",
        clientSecret: "demo-shopify-client-secret",
        port: listen,
      }),
    next(0),
  );
  const woo = await onPortOrFree(
    (listen) =>
      startFakeWooCommerce({
        consumerKey: "ck_demo0000000000000000000000000000000000",
        consumerSecret: "cs_demo0000000000000000000000000000000000",
        port: listen,
      }),
    next(1),
  );
  const prokip = await onPortOrFree((listen) => startFakeProkip({ token: "prokip-demo-token", port: listen }), next(2));
  // Products whose SKUs a demo tenant can create, so connecting maps them and syncs push stock.
  shopify.addProduct("Demo mug", ["DEMO-MUG", "DEMO-TEE"]);
  woo.addProduct("Demo mug", "DEMO-MUG");
  prokip.addProduct("Demo mug", "DEMO-MUG");
  process.stdout.write(
    [
      "Fake stores listening (requests are logged below):",
      `  Shopify      ${shopify.url}   shop omni-demo.myshopify.com`,
      `  WooCommerce  ${woo.url}   consumerKey ck_demo0000000000000000000000000000000000`,
      `                                       consumerSecret cs_demo0000000000000000000000000000000000`,
      `  Prokip       ${prokip.url}   token prokip-demo-token, locationId 1`,
      "",
      "Start the gateway against them in another terminal (the stores live on 127.0.0.1, which",
      "the gateway refuses as a store address unless told it is a local demo):",
      `  OMNI_WEBHOOKS_ALLOW_PRIVATE=true \\`,
      `  SHOPIFY_CLIENT_ID=demo-shopify-client-id SHOPIFY_CLIENT_SECRET=demo-shopify-client-secret \\`,
      `  SHOPIFY_ADMIN_BASE_URL=${shopify.url} PROKIP_API_URL=${prokip.url} npm start`,
      'then: initiateShopifyConnection(shop: "omni-demo") and open its authUrl;',
      `connectWooCommerce(input: { storeUrl: "${woo.url}", consumerKey: …, consumerSecret: … });`,
      'configureProkip(input: { token: "prokip-demo-token", locationId: "1" }).',
      "The stores sell SKUs DEMO-MUG (all three) and DEMO-TEE (Shopify): create products with those",
      "SKUs and stock at a location, then triggerSync to see the pushes below.",
      "",
    ].join("\n"),
  );
  const servers = [shopify, woo, prokip];
  const names = ["shopify", "woocommerce", "prokip"];
  const seen = servers.map(() => 0);
  let webhooksShown = 0;
  const timer = setInterval(() => {
    servers.forEach((server, index) => {
      for (const request of server.requests.slice(seen[index])) {
        process.stdout.write(`${names[index]}: ${request.method} ${request.path}\n`);
      }
      seen[index] = server.requests.length;
    });
    // What WooCommerce → Settings → Advanced → Webhooks shows: the secret a replayed delivery
    // is signed with (docs/webhooks.md).
    for (const webhook of woo.webhooks.slice(webhooksShown)) {
      process.stdout.write(
        `woocommerce: webhook ${webhook.topic} → ${webhook.delivery_url} secret ${webhook.secret}\n`,
      );
    }
    webhooksShown = woo.webhooks.length;
  }, 250);
  const stop = async () => {
    clearInterval(timer);
    await Promise.all(servers.map((server) => server.stop()));
    process.exit(0);
  };
  process.on("SIGINT", () => void stop());
  process.on("SIGTERM", () => void stop());
}

main().catch((error: unknown) => {
  process.stderr.write(`Failed to start the fake stores: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
