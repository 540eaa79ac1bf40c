import type { BucketSettings } from "../../../subgraphs/core/src/config";

/**
 * Shopify's leaky bucket: a caller holds up to `capacity` points, spends the cost of each
 * request and gets `restoreRate` points back every second. Stores keep only what is left
 * and when; a bucket nobody touched is full, so a store may forget it once it would be.
 */
export interface TakeResult {
  /** Whether the points were taken; a refund (negative cost) always is. */
  allowed: boolean;
  /** Points left after this call (fractional between restores). */
  available: number;
  settings: BucketSettings;
}

export interface BucketStore {
  /**
   * Takes `cost` points from the bucket `key` if it holds that many; a negative cost gives
   * points back. With `spend`, the bucket must hold `cost` but loses `spend`: an answer whose
   * actual cost is known in advance (a cached one) is checked and charged in one call.
   */
  take(key: string, settings: BucketSettings, cost: number, spend?: number): Promise<TakeResult>;
  close(): Promise<void>;
}

export interface BucketState {
  available: number;
  atMs: number;
}

/** The pure rule the stores apply; redis-store.ts's script is the same rule in Lua. */
export function leak(
  state: BucketState | undefined,
  settings: BucketSettings,
  cost: number,
  nowMs: number,
  spend = cost,
): { state: BucketState; allowed: boolean } {
  const restored = state
    ? Math.min(settings.capacity, state.available + (Math.max(0, nowMs - state.atMs) * settings.restoreRate) / 1000)
    : settings.capacity;
  const allowed = cost <= 0 || cost <= restored;
  const available = allowed ? Math.min(settings.capacity, restored - spend) : restored;
  return { state: { available, atMs: nowMs }, allowed };
}

/** How long until the bucket is full again, when a store may drop it. */
export function msUntilFull(available: number, settings: BucketSettings): number {
  return Math.ceil(((settings.capacity - available) / settings.restoreRate) * 1000);
}

/** Whole seconds until `cost` points are back, for `Retry-After`. */
export function secondsUntilAvailable(result: TakeResult, cost: number): number {
  return Math.max(1, Math.ceil((cost - result.available) / result.settings.restoreRate));
}
