import { z } from "zod";
import { callStoreRetrying, StoreCallError } from "./retrying-call";
import type { StoreClient, StoreProduct } from "./types";
import type { Connection, ProductMapping } from "../../db";

const productList = z.object({
  data: z.array(
    z
      .object({
        id: z.union([z.number(), z.string()]),
        sku: z.string().nullish(),
        product_variations: z
          .array(
            z.object({
              variations: z.array(z.object({ id: z.union([z.number(), z.string()]), sub_sku: z.string().nullish() })),
            }),
          )
          .default([]),
      })
      .loose(),
  ),
});

/** Prokip's connector API with the connection's bearer token, booking stock at its business location. */
export function prokipStore(connection: Connection, token: string): StoreClient {
  const api = `${connection.storeUrl}/connector/api`;
  const headers = { authorization: `Bearer ${token}` };

  return {
    platform: "PROKIP",
    async listProducts() {
      const response = await callStoreRetrying("Prokip", `${api}/product?per_page=-1`, { headers });
      const list = response.status === 200 ? productList.safeParse(response.body) : null;
      if (!list) throw new StoreCallError("Prokip", response.status, response.body);
      if (!list.success) throw new Error("Prokip's product list had an unexpected shape");
      const found: StoreProduct[] = [];
      for (const product of list.data.data) {
        const variations = product.product_variations.flatMap((group) => group.variations);
        for (const variation of variations) {
          const sku = variation.sub_sku || product.sku;
          if (!sku) continue;
          found.push({
            sku,
            externalProductId: String(product.id),
            externalVariantId: String(variation.id),
            inventoryItemId: null,
          });
        }
      }
      return found;
    },
    async setStock(mapping: ProductMapping, quantity: number) {
      const response = await callStoreRetrying(
        "Prokip",
        `${api}/product/${encodeURIComponent(mapping.externalProductId)}`,
        { method: "PUT", headers, json: { quantity, location_id: connection.prokipLocationId } },
      );
      if (response.status !== 200) throw new StoreCallError("Prokip", response.status, response.body);
    },
    ordersSince: () => null,
  };
}
