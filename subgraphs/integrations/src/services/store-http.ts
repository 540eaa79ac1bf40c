import { AppError } from "../../../core/src/errors";
import { parseStoreJson, stringifyStoreJson } from "./store-json";

/** How long a store (Shopify, WooCommerce, Prokip) gets to answer one call. */
export const storeTimeoutMs = 10_000;

export interface StoreResponse {
  status: number;
  /** The parsed JSON body (ids beyond 2^53 as exact strings), or null when the body is empty or not JSON. */
  body: unknown;
  headers: Headers;
}

export interface StoreRequest {
  method?: "GET" | "POST" | "PUT" | "DELETE";
  headers?: Record<string, string>;
  /** Sent as JSON; a bigint is written as the exact JSON number (a store id beyond 2^53). */
  json?: unknown;
}

/**
 * One HTTP call to a store. Transport failures (refused, timeout, DNS) become one clear
 * SERVICE_UNAVAILABLE naming the store and the address, never the credentials. Redirects
 * are not followed: a credential header must not travel to wherever a store points.
 */
export async function callStore(storeName: string, url: string, request: StoreRequest = {}): Promise<StoreResponse> {
  let response: Response;
  try {
    response = await fetch(url, {
      method: request.method ?? "GET",
      headers: {
        accept: "application/json",
        ...(request.json !== undefined && { "content-type": "application/json" }),
        ...request.headers,
      },
      body: request.json === undefined ? undefined : stringifyStoreJson(request.json),
      redirect: "manual",
      signal: AbortSignal.timeout(storeTimeoutMs),
    });
  } catch (error) {
    throw unreachable(storeName, url, describeFailure(error));
  }
  if (response.status >= 300 && response.status < 400) {
    await response.body?.cancel();
    const location = response.headers.get("location");
    throw unreachable(storeName, url, `it redirects to ${location ?? "another address"}; use that address`);
  }
  const text = await response.text();
  let body: unknown = null;
  try {
    body = text ? parseStoreJson(text) : null;
  } catch {
    body = null;
  }
  return { status: response.status, body, headers: response.headers };
}

function unreachable(storeName: string, url: string, reason: string): AppError {
  const { origin } = new URL(url);
  return new AppError("SERVICE_UNAVAILABLE", `${storeName} at ${origin} could not be reached: ${reason}`, {
    store: origin,
  });
}

function describeFailure(error: unknown): string {
  if (error instanceof DOMException && error.name === "TimeoutError") {
    return `no answer within ${storeTimeoutMs / 1000} s`;
  }
  const cause = (error as { cause?: { code?: unknown; message?: unknown } }).cause;
  if (typeof cause?.code === "string") return cause.code;
  return error instanceof Error ? error.message : "network error";
}
