import type { BucketSettings } from "../../../subgraphs/core/src/config";
import { leak, msUntilFull, type BucketState, type BucketStore, type TakeResult } from "./leaky-bucket";

/** Buckets kept at most: beyond it the least recently used go (a forgotten bucket reads as full). */
const maxBuckets = 100_000;

/**
 * Buckets of this process only: the store without Redis, and the fallback while Redis is down.
 * A plain Map in recency order rather than an LRU cache library: a bucket that refills is
 * forgotten on every request of a lone busy client, and emptying an LRU cache resets all of
 * its preallocated slots each time.
 */
export class MemoryBucketStore implements BucketStore {
  private readonly buckets = new Map<string, { state: BucketState; fullAt: number }>();

  async take(key: string, settings: BucketSettings, cost: number, spend = cost): Promise<TakeResult> {
    return this.takeNow(key, settings, cost, spend);
  }

  takeNow(key: string, settings: BucketSettings, cost: number, spend = cost): TakeResult {
    const now = Date.now();
    const entry = this.buckets.get(key);
    this.buckets.delete(key);
    const { state, allowed } = leak(entry && entry.fullAt > now ? entry.state : undefined, settings, cost, now, spend);
    const untilFull = msUntilFull(state.available, settings);
    if (untilFull > 0) {
      this.buckets.set(key, { state, fullAt: now + untilFull });
      if (this.buckets.size > maxBuckets) this.buckets.delete(this.buckets.keys().next().value!);
    }
    return { allowed, available: state.available, settings };
  }

  async close(): Promise<void> {
    this.buckets.clear();
  }
}
