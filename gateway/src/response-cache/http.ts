import type { Request, RequestHandler, Response } from "express";
import type { KeyMaxAgeSettings } from "../../../subgraphs/core/src/config";
import { keyRotationWarnings } from "../auth/key-age";
import type { GatewayContext } from "../context";
import { variablesDepth } from "../limits/input-depth";
import type { GatewayMetrics } from "../observability/metrics";
import type { RequestLog } from "../observability/request-log";
import { warningHeader } from "../plugins/key-rotation-warning";
import { throttleStatus, type CostExtension } from "../plugins/operation-limits";
import type { ClientBuckets } from "../rate-limit/client-buckets";
import type { TakeResult } from "../rate-limit/leaky-bucket";
import { digestOf, type CachedResponse, type RequestedOperation, type ResponseCache } from "./response-cache";

/** `hit`: answered from the cache; `miss`: executed (and kept, if it could be). Absent: not a cached caller. */
export const cacheStatusHeader = "x-omni-cache";

/**
 * Headers of an answer the cache serves or keeps. `private`: a shared proxy must not keep an
 * answer given to one key for whoever asks next; `no-cache`: a browser may keep it but asks
 * again each time, with If-None-Match, and gets a bodiless 304 while the answer holds.
 * The answer depends on the keys (and CORS on the Origin), so a browser keeps one per set.
 */
export function cachedAnswerHeaders(status: "hit" | "miss", etag: string): Record<string, string> {
  return {
    [cacheStatusHeader]: status,
    etag,
    "cache-control": "private, no-cache",
    vary: "Origin, x-api-key, client-x-api-key, Authorization",
  };
}

const apqHash = /^[0-9a-f]{64}$/;

/** Apollo Server's GET parameters arrive as JSON text: a value that does not parse is Apollo's to refuse. */
function jsonParameter(text: unknown): unknown {
  if (text === undefined) return undefined;
  if (typeof text !== "string") throw new Error("not a single value");
  return JSON.parse(text) as unknown;
}

/** The one operation a GET or POST /graphql request names, or null when it is not one the cache may answer. */
export function requestedOperation(req: Request): RequestedOperation | null {
  let params: { query?: unknown; operationName?: unknown; variables?: unknown; extensions?: unknown };
  try {
    if (req.method === "GET") {
      const query = req.query as Record<string, unknown>;
      params = {
        query: query.query,
        operationName: query.operationName,
        variables: jsonParameter(query.variables),
        extensions: jsonParameter(query.extensions),
      };
    } else if (req.method === "POST" && req.body && typeof req.body === "object" && !Array.isArray(req.body)) {
      params = req.body as typeof params;
    } else {
      return null;
    }
  } catch {
    return null;
  }
  const { query, operationName, variables, extensions } = params;
  const persisted = (extensions as { persistedQuery?: { sha256Hash?: unknown } } | undefined)?.persistedQuery;
  // What cannot be a query is not looked up (nor waits for an identical request): a
  // document naming a mutation or subscription anywhere, even in a string, executes as ever.
  if (typeof query === "string" && /\b(mutation|subscription)\b/.test(query)) return null;
  const documentHash =
    typeof query === "string" ? digestOf(query) : typeof persisted?.sha256Hash === "string" ? persisted.sha256Hash : "";
  if (!apqHash.test(documentHash)) return null;
  if (operationName !== undefined && operationName !== null && typeof operationName !== "string") return null;
  if (variables !== undefined && variables !== null && (typeof variables !== "object" || Array.isArray(variables))) {
    return null;
  }
  return {
    documentHash,
    operationName: operationName ?? null,
    variables: (variables ?? undefined) as Record<string, unknown> | undefined,
  };
}

const simpleContentTypes = new Set(["text/plain", "application/x-www-form-urlencoded", "multipart/form-data"]);

/**
 * Apollo Server's CSRF prevention (csrfPrevention: true), which a hit must not skip: a GET
 * needs a non-simple content type or one of its preflight headers. Requests that fail it go
 * on to Apollo, which refuses them as it always has.
 */
function passesCsrfPrevention(req: Request): boolean {
  const contentType = req.headers["content-type"];
  if (contentType !== undefined) {
    const mediaType = contentType.split(";", 1)[0]!.trim().toLowerCase();
    if (!simpleContentTypes.has(mediaType)) return true;
  }
  return Boolean(req.headers["x-apollo-operation-name"] || req.headers["apollo-require-preflight"]);
}

/** Apollo answers `application/json` unless the caller asked for the GraphQL media type only. */
function acceptsJson(req: Request): boolean {
  const accept = req.headers.accept;
  return accept === undefined || accept.includes("application/json") || accept.includes("*/*");
}

export interface CacheLookupDeps {
  cache: ResponseCache;
  /** The request's context, exactly as Apollo's would be built (and then reused by Apollo). */
  contextFor: (req: Request, res: Response) => Promise<GatewayContext>;
  buckets: ClientBuckets;
  metrics: GatewayMetrics;
  requestLog: RequestLog;
  keyMaxAge: KeyMaxAgeSettings;
  /** Variables nested deeper go on to Apollo's refusal unread: the cache key walks them recursively. */
  maxInputDepth: number;
}

/** Where the lookup leaves what Apollo's context function then takes over. */
export const pendingContextKey = "pendingGatewayContext";
export const responseSlotKey = "responseSlot";

/**
 * Serves a storefront query from the response cache before Apollo Server parses, plans or
 * executes anything. What every request goes through still happens, in the same terms: the
 * keys are authenticated (a revoked key is refused, cached answer or not), the caller's bucket
 * is charged the operation's cost, the answer carries `extensions.cost` and the rotation
 * warning, and the request's log line and metrics name the operation. Anything the hit path
 * would answer differently from Apollo — a refused key, an empty bucket, an operation too
 * costly for the bucket, a failed CSRF check — goes on to Apollo, which answers it.
 * On a miss the request goes on with its slot, and the response cache plugin keeps the answer;
 * misses of the same slot meanwhile wait for that answer (one execution per change, not one
 * per waiting shopper: right after an invalidation every storefront misses at once).
 */
export function responseCacheLookup(deps: CacheLookupDeps): RequestHandler {
  const { cache, contextFor, buckets, metrics, requestLog, keyMaxAge, maxInputDepth } = deps;
  return async (req, res, next) => {
    if (!cache.enabled) return next();
    const operation = requestedOperation(req);
    if (!operation || (req.method === "GET" && !passesCsrfPrevention(req)) || !acceptsJson(req)) return next();
    if (variablesDepth(operation.variables) > maxInputDepth) return next();
    const startedAt = performance.now();
    const pending = contextFor(req, res);
    res.locals[pendingContextKey] = pending;
    let context: GatewayContext;
    try {
      context = await pending;
    } catch {
      // Apollo's context function awaits the same promise and answers the refusal.
      return next();
    }
    const { auth } = context;
    if (!cache.servesCaller(auth)) return next();
    const found = await cache.lookup(auth, operation);
    if (!found) return next();
    let answer = found.hit;
    if (!answer) {
      // Another request of this process computes the same answer from the same generation:
      // it is the one this request would compute, so it waits for it instead of executing too.
      const computing = cache.computing(found.slot);
      if (!computing) {
        res.locals[responseSlotKey] = found.slot;
        res.once("close", () => cache.computed(found.slot, null));
        metrics.countResponseCache("miss");
        return next();
      }
      answer = (await computing) ?? undefined;
      if (!answer) return next();
    }
    metrics.countResponseCache("hit");
    let charge: TakeResult | undefined;
    const bucket = buckets.bucketFor(context);
    if (bucket) {
      if (answer.requestedCost > bucket.settings.capacity) return next();
      // Both costs are known: the bucket must hold the requested one and loses the actual one.
      charge = await buckets.take(bucket, answer.requestedCost, answer.actualCost);
      if (!charge.allowed) return next();
    }
    sendHit(req, res, answer, context, charge, keyMaxAge);
    requestLog.recordFor(context)?.operations.push(answer.operationName ?? "anonymous");
    metrics.observeOperation({
      name: answer.operationName ?? undefined,
      type: "query",
      durationSeconds: (performance.now() - startedAt) / 1000,
      errorCodes: [],
    });
  };
}

/**
 * If-None-Match's weak comparison, ours rather than Express's: `fresh` refuses any request
 * with `Cache-Control: no-cache`, which fetch() adds to every request that sets If-None-Match
 * itself (a storefront script revalidating its own copy). An origin may still answer 304 then.
 */
function notModified(req: Request, etag: string): boolean {
  const header = req.headers["if-none-match"];
  if (req.method !== "GET" || !header) return false;
  const opaque = (tag: string) => tag.trim().replace(/^W\//, "");
  return header.trim() === "*" || header.split(",").some((tag) => opaque(tag) === opaque(etag));
}

function sendHit(
  req: Request,
  res: Response,
  hit: CachedResponse,
  context: GatewayContext,
  charge: TakeResult | undefined,
  keyMaxAge: KeyMaxAgeSettings,
): void {
  const cost: CostExtension = {
    requestedQueryCost: hit.requestedCost,
    actualQueryCost: charge ? hit.actualCost : 0,
    throttleStatus: throttleStatus(charge),
  };
  const warnings =
    keyMaxAge.warnDays !== undefined && context.keysCreatedAt?.length
      ? keyRotationWarnings(context.keysCreatedAt, keyMaxAge)
      : [];
  const extensions = warnings.length > 0 ? { cost, warnings } : { cost };
  res.status(200).set(cachedAnswerHeaders("hit", hit.etag));
  if (warnings.length > 0) res.set("warning", warningHeader(warnings));
  if (notModified(req, hit.etag)) {
    res.status(304).end();
    return;
  }
  res.type("application/json; charset=utf-8").send(`{"data":${hit.data},"extensions":${JSON.stringify(extensions)}}\n`);
}
