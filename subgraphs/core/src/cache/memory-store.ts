import type { CacheLimits, CacheRead, CacheStore } from "./store";

interface Entry {
  generation: number;
  value: unknown;
  expiresAt: number;
}

/**
 * One process's cache. Entries sit in one Map kept in recency order, so evicting the least
 * recently used is deleting the first key. An invalidated tenant's entries are not swept:
 * their generation no longer matches, and they age out of the map like any other.
 */
export class MemoryCacheStore implements CacheStore {
  private readonly entries = new Map<string, Entry>();
  private readonly generations = new Map<string, number>();

  constructor(private readonly limits: CacheLimits) {}

  read(tenant: string, keys: readonly string[]): Promise<CacheRead> {
    const generation = this.generationOf(tenant);
    const now = Date.now();
    const values = keys.map((key) => {
      const id = entryId(tenant, key);
      const entry = this.entries.get(id);
      if (!entry) return undefined;
      this.entries.delete(id);
      if (entry.generation !== generation || entry.expiresAt <= now) return undefined;
      this.entries.set(id, entry);
      return entry.value;
    });
    return Promise.resolve({ generation: String(generation), values });
  }

  write(tenant: string, generation: string, entries: ReadonlyMap<string, unknown>): Promise<boolean> {
    const current = this.generationOf(tenant);
    if (String(current) !== generation) return Promise.resolve(false);
    const expiresAt = Date.now() + this.limits.ttlMs;
    for (const [key, value] of entries) {
      const id = entryId(tenant, key);
      this.entries.delete(id);
      this.entries.set(id, { generation: current, value, expiresAt });
    }
    for (const id of this.entries.keys()) {
      if (this.entries.size <= this.limits.maxEntries) break;
      this.entries.delete(id);
    }
    return Promise.resolve(entries.size > 0);
  }

  invalidate(tenant: string): Promise<void> {
    this.generations.set(tenant, this.generationOf(tenant) + 1);
    return Promise.resolve();
  }

  close(): Promise<void> {
    this.entries.clear();
    return Promise.resolve();
  }

  private generationOf(tenant: string): number {
    return this.generations.get(tenant) ?? 0;
  }
}

const entryId = (tenant: string, key: string): string => `${tenant}\u0000${key}`;
