import type { AuthContext } from "../../subgraphs/core/src/auth/context";
import { MemoryCacheStore } from "../../subgraphs/core/src/cache/memory-store";
import { silentLogger } from "../../subgraphs/core/src/logger";
import { createHash } from "node:crypto";
import {
  canonicalJson,
  digestOf,
  ResponseCache,
  type CachedResponse,
  type RequestedOperation,
} from "../../gateway/src/response-cache/response-cache";

/**
 * The rules the response cache keeps without any HTTP around it: an answer computed from data
 * read before a change is never stored after that change's invalidation; identical misses of
 * one generation share one computation; who and what may be cached at all.
 */
const storefront: AuthContext & { clientId: string } = {
  clientAppId: "app",
  clientId: "tenant-1",
  keyId: "key-1",
  userId: null,
  scopes: ["storefront"],
  isAdmin: false,
};
const operation: RequestedOperation = { documentHash: "a".repeat(64), operationName: null, variables: { first: 10 } };
const answer = (data: string): CachedResponse => ({
  data,
  etag: `W/"${data}"`,
  requestedCost: 3,
  actualCost: 2,
  operationName: null,
});

function newCache(): ResponseCache {
  const modules = [
    { rootFields: ["products"], invalidatedBy: (event: { type: string }) => event.type.startsWith("product.") },
  ];
  return new ResponseCache(new MemoryCacheStore({ ttlMs: 60_000, maxEntries: 100 }), modules, silentLogger);
}

test("an answer computed before an invalidation is dropped, not stored after it", async () => {
  const cache = newCache();
  const before = await cache.lookup(storefront, operation);
  expect(before?.hit).toBeUndefined();
  // The change commits and invalidates while the old answer is still being computed.
  await cache.invalidate(storefront.clientId);
  cache.keep(before!.slot, answer('{"old":true}'));
  await new Promise((resolve) => setImmediate(resolve));
  const after = await cache.lookup(storefront, operation);
  expect(after?.hit).toBeUndefined();
  cache.keep(after!.slot, answer('{"new":true}'));
  await new Promise((resolve) => setImmediate(resolve));
  expect((await cache.lookup(storefront, operation))?.hit?.data).toBe('{"new":true}');
});

test("identical misses of one generation share one computation; a later generation computes its own", async () => {
  const cache = newCache();
  const first = (await cache.lookup(storefront, operation))!;
  expect(cache.computing(first.slot)).toBeUndefined();
  const waiting = cache.computing(first.slot);
  expect(waiting).toBeDefined();
  await cache.invalidate(storefront.clientId);
  const later = (await cache.lookup(storefront, operation))!;
  expect(cache.computing(later.slot)).toBeUndefined();
  cache.keep(first.slot, answer("1"));
  await expect(waiting).resolves.toMatchObject({ data: "1" });
  cache.computed(later.slot, null);
});

test("only shoppers' views are cached: no admin key, person, operator or tenantless call", () => {
  const cache = newCache();
  expect(cache.servesCaller(storefront)).toBe(true);
  expect(cache.servesCaller({ ...storefront, scopes: ["publishable"] })).toBe(true);
  expect(cache.servesCaller({ ...storefront, scopes: ["admin"] })).toBe(false);
  expect(cache.servesCaller({ ...storefront, scopes: ["storefront", "admin"] })).toBe(false);
  expect(cache.servesCaller({ ...storefront, userId: "person" })).toBe(false);
  expect(cache.servesCaller({ ...storefront, isAdmin: true })).toBe(false);
  expect(cache.servesCaller({ ...storefront, clientId: null })).toBe(false);
  expect(cache.servesCaller({ ...storefront, scopes: [] })).toBe(false);
});

test("keys and scopes of one tenant share entries; another tenant never does", async () => {
  const cache = newCache();
  const slot = (await cache.lookup(storefront, operation))!.slot;
  cache.keep(slot, answer("mine"));
  await new Promise((resolve) => setImmediate(resolve));
  expect((await cache.lookup({ ...storefront, keyId: "key-2" }, operation))?.hit?.data).toBe("mine");
  expect((await cache.lookup({ ...storefront, clientId: "tenant-2" }, operation))?.hit).toBeUndefined();
  expect((await cache.lookup({ ...storefront, scopes: ["publishable"] }, operation))?.hit).toBeUndefined();
  expect((await cache.lookup(storefront, { ...operation, variables: { first: 11 } }))?.hit).toBeUndefined();
});

test("variables are keyed as canonical JSON: key order does not matter, values do", () => {
  expect(canonicalJson({ b: 1, a: { d: [1, { f: 2, e: 3 }], c: null } })).toBe(
    '{"a":{"c":null,"d":[1,{"e":3,"f":2}]},"b":1}',
  );
  expect(canonicalJson({ a: undefined, b: "x" })).toBe('{"b":"x"}');
});

test("only events the modules name invalidate, and only a tenant's", () => {
  const cache = newCache();
  const event = (type: string, clientId: string | null) =>
    ({ id: "1", type, clientId, aggregate: "x", payload: {}, createdAt: "" }) as never;
  expect(cache.invalidatedBy(event("product.updated", "tenant-1"))).toBe(true);
  expect(cache.invalidatedBy(event("order.created", "tenant-1"))).toBe(false);
  expect(cache.invalidatedBy(event("product.updated", null))).toBe(false);
});

test("digests are the SHA-256 of their text, kept or too long to keep", () => {
  const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");
  const short = "query { products(first: 20) { edges { node { id } } } }";
  const long = `query { ${"a ".repeat(20_000)}}`;
  for (const text of [short, short, long, long, `${short} `]) expect(digestOf(text)).toBe(sha256(text));
});
