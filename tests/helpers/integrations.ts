import type { Config } from "../../subgraphs/core/src/config";
import { freePort } from "./ports";

export const shopifyApp = { clientId: "omni-test-client-id", clientSecret: "shpss_omni_test_client_secret_0123456789" };
export const appUrl = "http://app.example.test/settings/integrations";

/** Config for a stack that the fake stores can call back: its public URL is known before it listens. */
export async function integrationConfig(
  overrides: { shopifyBaseUrl?: string; prokipApiUrl?: string } = {},
): Promise<Partial<Config>> {
  const port = await freePort();
  return {
    port,
    publicUrl: `http://127.0.0.1:${port}`,
    appUrl,
    shopify: {
      ...shopifyApp,
      scopes: "read_orders,read_products,write_inventory,read_inventory",
      adminBaseUrl: overrides.shopifyBaseUrl,
    },
    ...(overrides.prokipApiUrl && { prokipApiUrl: overrides.prokipApiUrl }),
  };
}
