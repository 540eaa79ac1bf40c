import { randomUUID } from "node:crypto";
import Redis from "ioredis";
import { loadConfig } from "../../subgraphs/core/src/config";
import { NearCacheStore } from "../../subgraphs/core/src/cache/near-store";
import { RedisCacheStore } from "../../subgraphs/core/src/cache/redis-store";
import { waitFor } from "../helpers/wait";

/**
 * Two replicas' response stores on one Redis, each keeping near copies. What a shopper must
 * never see is a copy outliving the change another replica committed: the invalidation is
 * heard, and while it could not be heard, no copy answers. Copies are observed through Redis
 * itself: a read a copy answers never reaches it (MONITOR would be a second client; the
 * entry's hash is changed behind the stores' backs instead, which only a Redis read sees).
 */
const redisUrl = loadConfig().redisUrl;
const onRedis = redisUrl ? describe : describe.skip;

onRedis(redisUrl ? "near copies of a Redis cache store" : "near copies (skipped: REDIS_URL is not set)", () => {
  const url = redisUrl!;
  const limits = { ttlMs: 60_000, maxEntries: 100 };
  let prefix: string;
  let admin: Redis;
  const stores: NearCacheStore[] = [];

  const open = (maxCopies = 100) => {
    const store = new NearCacheStore(new RedisCacheStore(url, limits, prefix), { ttlMs: limits.ttlMs, maxCopies });
    stores.push(store);
    return store;
  };
  const entriesKey = (tenant: string) => `${prefix}:{${tenant}}:entries`;
  /** The value behind a store's back, JSON as the store writes it: only a read that reaches Redis sees it. */
  const replaceOnRedis = (tenant: string, key: string, value: string) =>
    admin.hset(entriesKey(tenant), key, JSON.stringify(value));
  /** Until the store's subscription is confirmed nothing is copied: write until a read is answered near. */
  async function listening(store: NearCacheStore, tenant: string): Promise<void> {
    await waitFor(
      async () => {
        try {
          const { generation } = await store.read(tenant, []);
          await store.write(tenant, generation, new Map([["probe", "near"]]));
          await replaceOnRedis(tenant, "probe", "far");
          return (await store.read(tenant, ["probe"])).values[0] === "near";
        } catch {
          // Not connected yet (a store's commands are not queued while it connects).
          return false;
        }
      },
      10_000,
      "the store's invalidation subscription",
    );
  }

  beforeEach(() => {
    prefix = `omnistack:test-near:${randomUUID()}`;
    admin = new Redis(url);
  });
  afterEach(async () => {
    await Promise.all(stores.splice(0).map((store) => store.close()));
    const keys = await admin.keys(`${prefix}:*`);
    if (keys.length > 0) await admin.del(...keys);
    admin.disconnect();
  });

  test("a copy answers without Redis, and another replica's invalidation drops it", async () => {
    const tenant = randomUUID();
    const [first, second] = [open(), open()];
    await listening(first, tenant);
    const { generation } = await first.read(tenant, ["listing"]);
    expect(await first.write(tenant, generation, new Map([["listing", "v1"]]))).toBe(true);
    await replaceOnRedis(tenant, "listing", "changed behind the store");
    expect((await first.read(tenant, ["listing"])).values).toEqual(["v1"]);

    await second.invalidate(tenant);
    await waitFor(
      async () => (await first.read(tenant, ["listing"])).values[0] === undefined,
      5_000,
      "the invalidation heard by the other replica",
    );
    const after = await first.read(tenant, ["listing"]);
    expect(after.generation).not.toBe(generation);
  });

  test("a copy is made from a read too, for the generation it was read at", async () => {
    const tenant = randomUUID();
    const [writer, reader] = [open(), open()];
    await listening(reader, tenant);
    const { generation } = await writer.read(tenant, []);
    await writer.write(tenant, generation, new Map([["listing", "v1"]]));
    expect((await reader.read(tenant, ["listing"])).values).toEqual(["v1"]);
    await replaceOnRedis(tenant, "listing", "changed behind the store");
    expect((await reader.read(tenant, ["listing"])).values).toEqual(["v1"]);
    // A write of an older generation is refused and copied nowhere.
    await writer.invalidate(tenant);
    expect(await writer.write(tenant, generation, new Map([["listing", "stale"]]))).toBe(false);
    await waitFor(
      async () => (await reader.read(tenant, ["listing"])).values[0] === undefined,
      5_000,
      "the reader's copy dropped",
    );
    expect((await writer.read(tenant, ["listing"])).values).toEqual([undefined]);
  });

  test("while its subscription is down a store keeps no copy, and hears again once it is back", async () => {
    const tenant = randomUUID();
    const [store, other] = [open(), open()];
    await listening(store, tenant);
    const { generation } = await store.read(tenant, []);
    await store.write(tenant, generation, new Map([["listing", "v1"]]));

    // Every subscription connection of this prefix's stores is killed: invalidations sent
    // meanwhile are lost to them, so nothing copied may answer until they are back.
    const clients = await admin.client("LIST");
    const ids = String(clients)
      .split("\n")
      .filter((line) => line.includes("name=omnistack-cache-invalidations") && line.includes("sub=1"))
      .map((line) => /\bid=(\d+)/.exec(line)![1]!);
    expect(ids.length).toBeGreaterThan(0);
    for (const id of ids) await admin.client("KILL", "ID", id);
    await replaceOnRedis(tenant, "listing", "changed behind the store");
    await waitFor(
      async () => (await store.read(tenant, ["listing"])).values[0] === "changed behind the store",
      5_000,
      "copies dropped with the subscription",
    );

    // Once resubscribed, another replica's invalidation reaches it again.
    await listening(store, tenant);
    const current = await store.read(tenant, []);
    await store.write(tenant, current.generation, new Map([["listing", "v2"]]));
    expect((await store.read(tenant, ["listing"])).values).toEqual(["v2"]);
    await other.invalidate(tenant);
    await waitFor(
      async () => (await store.read(tenant, ["listing"])).values[0] === undefined,
      5_000,
      "the invalidation heard after resubscribing",
    );
  });

  test("a copy answers for a second at most, invalidation heard or not", async () => {
    const tenant = randomUUID();
    const store = open();
    await listening(store, tenant);
    const { generation } = await store.read(tenant, []);
    const copiedAt = Date.now();
    await store.write(tenant, generation, new Map([["listing", "v1"]]));
    await replaceOnRedis(tenant, "listing", "changed behind the store");
    expect((await store.read(tenant, ["listing"])).values).toEqual(["v1"]);
    await waitFor(
      async () => (await store.read(tenant, ["listing"])).values[0] === "changed behind the store",
      5_000,
      "the copy's end",
    );
    expect(Date.now() - copiedAt).toBeGreaterThanOrEqual(1_000);
  });

  test("copies are bounded: the tenant copied first goes first", async () => {
    const [a, b] = [randomUUID(), randomUUID()];
    const store = open(2);
    await listening(store, a);
    const genA = (await store.read(a, [])).generation;
    await store.write(a, genA, new Map([["one", "a1"]]));
    const genB = (await store.read(b, [])).generation;
    await store.write(
      b,
      genB,
      new Map([
        ["one", "b1"],
        ["two", "b2"],
      ]),
    );
    await replaceOnRedis(a, "one", "a on Redis");
    await replaceOnRedis(b, "one", "b on Redis");
    expect((await store.read(b, ["one"])).values).toEqual(["b1"]);
    expect((await store.read(a, ["one"])).values).toEqual(["a on Redis"]);
  });
});
