import type { ShopifySettings } from "../../../core/src/config";

/** The Admin API version every Shopify call names. */
export const shopifyApiVersion = "2024-10";

/** Where Shopify calls for this shop go: the shop itself, or the configured stand-in. */
export function shopifyBaseUrl(settings: ShopifySettings, shop: string): string {
  return settings.adminBaseUrl ?? `https://${shop}`;
}
