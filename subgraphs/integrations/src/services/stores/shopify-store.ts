import { setTimeout as sleep } from "node:timers/promises";
import { z } from "zod";
import { AppError } from "../../../../core/src/errors";
import type { IntegrationDeps } from "../deps";
import { shopifyAdminApiUrl, shopifyBaseUrl } from "../shopify-admin";
import type { StoreRequest, StoreResponse } from "../store-http";
import { callStoreRetrying, StoreCallError } from "./retrying-call";
import type { PulledOrder, StoreClient, StoreProduct } from "./types";
import type { Connection, ProductMapping } from "../../db";

const product = z.object({
  id: z.union([z.number(), z.string()]),
  variants: z.array(
    z.object({
      id: z.union([z.number(), z.string()]),
      sku: z.string().nullish(),
      inventory_item_id: z.union([z.number(), z.string()]).nullish(),
    }),
  ),
});
const productsPage = z.object({ products: z.array(product) });

function variantsOf(item: z.infer<typeof product>): StoreProduct[] {
  return item.variants.flatMap((variant) =>
    variant.sku
      ? [
          {
            sku: variant.sku,
            externalProductId: String(item.id),
            externalVariantId: String(variant.id),
            inventoryItemId: variant.inventory_item_id == null ? null : String(variant.inventory_item_id),
          },
        ]
      : [],
  );
}

/** The variants a `products/update` webhook carries (its body is the product). */
export function shopifyProductFromWebhook(payload: unknown): { externalProductId: string; products: StoreProduct[] } {
  const parsed = product.safeParse(payload);
  if (!parsed.success) throw new AppError("BAD_USER_INPUT", "The Shopify product has no id or variants");
  return { externalProductId: String(parsed.data.id), products: variantsOf(parsed.data) };
}
const locations = z.object({
  locations: z.array(z.object({ id: z.union([z.number(), z.string()]), active: z.boolean().default(true) })),
});
const ordersPage = z.object({ orders: z.array(z.object({ id: z.union([z.number(), z.string()]) }).loose()) });

/**
 * How close to the REST Admin API's call limit (`X-Shopify-Shop-Api-Call-Limit: used/size`,
 * a bucket leaking 2 calls a second) we let a sync get before pausing: a second's pause
 * gives two calls back, so a long sync never runs into 429s.
 */
const callLimitHeadroom = 4;

export function callLimitPauseMs(headers: Headers): number {
  const match = /^(\d+)\/(\d+)$/.exec(headers.get("x-shopify-shop-api-call-limit")?.trim() ?? "");
  if (!match) return 0;
  const used = Number(match[1]);
  const size = Number(match[2]);
  return size - used <= callLimitHeadroom ? 1000 : 0;
}

/** Shopify's Admin REST API for one shop, with the connection's access token. */
export function shopifyStore(connection: Connection, accessToken: string, deps: IntegrationDeps): StoreClient {
  const shop = new URL(connection.storeUrl).host;
  const base = shopifyBaseUrl(deps.config.shopify, shop);
  const api = shopifyAdminApiUrl(deps.config.shopify, shop);
  let locationId: Promise<string> | undefined;

  async function call(url: string, request: StoreRequest = {}): Promise<StoreResponse> {
    const response = await callStoreRetrying("Shopify", url, {
      ...request,
      headers: { "x-shopify-access-token": accessToken, ...request.headers },
    });
    const pause = callLimitPauseMs(response.headers);
    if (pause > 0) await sleep(pause);
    return response;
  }

  /** Follows `Link: <…>; rel="next"` pages, only ever on the shop's own origin. */
  async function* pages(first: string): AsyncGenerator<unknown> {
    let url: string | null = first;
    while (url) {
      const response = await call(url);
      if (response.status !== 200) throw new StoreCallError("Shopify", response.status, response.body);
      yield response.body;
      const next = /<([^>]+)>;\s*rel="next"/.exec(response.headers.get("link") ?? "")?.[1] ?? null;
      url = next && new URL(next).origin === new URL(base).origin ? next : null;
    }
  }

  /** The shop's first active location: where its inventory levels are set. */
  async function findLocation(): Promise<string> {
    const response = await call(`${api}/locations.json`);
    const parsed = response.status === 200 ? locations.safeParse(response.body) : null;
    if (!parsed?.success) throw new StoreCallError("Shopify", response.status, response.body);
    const active = parsed.data.locations.find((location) => location.active);
    if (!active) throw new Error("The Shopify shop has no active location to keep stock at");
    return String(active.id);
  }

  return {
    platform: "SHOPIFY",
    async listProducts() {
      const found: StoreProduct[] = [];
      for await (const body of pages(`${api}/products.json?limit=250&fields=id,variants`)) {
        const page = productsPage.safeParse(body);
        if (!page.success) throw new Error("Shopify's product list had an unexpected shape");
        for (const item of page.data.products) found.push(...variantsOf(item));
      }
      return found;
    },
    async setStock(mapping: ProductMapping, quantity: number) {
      if (!mapping.inventoryItemId) throw new Error(`Shopify variant of ${mapping.sku} has no inventory item`);
      locationId ??= findLocation();
      const response = await call(`${api}/inventory_levels/set.json`, {
        method: "POST",
        // Shopify's ids are 64-bit: Number() would send a neighbouring id for any above 2^53.
        json: {
          location_id: BigInt(await locationId),
          inventory_item_id: BigInt(mapping.inventoryItemId),
          available: quantity,
        },
      });
      if (response.status !== 200) throw new StoreCallError("Shopify", response.status, response.body);
    },
    ordersSince(since: Date | null) {
      return (async () => {
        const query = new URLSearchParams({ status: "any", limit: "250" });
        if (since) query.set("created_at_min", since.toISOString());
        const pulled: PulledOrder[] = [];
        for await (const body of pages(`${api}/orders.json?${query.toString()}`)) {
          const page = ordersPage.safeParse(body);
          if (!page.success) throw new Error("Shopify's order list had an unexpected shape");
          for (const order of page.data.orders) {
            pulled.push({ deliveryId: `pull:${String(order.id)}`, topic: "orders/create", payload: order });
          }
        }
        return pulled;
      })();
    },
  };
}
