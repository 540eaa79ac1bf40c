import { randomUUID } from "node:crypto";
import Redis from "ioredis";
import { loadConfig } from "../../subgraphs/core/src/config";
import { silentLogger } from "../../subgraphs/core/src/logger";
import type { BucketStore } from "../../gateway/src/rate-limit/leaky-bucket";
import { MemoryBucketStore } from "../../gateway/src/rate-limit/memory-store";
import { RedisBucketStore } from "../../gateway/src/rate-limit/redis-store";
import { waitFor } from "../helpers/wait";

/**
 * What a cached answer's single charge must do in either store: the bucket must hold the
 * operation's requested cost, and loses only its actual cost. Nearly no refill meanwhile
 * (one point in 1,000 s), so the figures are exact.
 */
const redisUrl = loadConfig().redisUrl;
const settings = { capacity: 100, restoreRate: 0.001 };

/**
 * A Redis store meters in memory until it has connected: takes go on until one lands on
 * Redis, so the tests below measure the script, not the fallback.
 */
async function connectedRedisStore(url: string): Promise<BucketStore> {
  const store = new RedisBucketStore(url, silentLogger);
  const redis = new Redis(url);
  const probe = `test:${randomUUID()}`;
  try {
    await waitFor(
      async () => {
        await store.take(probe, settings, 1);
        return (await redis.exists(`omnistack:bucket:${probe}`)) === 1;
      },
      10_000,
      "the bucket store on Redis",
    );
  } finally {
    redis.disconnect();
  }
  return store;
}

const stores: [string, () => Promise<BucketStore>][] = [["in memory", () => Promise.resolve(new MemoryBucketStore())]];
if (redisUrl) stores.push(["on Redis", () => connectedRedisStore(redisUrl)]);

describe.each(stores)("a bucket %s", (_name, open) => {
  let store: BucketStore;
  beforeEach(async () => (store = await open()));
  afterEach(() => store.close());

  test("a take with a spend checks the cost and charges the spend", async () => {
    const key = `test:${randomUUID()}`;
    const first = await store.take(key, settings, 60, 25);
    expect(first.allowed).toBe(true);
    expect(first.available).toBeCloseTo(75, 1);
    // 75 left: a cost of 60 still fits, and it spends 25 again.
    expect((await store.take(key, settings, 60, 25)).available).toBeCloseTo(50, 1);
    // 50 left: a cost of 60 does not fit, whatever it would spend, and nothing is taken.
    const refused = await store.take(key, settings, 60, 1);
    expect(refused.allowed).toBe(false);
    expect(refused.available).toBeCloseTo(50, 1);
  });

  test("without a spend a take charges its cost, as before", async () => {
    const key = `test:${randomUUID()}`;
    expect((await store.take(key, settings, 60)).available).toBeCloseTo(40, 1);
    expect((await store.take(key, settings, 60)).allowed).toBe(false);
  });
});

describe.each(stores)("takes asked together from a bucket %s", (_name, open) => {
  let store: BucketStore;
  beforeEach(async () => (store = await open()));
  afterEach(() => store.close());

  test("are each exact and in the order asked, across keys", async () => {
    const [first, second] = [`test:${randomUUID()}`, `test:${randomUUID()}`];
    // Asked in one turn of the event loop: on Redis they travel in one write.
    const takes = await Promise.all([
      ...Array.from({ length: 12 }, () => store.take(first, settings, 10)),
      store.take(second, settings, 30),
      store.take(second, settings, 80),
    ]);
    expect(takes.slice(0, 12).map((take) => take.allowed)).toEqual([...Array(10).fill(true), false, false]);
    takes.slice(0, 10).forEach((take, index) => expect(take.available).toBeCloseTo(90 - 10 * index, 1));
    expect(takes[12]).toMatchObject({ allowed: true });
    expect(takes[12]!.available).toBeCloseTo(70, 1);
    expect(takes[13]).toMatchObject({ allowed: false });
    expect(takes[13]!.available).toBeCloseTo(70, 1);
  });
});
