import type { ShopifySettings } from "../../../core/src/config";

/** Where Shopify calls for this shop go: the shop itself, or the configured stand-in. */
export function shopifyBaseUrl(settings: ShopifySettings, shop: string): string {
  return settings.adminBaseUrl ?? `https://${shop}`;
}

/** The shop's Admin REST API at the configured version (`SHOPIFY_API_VERSION`): `…/admin/api/2025-10`. */
export function shopifyAdminApiUrl(settings: ShopifySettings, shop: string): string {
  return `${shopifyBaseUrl(settings, shop)}/admin/api/${settings.apiVersion}`;
}
