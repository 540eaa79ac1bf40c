import { loadConfig } from "../../subgraphs/core/src/config";
import { appRedirectUrl } from "../../subgraphs/integrations/src/services/shopify";

describe("where the Shopify callback sends the merchant's browser", () => {
  test("without OMNI_APP_URL: the console's connections page, told how it went", () => {
    const config = loadConfig({ OMNI_PUBLIC_URL: "https://omni.example.com" });
    expect(appRedirectUrl(config, { ok: false, error: "invalid_state", shop: "lake.myshopify.com" })).toBe(
      "https://omni.example.com/console/connections?shopify_error=invalid_state&store=lake.myshopify.com",
    );
  });

  test("with OMNI_APP_URL: that app, its own query kept", () => {
    const config = loadConfig({ OMNI_APP_URL: "https://app.example.com/settings?tab=stores" });
    expect(appRedirectUrl(config, { ok: false, error: "invalid_hmac" })).toBe(
      "https://app.example.com/settings?tab=stores&shopify_error=invalid_hmac",
    );
  });
});
