import { createHmac, randomUUID } from "node:crypto";
import { loadConfig, type Config } from "../../subgraphs/core/src/config";
import type { FakeShopify } from "../fakes/shopify";
import type { GraphqlClient } from "./graphql-client";
import { freePort } from "./ports";

export const shopifyApp = { clientId: "omni-test-client-id", clientSecret: "shpss_omni_test_client_secret_0123456789" };
/**
 * Config for a stack that the fake stores can call back: its public URL is known before it
 * listens. No OMNI_APP_URL: the Shopify callback sends the browser to the console.
 */
export async function integrationConfig(
  overrides: { shopifyBaseUrl?: string; prokipApiUrl?: string; shopifyApiVersion?: string } = {},
): Promise<Partial<Config>> {
  const port = await freePort();
  return {
    port,
    publicUrl: `http://127.0.0.1:${port}`,
    shopify: {
      ...shopifyApp,
      scopes: "read_orders,read_products,write_inventory,read_inventory",
      adminBaseUrl: overrides.shopifyBaseUrl,
      apiVersion: overrides.shopifyApiVersion ?? loadConfig({}).shopify.apiVersion,
    },
    ...(overrides.prokipApiUrl && { prokipApiUrl: overrides.prokipApiUrl }),
  };
}

/**
 * Connects a Shopify shop for the tenant the way a merchant does: initiate, approve on the
 * (fake) shop, follow the callback. Returns the connection id.
 */
export async function connectShopifyShop(api: GraphqlClient, shop: string): Promise<string> {
  const { initiateShopifyConnection } = await api.data<{ initiateShopifyConnection: { authUrl: string } }>(
    "mutation ($shop: String!) { initiateShopifyConnection(shop: $shop) { authUrl } }",
    { shop },
  );
  let url = initiateShopifyConnection.authUrl;
  for (let hop = 0; hop < 2; hop++) {
    const response = await fetch(url, { redirect: "manual" });
    url = response.headers.get("location")!;
  }
  if (new URL(url).searchParams.get("shopify_success") !== "true") throw new Error(`Shopify connect failed: ${url}`);
  const { connections } = await api.data<{ connections: { id: string; platform: string }[] }>(
    "{ connections { id platform } }",
  );
  return connections.find((connection) => connection.platform === "SHOPIFY")!.id;
}

/** Connects a WooCommerce store by key pair; returns the connection id. */
export async function connectWooCommerceStore(
  api: GraphqlClient,
  input: { storeUrl: string; consumerKey: string; consumerSecret: string },
): Promise<string> {
  const { connectWooCommerce } = await api.data<{ connectWooCommerce: { id: string } }>(
    "mutation ($input: ConnectWooCommerceInput!) { connectWooCommerce(input: $input) { id } }",
    { input },
  );
  return connectWooCommerce.id;
}

/**
 * POSTs a store webhook the way Shopify sends one: the body signed with the app secret
 * (base64 HMAC-SHA256), the shop in X-Shopify-Shop-Domain, a fresh webhook id unless given.
 */
export function postShopifyWebhook(
  origin: string,
  shop: string,
  topic: string,
  payload: unknown,
  options: { webhookId?: string; secret?: string } = {},
): Promise<Response> {
  const body = JSON.stringify(payload);
  return fetch(`${origin}/webhooks/shopify`, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      "x-shopify-topic": topic,
      "x-shopify-hmac-sha256": createHmac("sha256", options.secret ?? shopifyApp.clientSecret)
        .update(body)
        .digest("base64"),
      "x-shopify-shop-domain": shop,
      "x-shopify-webhook-id": options.webhookId ?? randomUUID(),
    },
    body,
  });
}

/**
 * POSTs a store webhook the way WooCommerce sends one to its connection's address: the raw
 * body signed with the webhook's secret (base64 HMAC-SHA256), topic and delivery id headers.
 */
export function postWooCommerceWebhook(
  origin: string,
  connectionId: string,
  secret: string,
  body: string,
  options: { topic?: string; deliveryId?: string } = {},
): Promise<Response> {
  return fetch(`${origin}/webhooks/woocommerce/${connectionId}`, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      "x-wc-webhook-topic": options.topic ?? "order.created",
      "x-wc-webhook-signature": createHmac("sha256", secret).update(body).digest("base64"),
      "x-wc-webhook-delivery-id": options.deliveryId ?? randomUUID(),
    },
    body,
  });
}

/** Stock levels a fake Shopify shop was told since `from` (an index into its request log), as sku → available. */
export function shopifyStockPushes(shopify: FakeShopify, from = 0): Record<string, number> {
  const skuOf = new Map(
    shopify.products.flatMap((product) => product.variants.map((variant) => [variant.inventory_item_id, variant.sku])),
  );
  return Object.fromEntries(
    shopify.requests
      .slice(from)
      .filter((request) => request.path.endsWith("/inventory_levels/set.json"))
      .map((request) => {
        const body = (request.body ?? {}) as { inventory_item_id: number; available: number };
        return [skuOf.get(Number(body.inventory_item_id)), body.available];
      }),
  );
}
