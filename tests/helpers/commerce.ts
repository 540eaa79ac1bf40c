import type { GraphqlClient } from "./graphql-client";

/** Catalog and stock set-up through the public API, as a tenant's back office does it. */

export async function createPublishedProduct(api: GraphqlClient, sku: string, price = "10.00"): Promise<string> {
  const { createProduct } = await api.data<{ createProduct: { id: string } }>(
    "mutation ($input: CreateProductInput!) { createProduct(input: $input) { id } }",
    { input: { sku, name: `Product ${sku}`, price } },
  );
  await api.data("mutation ($id: ID!) { publishProduct(id: $id) { id } }", { id: createProduct.id });
  return createProduct.id;
}

export async function createLocation(api: GraphqlClient, code: string): Promise<string> {
  const { createLocation } = await api.data<{ createLocation: { id: string } }>(
    "mutation ($input: CreateLocationInput!) { createLocation(input: $input) { id } }",
    { input: { name: `Location ${code}`, code } },
  );
  return createLocation.id;
}

export async function setStock(
  api: GraphqlClient,
  productId: string,
  locationId: string,
  onHand: number,
): Promise<void> {
  await api.data("mutation ($input: SetInventoryInput!) { setInventory(input: $input) { onHand } }", {
    input: { productId, locationId, onHand, reason: "count" },
  });
}

export const createOrderMutation = `mutation ($input: CreateOrderInput!) {
  createOrder(input: $input) { id number status total { amount currency } items { sku quantity unitPrice { amount } } }
}`;

export interface OrderLine {
  productId: string;
  locationId: string;
  quantity: number;
}

export function createOrder(api: GraphqlClient, items: OrderLine[], idempotencyKey?: string) {
  return api.request<{ createOrder: { id: string; number: number; status: string } }>(createOrderMutation, {
    input: { items, ...(idempotencyKey && { idempotencyKey }) },
  });
}
