import { startFakeProkip } from "./prokip";
import { startFakeShopify } from "./shopify";
import { startFakeWooCommerce } from "./woocommerce";

/**
 * `npm run fake-stores`: the three store stand-ins the tests use, on fixed local ports, for
 * a demo against `npm start`. Prints the settings and credentials that reach them.
 */
async function main(): Promise<void> {
  const shopify = await startFakeShopify({
    shop: "omni-demo.myshopify.com",
    clientId: "demo-shopify-client-id",
    clientSecret: "demo-shopify-client-secret",
    port: 4201,
  });
  const woo = await startFakeWooCommerce({
    consumerKey: "ck_demo0000000000000000000000000000000000",
    consumerSecret: "cs_demo0000000000000000000000000000000000",
    port: 4202,
  });
  const prokip = await startFakeProkip({ token: "prokip-demo-token", port: 4203 });
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
      "Start the gateway against them with:",
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
  const timer = setInterval(() => {
    servers.forEach((server, index) => {
      for (const request of server.requests.slice(seen[index])) {
        process.stdout.write(`${names[index]}: ${request.method} ${request.path}\n`);
      }
      seen[index] = server.requests.length;
    });
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
  process.stderr.write(`Failed to start the fake stores: ${String(error)}\n`);
  process.exit(1);
});
