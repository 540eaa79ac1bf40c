import type { InvalidationListener, RedisCacheStore } from "./redis-store";
import type { CacheRead, CacheStore } from "./store";

interface NearTenant {
  generation: string;
  entries: Map<string, { value: unknown; expiresAt: number }>;
}

/**
 * The longest a copy answers: a subscription cut off without a word (a network partition no
 * socket error reports yet) can hide invalidations from this process only that long, while a
 * hot answer still costs one Redis read a second instead of one per request.
 */
const maxCopyAgeMs = 1_000;

/**
 * A Redis store with this process's own copies of what it read and wrote, for entries read
 * far more often than they change (whole storefront answers): a copy answers without a round
 * trip to Redis, which cost a cached answer more than anything but Express itself.
 *
 * Copies are kept only while every invalidation is heard (the store's subscription): one
 * heard drops the tenant's copies, and a lost subscription drops them all and keeps none
 * until it is back. A read or write that was under way when an invalidation was heard does
 * not leave a copy (its answer may predate the change), so a copy never outlives the
 * generation it was read at. Copies expire when the Redis entries they copy do, or after
 * `maxCopyAgeMs`, whichever comes first.
 */
export class NearCacheStore implements CacheStore {
  private readonly tenants = new Map<string, NearTenant>();
  private copies = 0;
  private listening = false;
  /** Moves on with every invalidation heard and every change of `listening`. */
  private epoch = 0;

  constructor(
    private readonly shared: RedisCacheStore,
    private readonly limits: { ttlMs: number; maxCopies: number },
  ) {
    const listener: InvalidationListener = {
      invalidated: (tenant) => {
        this.epoch++;
        this.forget(tenant);
      },
      listening: (heard) => {
        this.epoch++;
        this.listening = heard;
        this.tenants.clear();
        this.copies = 0;
      },
    };
    shared.listen(listener);
  }

  async read(tenant: string, keys: readonly string[]): Promise<CacheRead> {
    const near = this.tenants.get(tenant);
    if (near) {
      const now = Date.now();
      const values = keys.map((key) => {
        const copy = near.entries.get(key);
        return copy && copy.expiresAt > now ? copy.value : undefined;
      });
      if (values.every((value) => value !== undefined)) return { generation: near.generation, values };
    }
    const epoch = this.epoch;
    const read = await this.shared.read(tenant, keys);
    // Replies on one connection come in order: a generation other than the copies' is a later one.
    if (this.tenants.get(tenant)?.generation !== read.generation) this.forget(tenant);
    if (read.msLeft !== null && epoch === this.epoch) {
      const expiresAt = Date.now() + Math.min(read.msLeft, maxCopyAgeMs);
      read.values.forEach((value, index) => {
        if (value !== undefined) this.copy(tenant, read.generation, keys[index]!, value, expiresAt);
      });
    }
    return read;
  }

  async write(tenant: string, generation: string, entries: ReadonlyMap<string, unknown>): Promise<boolean> {
    const epoch = this.epoch;
    const kept = await this.shared.write(tenant, generation, entries);
    if (!kept || epoch !== this.epoch) return kept;
    // A write into an older hash expires sooner on Redis than the TTL; the copy is younger than both.
    const expiresAt = Date.now() + Math.min(this.limits.ttlMs, maxCopyAgeMs);
    for (const [key, value] of entries) this.copy(tenant, generation, key, value, expiresAt);
    return kept;
  }

  async invalidate(tenant: string): Promise<void> {
    this.epoch++;
    this.forget(tenant);
    await this.shared.invalidate(tenant);
  }

  close(): Promise<void> {
    this.tenants.clear();
    return this.shared.close();
  }

  private copy(tenant: string, generation: string, key: string, value: unknown, expiresAt: number): void {
    if (!this.listening) return;
    let near = this.tenants.get(tenant);
    if (near && near.generation !== generation) {
      this.forget(tenant);
      near = undefined;
    }
    if (!near) {
      near = { generation, entries: new Map() };
      this.tenants.set(tenant, near);
    }
    if (!near.entries.has(key)) this.copies++;
    near.entries.set(key, { value, expiresAt });
    // Over the bound, the tenants copied first go first: a whole tenant is the unit Redis expires too.
    for (const [oldest] of this.tenants) {
      if (this.copies <= this.limits.maxCopies || oldest === tenant) break;
      this.forget(oldest);
    }
  }

  private forget(tenant: string): void {
    const near = this.tenants.get(tenant);
    if (!near) return;
    this.copies -= near.entries.size;
    this.tenants.delete(tenant);
  }
}
