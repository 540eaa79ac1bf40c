import { z } from "zod";
import { AppError } from "../../../../core/src/errors";
import type { StoreRequest, StoreResponse } from "../store-http";
import { callStoreRetrying, StoreCallError } from "./retrying-call";
import type { PulledOrder, StoreClient, StoreProduct } from "./types";
import type { Connection, ProductMapping } from "../../db";

const product = z.object({ id: z.union([z.number(), z.string()]), sku: z.string().nullish() }).loose();
const products = z.array(product);

function asStoreProduct(item: z.infer<typeof product>): StoreProduct[] {
  return item.sku
    ? [{ sku: item.sku, externalProductId: String(item.id), externalVariantId: null, inventoryItemId: null }]
    : [];
}

/** The product a `product.updated` webhook carries (its body is the product). */
export function wooCommerceProductFromWebhook(payload: unknown): {
  externalProductId: string;
  products: StoreProduct[];
} {
  const parsed = product.safeParse(payload);
  if (!parsed.success) throw new AppError("BAD_USER_INPUT", "The WooCommerce product has no id");
  return { externalProductId: String(parsed.data.id), products: asStoreProduct(parsed.data) };
}
const orders = z.array(z.object({ id: z.union([z.number(), z.string()]) }).loose());

export interface WooCommerceKeys {
  consumerKey: string;
  consumerSecret: string;
}

/** A WooCommerce store's REST API v3 with the connection's key pair (HTTP Basic over the store's own URL). */
export function wooCommerceStore(connection: Connection, keys: WooCommerceKeys): StoreClient {
  const api = `${connection.storeUrl}/wp-json/wc/v3`;
  const authorization = `Basic ${Buffer.from(`${keys.consumerKey}:${keys.consumerSecret}`).toString("base64")}`;

  const call = (url: string, request: StoreRequest = {}): Promise<StoreResponse> =>
    callStoreRetrying("WooCommerce", url, { ...request, headers: { authorization, ...request.headers } });

  /** Every page of a list endpoint (`X-WP-TotalPages` says how many). */
  async function* pages(path: string, query: URLSearchParams): AsyncGenerator<unknown> {
    for (let page = 1, total = 1; page <= total; page++) {
      query.set("per_page", "100");
      query.set("page", String(page));
      const response = await call(`${api}${path}?${query.toString()}`);
      if (response.status !== 200) throw new StoreCallError("WooCommerce", response.status, response.body);
      total = Number(response.headers.get("x-wp-totalpages") ?? 1) || 1;
      yield response.body;
    }
  }

  return {
    platform: "WOOCOMMERCE",
    async listProducts() {
      const found: StoreProduct[] = [];
      for await (const body of pages("/products", new URLSearchParams())) {
        const page = products.safeParse(body);
        if (!page.success) throw new Error("WooCommerce's product list had an unexpected shape");
        for (const item of page.data) found.push(...asStoreProduct(item));
      }
      return found;
    },
    async setStock(mapping: ProductMapping, quantity: number) {
      const response = await call(`${api}/products/${encodeURIComponent(mapping.externalProductId)}`, {
        method: "PUT",
        json: { manage_stock: true, stock_quantity: quantity },
      });
      if (response.status !== 200) throw new StoreCallError("WooCommerce", response.status, response.body);
    },
    ordersSince(since: Date | null) {
      return (async () => {
        const query = new URLSearchParams();
        // WooCommerce reads `after` in the site's time zone unless told it is GMT.
        if (since) {
          query.set("after", since.toISOString());
          query.set("dates_are_gmt", "true");
        }
        const pulled: PulledOrder[] = [];
        for await (const body of pages("/orders", query)) {
          const page = orders.safeParse(body);
          if (!page.success) throw new Error("WooCommerce's order list had an unexpected shape");
          for (const order of page.data) {
            pulled.push({ deliveryId: `pull:${String(order.id)}`, topic: "order.created", payload: order });
          }
        }
        return pulled;
      })();
    },
  };
}
