import type { Api } from "./api";

/**
 * The published product whose stock the bench changes: each `setInventory` sets its on-hand
 * count to the next value of a counter, so an event is known by its `onHand` before it fires.
 */
export interface StockEvents {
  productId: string;
  /** The value for the next event; counts up from the last one taken. */
  nextValue(): number;
  /** The values the next `count` events will carry, without taking them. */
  upcoming(count: number): number[];
  fire(onHand: number): Promise<unknown>;
}

export async function createStockEvents(api: Api): Promise<StockEvents> {
  const locationId = (
    await api.call('mutation { createLocation(input: { name: "Bench", code: "BENCH-SUBS" }) { id } }')
  ).createLocation!.id;
  const productId = (
    await api.call(
      'mutation { createProduct(input: { sku: "BENCH-SUBS", name: "Bench subscriptions", price: "9.99" }) { id } }',
    )
  ).createProduct!.id;
  await api.call("mutation ($id: ID!) { publishProduct(id: $id) { id } }", { id: productId });
  let stockValue = 0;
  const events: StockEvents = {
    productId,
    nextValue: () => ++stockValue,
    upcoming: (count) => Array.from({ length: count }, (_, k) => stockValue + 1 + k),
    fire: (onHand) =>
      api.call("mutation ($i: SetInventoryInput!) { setInventory(input: $i) { id } }", {
        i: { productId, locationId, onHand },
      }),
  };
  await events.fire(events.nextValue());
  return events;
}
