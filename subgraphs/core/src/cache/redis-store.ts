import Redis from "ioredis";
import { Decimal } from "../graphql/scalars";
import type { CacheLimits, CacheRead, CacheStore } from "./store";

// Each script touches one tenant's two keys, which share a hash tag: one Redis Cluster slot.
// A read also says how long the entries have left (PTTL: -2 when there are none).
const readScript = `
local generation = redis.call('GET', KEYS[1]) or '0'
if #ARGV == 0 then return { generation, {}, -2 } end
return { generation, redis.call('HMGET', KEYS[2], unpack(ARGV)), redis.call('PTTL', KEYS[2]) }
`;

/** ARGV: generation read, ttl ms, max entries, then field, value, field, value, … */
const writeScript = `
if (redis.call('GET', KEYS[1]) or '0') ~= ARGV[1] then return 0 end
if redis.call('HLEN', KEYS[2]) >= tonumber(ARGV[3]) then return 0 end
redis.call('HSET', KEYS[2], unpack(ARGV, 4))
if redis.call('PTTL', KEYS[2]) < 0 then redis.call('PEXPIRE', KEYS[2], ARGV[2]) end
return 1
`;

/** ARGV: the channel on which every process holding near copies hears of it, the tenant. */
const invalidateScript = `
redis.call('INCR', KEYS[1])
redis.call('DEL', KEYS[2])
redis.call('PUBLISH', ARGV[1], ARGV[2])
return 1
`;

type ScriptedRedis = Redis & {
  cacheRead(
    generationKey: string,
    entriesKey: string,
    ...fields: string[]
  ): Promise<[string, (string | null)[], number]>;
  cacheWrite(generationKey: string, entriesKey: string, ...args: (string | number)[]): Promise<number>;
  cacheInvalidate(generationKey: string, entriesKey: string, channel: string, tenant: string): Promise<number>;
};

/** A read, with how long its entries have left on Redis (null: none are held). */
export interface TimedCacheRead extends CacheRead {
  msLeft: number | null;
}

/** What a process holding copies of a store's entries hears (see `listen`). */
export interface InvalidationListener {
  /** A tenant's entries were invalidated, by any process. */
  invalidated(tenant: string): void;
  /** Whether every invalidation from now on will be heard: false while the subscription is down. */
  listening(heard: boolean): void;
}

/**
 * A cache every replica shares, so one replica's invalidation holds for all. A tenant's
 * entries live in one hash that expires `ttlMs` after its first write: staleness from a
 * missed invalidation is bounded, and so is the hash (`maxEntries` per tenant).
 */
export class RedisCacheStore implements CacheStore {
  private readonly redis: ScriptedRedis;
  private subscriber: Redis | undefined;

  constructor(
    private readonly url: string,
    private readonly limits: CacheLimits,
    private readonly prefix = "omnistack:catalog",
  ) {
    // A cache that does not answer at once is skipped (TenantCache reads the database then).
    this.redis = new Redis(url, {
      enableOfflineQueue: false,
      commandTimeout: 250,
      maxRetriesPerRequest: 0,
      connectionName: "omnistack-cache",
    }) as ScriptedRedis;
    this.redis.defineCommand("cacheRead", { numberOfKeys: 2, lua: readScript });
    this.redis.defineCommand("cacheWrite", { numberOfKeys: 2, lua: writeScript });
    this.redis.defineCommand("cacheInvalidate", { numberOfKeys: 2, lua: invalidateScript });
    // Failures surface per command to TenantCache; ioredis reconnects by itself.
    this.redis.on("error", () => undefined);
  }

  async read(tenant: string, keys: readonly string[]): Promise<TimedCacheRead> {
    const [generation, raw, msLeft] = await this.redis.cacheRead(...this.keysOf(tenant), ...keys);
    return {
      generation,
      values: raw.map((text) => (text === null ? undefined : decode(text))),
      msLeft: msLeft > 0 ? msLeft : null,
    };
  }

  /** True when the entries were kept (the generation still held and there was room). */
  async write(tenant: string, generation: string, entries: ReadonlyMap<string, unknown>): Promise<boolean> {
    if (entries.size === 0) return false;
    const pairs = [...entries].flatMap(([key, value]) => [key, encode(value)]);
    const kept = await this.redis.cacheWrite(
      ...this.keysOf(tenant),
      generation,
      this.limits.ttlMs,
      this.limits.maxEntries,
      ...pairs,
    );
    return kept === 1;
  }

  async invalidate(tenant: string): Promise<void> {
    await this.redis.cacheInvalidate(...this.keysOf(tenant), this.channel, tenant);
  }

  /**
   * Tells `listener` of every invalidation of this prefix, from any process, over a
   * subscription of its own. A connection that drops may miss some: `listening(false)` says
   * so at once, and `listening(true)` only once the subscription is confirmed again.
   */
  listen(listener: InvalidationListener): void {
    const subscriber = new Redis(this.url, {
      connectionName: "omnistack-cache-invalidations",
      autoResubscribe: false,
      enableOfflineQueue: false,
    });
    this.subscriber = subscriber;
    subscriber.on("error", () => undefined);
    subscriber.on("close", () => listener.listening(false));
    subscriber.on("ready", () => {
      subscriber.subscribe(this.channel).then(
        () => listener.listening(subscriber.status === "ready"),
        () => subscriber.disconnect(true),
      );
    });
    subscriber.on("message", (_channel: string, tenant: string) => listener.invalidated(tenant));
  }

  close(): Promise<void> {
    this.redis.disconnect();
    this.subscriber?.disconnect();
    return Promise.resolve();
  }

  private get channel(): string {
    return `${this.prefix}:invalidated`;
  }

  private keysOf(tenant: string): [string, string] {
    return [`${this.prefix}:{${tenant}}:generation`, `${this.prefix}:{${tenant}}:entries`];
  }
}

/**
 * Rows hold Dates and Prisma Decimals, which JSON would turn into strings; they are tagged
 * on the way in and rebuilt on the way out. (`this[key]` is the value before its toJSON.)
 */
function encode(value: unknown): string {
  return JSON.stringify(value, function (this: Record<string, unknown>, key: string, json: unknown) {
    const raw = this[key];
    if (raw instanceof Date) return { $date: raw.toISOString() };
    if (raw instanceof Decimal) return { $decimal: raw.toString() };
    return json;
  });
}

function decode(text: string): unknown {
  return revive(JSON.parse(text));
}

/**
 * The tagged values rebuilt in place. A walk of the parsed tree, not a `JSON.parse` reviver:
 * V8 calls a reviver for every value, which cost more than the parse on cached product pages.
 */
function revive(value: unknown): unknown {
  if (value === null || typeof value !== "object") return value;
  if (Array.isArray(value)) {
    for (let index = 0; index < value.length; index++) value[index] = revive(value[index]);
    return value;
  }
  const record = value as Record<string, unknown>;
  if (typeof record.$date === "string") return new Date(record.$date);
  if (typeof record.$decimal === "string") return new Decimal(record.$decimal);
  for (const key in record) record[key] = revive(record[key]);
  return record;
}
