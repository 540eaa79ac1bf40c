import { hash } from "node:crypto";
import { Kind, type OperationDefinitionNode } from "graphql";
import { LRUCache } from "lru-cache";
import type { AuthContext } from "../../../subgraphs/core/src/auth/context";
import { hasFullAccess } from "../../../subgraphs/core/src/auth/permissions";
import { AvailabilityLog } from "../../../subgraphs/core/src/cache/availability-log";
import type { CacheStore } from "../../../subgraphs/core/src/cache/store";
import type { DomainEvent } from "../../../subgraphs/core/src/events/types";
import type { Logger } from "../../../subgraphs/core/src/logger";
import type { StorefrontResponses } from "../../../subgraphs/core/src/module/definition";

/** One stored answer: what a hit sends, and what it charges the caller's bucket. */
export interface CachedResponse {
  /** The answer's `data` as JSON text, sent byte for byte. */
  data: string;
  /** Validator of `data` for `If-None-Match` (the rest of a body, extensions.cost, is per request). */
  etag: string;
  /** The operation's static cost (what the bucket must hold) and its answer's (what it spends). */
  requestedCost: number;
  actualCost: number;
  operationName: string | null;
}

/** The operation a request names, as the cache keys it. */
export interface RequestedOperation {
  /** SHA-256 (hex) of the document text: an automatic persisted query's hash is the same. */
  documentHash: string;
  operationName: string | null;
  variables: Record<string, unknown> | undefined;
}

/**
 * Where a missed answer goes once computed: the tenant, its key, and the tenant's generation
 * read before the operation ran. A change committed meanwhile moves the generation on, and
 * the store then drops the (possibly stale) answer instead of keeping it.
 */
export interface ResponseSlot {
  tenant: string;
  key: string;
  generation: string;
}

export type ResponseLookup = { slot: ResponseSlot; hit: CachedResponse | undefined } | null;

/**
 * Whole answers to storefront reads, per tenant, in a CacheStore (Redis when configured, so
 * every replica shares them and one invalidation holds for all). Only callers who see the
 * tenant as a shopper does are served from it: a publishable key or a storefront-scoped key
 * reads the published catalog only, the same for each of them, while an admin key, a staff
 * person or the console sees drafts and its own rows. The answer depends on the tenant and on
 * the scopes (which decide what is visible), never on which key of those scopes asked, so keys
 * of one tenant and scopes share entries. Like TenantCache, it never fails a request.
 */
export class ResponseCache {
  private readonly rootFields: ReadonlySet<string>;
  private readonly availability: AvailabilityLog;
  private readonly staleAfter: readonly StorefrontResponses["invalidatedBy"][];
  /** Answers this process is computing, by slot (tenant, key and the generation they were read at). */
  private readonly inFlight = new Map<
    string,
    { answer: Promise<CachedResponse | null>; settle: (answer: CachedResponse | null) => void; keeping?: boolean }
  >();

  constructor(
    private readonly store: CacheStore | null,
    modules: readonly StorefrontResponses[],
    private readonly log: Logger,
  ) {
    this.rootFields = new Set(["__typename", ...modules.flatMap((module) => module.rootFields ?? [])]);
    this.staleAfter = modules.map((module) => module.invalidatedBy);
    this.availability = new AvailabilityLog(log, {
      down: "response cache unavailable; executing every operation meanwhile",
      up: "response cache available again",
    });
  }

  get enabled(): boolean {
    return this.store !== null;
  }

  /** A shopper's view: a tenant's key with no full view, no person, not the operator. */
  servesCaller(auth: AuthContext): auth is AuthContext & { clientId: string } {
    return (
      auth.clientId !== null &&
      auth.clientAppId !== null &&
      !auth.isAdmin &&
      auth.userId === null &&
      auth.scopes.length > 0 &&
      !hasFullAccess(auth)
    );
  }

  /**
   * A query whose root fields all come from the modules' storefront reads: nothing a shopper's
   * own rows (orders) or the tenant's settings decide, which no event would invalidate.
   */
  holdsOperation(operation: OperationDefinitionNode): boolean {
    return (
      operation.operation === "query" &&
      operation.selectionSet.selections.every(
        (selection) => selection.kind === Kind.FIELD && this.rootFields.has(selection.name.value),
      )
    );
  }

  /** Whether the event may leave a tenant's cached answers stale. */
  invalidatedBy(event: DomainEvent): event is DomainEvent & { clientId: string } {
    return event.clientId !== null && this.staleAfter.some((stale) => stale(event));
  }

  /** The held answer, if any, and where a fresh one goes; null when the cache cannot answer now. */
  async lookup(auth: AuthContext & { clientId: string }, operation: RequestedOperation): Promise<ResponseLookup> {
    if (!this.store) return null;
    const key = entryKey(auth, operation);
    try {
      const { generation, values } = await this.store.read(auth.clientId, [key]);
      this.availability.restored();
      const hit = values[0] as CachedResponse | undefined;
      return { slot: { tenant: auth.clientId, key, generation }, hit };
    } catch (error) {
      this.availability.failed(error);
      return null;
    }
  }

  /**
   * The answer another request is computing for this slot, to wait for; undefined when there
   * is none, and this caller is now the one computing it (it must end with `computed`). Only
   * requests that read the same generation share: one that read a later generation (a change
   * came in between) computes its own.
   */
  computing(slot: ResponseSlot): Promise<CachedResponse | null> | undefined {
    const id = slotId(slot);
    const running = this.inFlight.get(id);
    if (running) return running.answer;
    let settle: (answer: CachedResponse | null) => void = () => undefined;
    const answer = new Promise<CachedResponse | null>((resolve) => (settle = resolve));
    this.inFlight.set(id, { answer, settle });
    return undefined;
  }

  /**
   * The computation of a slot ended: with the answer to share, or null (not cacheable, failed,
   * the request closed). Once its answer is being kept, only the end of that write settles it.
   */
  computed(slot: ResponseSlot, answer: CachedResponse | null): void {
    const id = slotId(slot);
    const running = this.inFlight.get(id);
    if (!running || (running.keeping && answer === null)) return;
    this.inFlight.delete(id);
    running.settle(answer);
  }

  /**
   * Not awaited by the answer it keeps; dropped by the store if the tenant changed since the
   * lookup. The slot stays "computing" until the write has landed: a lookup in between would
   * otherwise find neither and compute a second answer of the same generation, possibly from
   * newer data (a change committed, its invalidation not yet delivered), and the two could be
   * served in either order. So a process serves one answer per generation and slot.
   */
  keep(slot: ResponseSlot, response: CachedResponse): void {
    if (!this.store) return this.computed(slot, response);
    const running = this.inFlight.get(slotId(slot));
    if (running) running.keeping = true;
    this.store
      .write(slot.tenant, slot.generation, new Map([[slot.key, response]]))
      .catch((error: unknown) => this.availability.failed(error))
      .finally(() => this.computed(slot, response));
  }

  /** Never throws: the change it follows has committed; a missed invalidation lasts until the TTL. */
  async invalidate(tenant: string): Promise<void> {
    try {
      await this.store?.invalidate(tenant);
    } catch (error) {
      this.log.warn(
        { err: error, clientId: tenant },
        "response cache invalidation failed; answers expire by their TTL",
      );
    }
  }

  close(): Promise<void> {
    return this.store?.close() ?? Promise.resolve();
  }
}

const slotId = (slot: ResponseSlot): string => `${slot.tenant}\n${slot.key}\n${slot.generation}`;

const sha256Hex = (text: string): string => hash("sha256", text, "hex");

/**
 * Storefronts send the same few documents and variables again and again, and a cached answer
 * hashed both each time: with the key lookup's hashing, 4 % of its CPU. Texts are kept up to
 * a bound, so a caller sending endless new ones only pushes out older digests.
 */
const digests = new LRUCache<string, string>({
  max: 5_000,
  maxSize: 8_000_000,
  maxEntrySize: 16_000,
  sizeCalculation: (_digest, text) => text.length + 64,
});

/** SHA-256 (hex) of `text`, from the digests kept when it was seen lately. */
export function digestOf(text: string): string {
  let digest = digests.get(text);
  if (digest === undefined) {
    digest = sha256Hex(text);
    digests.set(text, digest);
  }
  return digest;
}

/** A weak validator: the same `data` may come with other extensions (cost, warnings). */
export const etagOf = (data: string): string => `W/"${hash("sha256", data, "base64url")}"`;

function entryKey(auth: AuthContext, operation: RequestedOperation): string {
  const scopes = [...auth.scopes].sort().join(",");
  const variables = canonicalJson(operation.variables ?? {});
  return digestOf(`${scopes}\n${operation.documentHash}\n${operation.operationName ?? ""}\n${variables}`);
}

/** JSON with object keys sorted at every level: `{a, b}` and `{b, a}` are one entry. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, item]) => item !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([name, item]) => `${JSON.stringify(name)}:${canonicalJson(item)}`).join(",")}}`;
  }
  return JSON.stringify(value) ?? "null";
}
