/**
 * Where a tenant cache keeps its entries. Each tenant has a generation: invalidating moves
 * it on, and a write made with an older generation is dropped, so a reader that loaded the
 * old row before a change committed can never store it after the change's invalidation.
 */
export interface CacheStore {
  /** The tenant's current generation and what is held for `keys` (undefined where nothing is). */
  read(tenant: string, keys: readonly string[]): Promise<CacheRead>;
  /** Stores `entries` unless the tenant's generation has moved past `generation` meanwhile; true if it did. */
  write(tenant: string, generation: string, entries: ReadonlyMap<string, unknown>): Promise<boolean>;
  /** Moves the tenant to a new generation: nothing held before is served again. */
  invalidate(tenant: string): Promise<void>;
  close(): Promise<void>;
}

export interface CacheRead {
  generation: string;
  values: unknown[];
}

export interface CacheLimits {
  /** No entry is served older than this, whatever invalidations were missed. */
  ttlMs: number;
  /** Entries held at most: in all (in memory) or per tenant (on Redis). */
  maxEntries: number;
}
