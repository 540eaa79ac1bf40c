import cors, { type CorsOptions } from "cors";
import type { RequestHandler } from "express";

/** What a surface lets a browser do across origins: its verbs, and the headers of its own. */
export interface CorsSurface {
  methods: string[];
  /** Response headers a page may read. */
  exposedHeaders: string[];
  /** Request headers the surface reads besides the keys. */
  requestHeaders: string[];
}

export const graphqlSurface: CorsSurface = {
  methods: ["GET", "POST", "OPTIONS"],
  exposedHeaders: ["x-request-id", "retry-after"],
  requestHeaders: [],
};

/** REST's verbs, its paging and key-age headers, and the order creation's Idempotency-Key. */
export const restSurface: CorsSurface = {
  methods: ["GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"],
  exposedHeaders: ["x-request-id", "retry-after", "link", "warning"],
  requestHeaders: ["idempotency-key"],
};

function optionsFor(surface: CorsSurface): CorsOptions {
  return {
    methods: surface.methods,
    exposedHeaders: surface.exposedHeaders,
    maxAge: 600,
    // Never Access-Control-Allow-Credentials: keys travel in headers, and cookies (a console's
    // session on the gateway's own origin) must never ride along on a cross-origin call.
    credentials: false,
  };
}

/** Headers any caller may send, whatever the key. Apollo's CSRF prevention accepts a GET only with one of the last two. */
const publicHeaders = [
  "content-type",
  "client-x-api-key",
  "x-request-id",
  "apollo-require-preflight",
  "x-apollo-operation-name",
];

/**
 * CORS for browser callers of the API (`/graphql`, `/health`, `/ready`), from the allow-list
 * in `OMNI_CORS_ORIGINS`. An empty list sends no CORS headers at all, so browsers keep the
 * same-origin policy; an origin not on the list gets none either, and the browser refuses.
 * Keys travel in headers, never cookies, so credentials stay off.
 */
export function corsFor(origins: readonly string[], surface = graphqlSurface): RequestHandler {
  if (origins.length === 0) return (_req, _res, next) => next();
  return cors({
    ...optionsFor(surface),
    origin: [...origins],
    allowedHeaders: [...publicHeaders, ...surface.requestHeaders, "x-api-key"],
  });
}

/**
 * CORS of `/graphql` and `/api/v1` (by their surface): the operator's origins (`OMNI_CORS_ORIGINS`) as `corsFor` answers them,
 * plus the origins some active publishable key lists, for that key only. A preflight carries
 * no key, so it is answered for any such origin; the key's own list is checked on the call
 * (403 naming the origin). Any other origin is answered as before: by the operator's list.
 *
 * A publishable key's origin is told it may send `client-x-api-key` and `content-type` (not
 * `x-api-key`, not `x-admin-key`): a browser there can send a publishable key and nothing
 * else. Never credentials, so no cookie ever rides on a cross-origin call.
 */
export function apiCorsFor(
  operatorOrigins: readonly string[],
  isPublishableOrigin: (origin: string) => Promise<boolean>,
  surface = graphqlSurface,
): RequestHandler {
  const operator = corsFor(operatorOrigins, surface);
  const listed = new Set(operatorOrigins);
  const publishable = cors({
    ...optionsFor(surface),
    origin: true,
    allowedHeaders: [...publicHeaders, ...surface.requestHeaders],
  });
  return (req, res, next) => {
    const origin = req.headers.origin;
    if (origin === undefined || listed.has(origin)) return operator(req, res, next);
    // Which answer an origin gets depends on the keys issued: a cache must not reuse it across origins.
    res.vary("Origin");
    isPublishableOrigin(origin).then(
      (allowed) => (allowed ? publishable : operator)(req, res, next),
      () => operator(req, res, next),
    );
  };
}
