import { LRUCache } from "lru-cache";
import type { BucketSettings } from "../../../subgraphs/core/src/config";
import { leak, msUntilFull, type BucketState, type BucketStore, type TakeResult } from "./leaky-bucket";

/** Buckets of this process only: the store without Redis, and the fallback while Redis is down. */
export class MemoryBucketStore implements BucketStore {
  // A forgotten bucket reads as full: entries live only until they would have refilled.
  private readonly buckets = new LRUCache<string, BucketState>({ max: 100_000 });

  async take(key: string, settings: BucketSettings, cost: number): Promise<TakeResult> {
    return this.takeNow(key, settings, cost);
  }

  takeNow(key: string, settings: BucketSettings, cost: number): TakeResult {
    const { state, allowed } = leak(this.buckets.get(key), settings, cost, Date.now());
    const ttl = msUntilFull(state.available, settings);
    if (ttl > 0) this.buckets.set(key, state, { ttl });
    else this.buckets.delete(key);
    return { allowed, available: state.available, settings };
  }

  async close(): Promise<void> {
    this.buckets.clear();
  }
}
