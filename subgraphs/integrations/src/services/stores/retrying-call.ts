import { setTimeout as sleep } from "node:timers/promises";
import { callStore, type StoreRequest, type StoreResponse } from "../store-http";

/** How a sync waits out a store's rate limit: a few tries, never longer than this per wait. */
export interface RetryPolicy {
  maxRetries: number;
  maxWaitMs: number;
}

export const defaultRetryPolicy: RetryPolicy = { maxRetries: 3, maxWaitMs: 30_000 };

/**
 * `Retry-After` as seconds (Shopify sends `2.0`) or an HTTP date; null when absent or unreadable.
 */
export function retryAfterMs(headers: Headers, now = Date.now()): number | null {
  const value = headers.get("retry-after")?.trim();
  if (!value) return null;
  const seconds = Number(value);
  if (Number.isFinite(seconds) && seconds >= 0) return Math.ceil(seconds * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? null : Math.max(date - now, 0);
}

/**
 * One store call that honours 429: it waits as long as `Retry-After` asks (1 s, 2 s, 4 s when
 * the store does not say) and tries again, up to the policy's limits; the last answer is
 * returned as it is, so the caller reports the store's refusal.
 */
export async function callStoreRetrying(
  storeName: string,
  url: string,
  request: StoreRequest,
  policy: RetryPolicy = defaultRetryPolicy,
): Promise<StoreResponse> {
  for (let attempt = 0; ; attempt++) {
    const response = await callStore(storeName, url, request);
    if (response.status !== 429 || attempt >= policy.maxRetries) return response;
    const waitMs = retryAfterMs(response.headers) ?? 1000 * 2 ** attempt;
    if (waitMs > policy.maxWaitMs) return response;
    await sleep(waitMs);
  }
}

/** A store's refusal of one call, with what it said (never the credentials). */
export class StoreCallError extends Error {
  override name = "StoreCallError";
  constructor(
    readonly storeName: string,
    readonly status: number,
    body: unknown,
  ) {
    super(`${storeName} answered HTTP ${status}${describeBody(body)}`);
  }
}

function describeBody(body: unknown): string {
  if (body === null || body === undefined) return "";
  const record = body as { errors?: unknown; message?: unknown };
  const detail = record.errors ?? record.message;
  if (detail === undefined) return "";
  return `: ${(typeof detail === "string" ? detail : JSON.stringify(detail)).slice(0, 300)}`;
}
