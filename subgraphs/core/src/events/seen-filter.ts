import { LRUCache } from "lru-cache";

/**
 * Delivery is at least once (a dispatcher that crashes after publishing and before marking
 * publishes again), so consumers pass each event id through this and skip it when it returns
 * false. Remembers the last `max` ids: duplicates arrive close together, never far apart.
 */
export function createSeenFilter(max = 10_000): (eventId: string) => boolean {
  const seen = new LRUCache<string, true>({ max });
  return (eventId) => {
    if (seen.has(eventId)) return false;
    seen.set(eventId, true);
    return true;
  };
}
