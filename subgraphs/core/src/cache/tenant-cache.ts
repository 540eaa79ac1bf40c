import type { Logger } from "../logger";
import { AvailabilityLog } from "./availability-log";
import { MemoryCacheStore } from "./memory-store";
import { NearCacheStore } from "./near-store";
import { RedisCacheStore } from "./redis-store";
import type { CacheLimits, CacheStore } from "./store";

export interface TenantCacheSettings {
  /** 0 turns the cache off: every read goes to the database. */
  ttlMs: number;
  /** Shared by every replica when set; this process's memory otherwise. */
  redisUrl?: string | undefined;
}

const memoryMaxEntries = 20_000;

/** The gateway's response cache's keys on Redis: a standalone catalog invalidates them too. */
export const responseCachePrefix = "omnistack:responses";
const redisMaxEntriesPerTenant = 5_000;

/**
 * A read-through cache of one tenant's data, keyed by tenant so no entry can answer another
 * tenant's request. Whoever changes cached data invalidates its tenant after the commit;
 * the outbox events of those changes invalidate again wherever they are delivered, which
 * covers a process that died between its commit and its invalidation. The cache never
 * fails a request: when its store does not answer, reads go to the database.
 */
export class TenantCache {
  private readonly followers: ((tenant: string) => Promise<void>)[] = [];
  private readonly closers: (() => Promise<void>)[] = [];
  private readonly availability: AvailabilityLog;

  constructor(
    private readonly store: CacheStore | null,
    private readonly log: Logger,
  ) {
    this.availability = new AvailabilityLog(log, {
      down: "cache unavailable; reading the database meanwhile",
      up: "cache available again",
    });
  }

  /** `keys`' values: held ones from the cache, the rest from `load` (and then cached). Absent values are not cached. */
  async readMany<T>(
    tenant: string,
    keys: readonly string[],
    load: (missing: string[]) => Promise<ReadonlyMap<string, T>>,
  ): Promise<Map<string, T>> {
    const found = new Map<string, T>();
    if (!this.store || keys.length === 0) return new Map(await load([...keys]));
    let generation: string;
    try {
      const held = await this.store.read(tenant, keys);
      generation = held.generation;
      held.values.forEach((value, index) => {
        if (value !== undefined) found.set(keys[index]!, value as T);
      });
      this.availability.restored();
    } catch (error) {
      this.availability.failed(error);
      return new Map(await load([...keys]));
    }
    const missing = keys.filter((key) => !found.has(key));
    if (missing.length === 0) return found;
    const loaded = await load(missing);
    const kept = new Map<string, T>();
    for (const [key, value] of loaded) {
      found.set(key, value);
      if (value !== null && value !== undefined) kept.set(key, value);
    }
    // Not awaited: the answer does not wait for the cache to keep it.
    this.store.write(tenant, generation, kept).catch((error: unknown) => this.availability.failed(error));
    return found;
  }

  async read<T>(tenant: string, key: string, load: () => Promise<T>): Promise<T> {
    const values = await this.readMany(tenant, [key], async () => new Map([[key, await load()]]));
    return values.get(key)!;
  }

  /** Never throws: the change it follows has committed already; a missed one lasts until the TTL. */
  async invalidate(tenant: string): Promise<void> {
    try {
      await this.store?.invalidate(tenant);
    } catch (error) {
      this.log.warn({ err: error, clientId: tenant }, "cache invalidation failed; entries expire by their TTL");
    }
    await Promise.all(this.followers.map((follow) => follow(tenant)));
  }

  /**
   * For a change to data this cache does not hold but what follows it may (stock, which the
   * gateway's cached answers show): only the followers are invalidated, after the commit.
   */
  async invalidateFollowers(tenant: string): Promise<void> {
    await Promise.all(this.followers.map((follow) => follow(tenant)));
  }

  /**
   * Whatever else is built from this tenant's data (the gateway's cached answers) goes stale
   * with it: `follow` runs on every invalidation, the committing process's own included, which
   * for a change with no outbox event (a category's) is the only one. It must not throw.
   * `close`, if given, runs when this cache closes.
   */
  onInvalidate(follow: (tenant: string) => Promise<void>, close?: () => Promise<void>): void {
    this.followers.push(follow);
    if (close) this.closers.push(close);
  }

  async close(): Promise<void> {
    await Promise.all([this.store?.close(), ...this.closers.map((close) => close())]);
  }
}

/**
 * Rows and pages of rows one process keeps copies of on Redis (NearCacheStore): the hot ones
 * of a storefront's traffic, a page of products being ~10 KB. Readers share the copies as
 * they share the memory store's values: nothing changes a cached row in place.
 */
const nearCatalogCopies = 1_000;

export function createTenantCache(settings: TenantCacheSettings, log: Logger): TenantCache {
  return new TenantCache(createCacheStore(settings, "omnistack:catalog", nearCatalogCopies), log);
}

/**
 * A store for `settings` (null when the TTL turns caching off); `prefix` names its keys on
 * Redis. With `nearCopies`, a Redis store also keeps up to that many copies in this process
 * (NearCacheStore): for entries that are only ever replaced whole, never changed in place.
 */
export function createCacheStore(
  settings: TenantCacheSettings,
  prefix: string,
  nearCopies?: number,
): CacheStore | null {
  if (settings.ttlMs === 0) return null;
  if (!settings.redisUrl) return new MemoryCacheStore(limits(settings.ttlMs, memoryMaxEntries));
  const shared = new RedisCacheStore(settings.redisUrl, limits(settings.ttlMs, redisMaxEntriesPerTenant), prefix);
  return nearCopies ? new NearCacheStore(shared, { ttlMs: settings.ttlMs, maxCopies: nearCopies }) : shared;
}

const limits = (ttlMs: number, maxEntries: number): CacheLimits => ({ ttlMs, maxEntries });

/**
 * A by-id fetch (as byIdLoader takes) that reads through the cache: only the ids the cache
 * does not hold reach `fetch`.
 */
export function readThroughById<T extends { id: string }>(
  cache: TenantCache,
  tenant: string,
  keyOf: (id: string) => string,
  fetch: (ids: string[]) => Promise<T[]>,
): (ids: string[]) => Promise<T[]> {
  return async (ids) => {
    const idOfKey = new Map(ids.map((id) => [keyOf(id), id]));
    const found = await cache.readMany<T>(tenant, [...idOfKey.keys()], async (missing) => {
      const rows = await fetch(missing.map((key) => idOfKey.get(key)!));
      return new Map(rows.map((row) => [keyOf(row.id), row]));
    });
    return [...found.values()];
  };
}
