import Redis from "ioredis";
import type { BucketSettings } from "../../../subgraphs/core/src/config";
import type { Logger } from "../../../subgraphs/core/src/logger";
import type { BucketStore, TakeResult } from "./leaky-bucket";
import { MemoryBucketStore } from "./memory-store";

/**
 * leaky-bucket.ts's `leak` in one script, so that replicas sharing a bucket never read and
 * write it in between each other. Redis's clock, not the replicas', times the refill. The
 * key expires when the bucket would be full again: a missing key is a full bucket.
 */
const takeScript = `
local capacity = tonumber(ARGV[1])
local rate = tonumber(ARGV[2])
local cost = tonumber(ARGV[3])
local spend = tonumber(ARGV[4])
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
local state = redis.call('HMGET', KEYS[1], 'available', 'at')
local available = capacity
if state[1] then
  available = math.min(capacity, tonumber(state[1]) + math.max(0, now - tonumber(state[2])) * rate / 1000)
end
local allowed = 0
if cost <= 0 or cost <= available then
  allowed = 1
  available = math.min(capacity, available - spend)
end
local ttl = math.ceil((capacity - available) / rate * 1000)
if ttl > 0 then
  redis.call('HSET', KEYS[1], 'available', tostring(available), 'at', now)
  redis.call('PEXPIRE', KEYS[1], ttl)
else
  redis.call('DEL', KEYS[1])
end
return { allowed, tostring(available) }
`;

type ScriptedRedis = Redis & {
  takeFromBucket(
    key: string,
    capacity: number,
    restoreRate: number,
    cost: number,
    spend: number,
  ): Promise<[number, string]>;
};

const keyPrefix = "omnistack:bucket:";

type TakeArguments = [key: string, capacity: number, restoreRate: number, cost: number, spend: number];

interface QueuedTake {
  args: TakeArguments;
  resolve: (reply: [number, string]) => void;
  reject: (error: unknown) => void;
}

/**
 * Buckets shared by every replica on one Redis. When Redis does not answer, requests are
 * metered by this replica alone instead of failing: a Redis outage must not take the API
 * down with it.
 */
export class RedisBucketStore implements BucketStore {
  private readonly redis: ScriptedRedis;
  private readonly fallback = new MemoryBucketStore();
  private degraded = false;
  /** Takes asked for in this turn of the event loop, sent together at its end. */
  private queued: QueuedTake[] = [];

  constructor(
    url: string,
    private readonly log: Logger,
  ) {
    // No offline queue and a short timeout: a request waits at most that long for its bucket.
    this.redis = new Redis(url, {
      enableOfflineQueue: false,
      commandTimeout: 500,
      maxRetriesPerRequest: 0,
      connectionName: "omnistack-rate-limit",
    }) as ScriptedRedis;
    this.redis.defineCommand("takeFromBucket", { numberOfKeys: 1, lua: takeScript });
    // Reported through degraded/restored below; ioredis reconnects by itself.
    this.redis.on("error", () => undefined);
  }

  async take(key: string, settings: BucketSettings, cost: number, spend = cost): Promise<TakeResult> {
    try {
      const [allowed, available] = await this.send([
        keyPrefix + key,
        settings.capacity,
        settings.restoreRate,
        cost,
        spend,
      ]);
      if (this.degraded) {
        this.degraded = false;
        this.log.info("rate limit buckets back on Redis");
      }
      return { allowed: allowed === 1, available: Number(available), settings };
    } catch (error) {
      if (!this.degraded) {
        this.degraded = true;
        this.log.warn({ err: error }, "Redis unavailable for rate limits; metering per replica meanwhile");
      }
      return this.fallback.takeNow(key, settings, cost, spend);
    }
  }

  /**
   * Every request metered in one turn of the event loop (a busy gateway reads many in one)
   * costs one write to Redis and one read of the replies, not one of each per request: the
   * write alone was 6 % of a cached storefront answer's CPU. Each take is still its own
   * script, run in order, so the bucket is as exact as before; a take waits at most to the
   * end of the turn it was asked in.
   */
  private send(args: TakeArguments): Promise<[number, string]> {
    return new Promise((resolve, reject) => {
      if (this.queued.length === 0) setImmediate(this.flush);
      this.queued.push({ args, resolve, reject });
    });
  }

  private readonly flush = (): void => {
    const batch = this.queued;
    this.queued = [];
    if (batch.length === 1) {
      const [take] = batch as [QueuedTake];
      this.redis.takeFromBucket(...take.args).then(take.resolve, take.reject);
      return;
    }
    const pipeline = this.redis.pipeline() as ReturnType<Redis["pipeline"]> & {
      takeFromBucket(...args: TakeArguments): unknown;
    };
    for (const take of batch) pipeline.takeFromBucket(...take.args);
    pipeline.exec().then(
      (replies) =>
        batch.forEach((take, index) => {
          const [error, reply] = replies?.[index] ?? [new Error("Redis returned no reply for a bucket take")];
          if (error) take.reject(error);
          else take.resolve(reply as [number, string]);
        }),
      (error: unknown) => batch.forEach((take) => take.reject(error)),
    );
  };

  async close(): Promise<void> {
    this.redis.disconnect();
    await this.fallback.close();
  }
}
