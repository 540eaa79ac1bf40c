import { useSubscription } from "urql";
import { OrderFeedDocument, type OrderFeedSubscription, type OrderRowFragment } from "../../generated/graphql";

interface Feed {
  /** The newest state of every order an event was received for, by id. */
  latest: Record<string, OrderRowFragment>;
  /** Orders created since the page opened, newest first. */
  created: OrderRowFragment[];
  /** The last event, for the polite announcement. */
  last: OrderFeedSubscription["orderUpdated"] | null;
}

const empty: Feed = { latest: {}, created: [], last: null };

const newer = (a: OrderRowFragment, b: OrderRowFragment | undefined) => !b || a.updatedAt >= b.updatedAt;

/**
 * The tenant's order events since the page opened: orders created by anyone (the shop, the
 * API, an imported store order) and every status change, kept so that a list can show them.
 */
export function useOrderFeed() {
  const [{ data, error }] = useSubscription({ query: OrderFeedDocument }, (feed: Feed = empty, event) => {
    const { order, type } = event.orderUpdated;
    const latest = newer(order, feed.latest[order.id]) ? { ...feed.latest, [order.id]: order } : feed.latest;
    const created =
      type === "CREATED" && !feed.created.some((seen) => seen.id === order.id)
        ? [order, ...feed.created]
        : feed.created;
    return { latest, created, last: event.orderUpdated };
  });
  return { feed: data ?? empty, error };
}

/** An order as the list shows it: the fetched row, or the feed's state of it when that is newer. */
export const freshest = (row: OrderRowFragment, feed: Feed): OrderRowFragment => {
  const fromFeed = feed.latest[row.id];
  return fromFeed && newer(fromFeed, row) ? fromFeed : row;
};
