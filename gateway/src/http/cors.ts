import cors from "cors";
import type { RequestHandler } from "express";

/**
 * CORS for browser callers of the API (`/graphql`, `/health`, `/ready`), from the allow-list
 * in `OMNI_CORS_ORIGINS`. An empty list sends no CORS headers at all, so browsers keep the
 * same-origin policy; an origin not on the list gets none either, and the browser refuses.
 * Keys travel in headers, never cookies, so credentials stay off.
 */
export function corsFor(origins: readonly string[]): RequestHandler {
  if (origins.length === 0) return (_req, _res, next) => next();
  return cors({
    origin: [...origins],
    methods: ["GET", "POST", "OPTIONS"],
    allowedHeaders: [
      "content-type",
      "x-api-key",
      "client-x-api-key",
      "x-request-id",
      // Apollo's CSRF prevention accepts a GET only with one of these.
      "apollo-require-preflight",
      "x-apollo-operation-name",
    ],
    exposedHeaders: ["x-request-id", "retry-after"],
    maxAge: 600,
  });
}
