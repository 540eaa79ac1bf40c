import { createHmac, randomBytes } from "node:crypto";
import { loadConfig } from "../../subgraphs/core/src/config";
import { header, notFound, startFakeServer, type FakeReply, type FakeServer, type RecordedRequest } from "./http";

/**
 * Plays one Shopify shop and its app's partner side, for the calls our OAuth flow makes
 * (shopify.dev "Authorization code grant"; Admin REST API "Webhook"), at one Admin API
 * version `{v}` (the configured default unless `apiVersion` says; other versions answer 404):
 *
 * - `GET /admin/oauth/authorize`: the merchant approves at once; 302 to `redirect_uri` with
 *   `code`, `hmac`, `host`, `shop`, `state`, `timestamp`, the hmac signed with the client secret.
 * - `POST /admin/oauth/access_token` `{client_id, client_secret, code}`: `{access_token, scope}`;
 *   each code works once.
 * - `POST /admin/api/{v}/webhooks.json` with `X-Shopify-Access-Token`: 201 `{webhook}`,
 *   422 when the topic already has that address, 401 for an unknown token; `GET
 *   /admin/api/{v}/webhooks.json?topic&address`: `{webhooks}`;
 *   `DELETE /admin/api/{v}/webhooks/{id}.json`: 200 `{}`, 404 when unknown.
 * - `GET /admin/api/{v}/products.json?limit=N`: `{products: [{id, title, variants: [{id,
 *   product_id, sku, inventory_item_id, inventory_quantity}]}]}`, paginated by cursor in the
 *   `Link` header (`<…?page_info=…>; rel="next"`).
 * - `GET /admin/api/{v}/locations.json`: `{locations}`.
 * - `POST /admin/api/{v}/inventory_levels/set.json` `{location_id, inventory_item_id,
 *   available}`: 200 `{inventory_level}`.
 * - `GET /admin/api/{v}/orders.json?status=any&created_at_min=…`: `{orders}`.
 *
 * Every Admin API answer carries `X-Shopify-Shop-Api-Call-Limit: used/40` (a leaky bucket
 * restoring 2 calls/s, as the REST Admin API's); a full bucket answers 429 with `Retry-After`.
 * `throttle(n, seconds)` makes the next n Admin API calls answer 429 regardless.
 */
export interface FakeShopify extends FakeServer {
  shop: string;
  /** `/admin/api/{version}`: where its Admin API answers. */
  apiPrefix: string;
  /** The access tokens it issued, newest last. */
  issuedTokens: string[];
  webhooks: ShopifyWebhook[];
  products: ShopifyProduct[];
  /** `available` per inventory item id at the shop's location. */
  inventoryLevels: Map<ShopifyId, number>;
  orders: Record<string, unknown>[];
  locationId: number;
  /** Calls of one path, e.g. `"/admin/oauth/access_token"`. */
  calls(path: string): RecordedRequest[];
  /** The next `count` Admin API calls answer 429 with `Retry-After: seconds`. */
  throttle(count: number, seconds: number): void;
  /**
   * Adds a product with one variant per SKU; returns it. Ids are the next free ones unless
   * given (real shops' are 64-bit, above 2^53: pass bigints).
   */
  addProduct(
    title: string,
    skus: string[],
    ids?: { product: ShopifyId; variants: ShopifyId[]; inventoryItems: ShopifyId[] },
  ): ShopifyProduct;
}

/** Shopify's ids are 64-bit integers: a number while it is a safe integer, a bigint beyond. */
export type ShopifyId = number | bigint;

export interface ShopifyVariant {
  id: ShopifyId;
  product_id: ShopifyId;
  title: string;
  sku: string;
  inventory_item_id: ShopifyId;
  inventory_quantity: number;
}

export interface ShopifyProduct {
  id: ShopifyId;
  title: string;
  variants: ShopifyVariant[];
}

export interface ShopifyWebhook {
  id: number;
  address: string;
  topic: string;
  created_at: string;
  updated_at: string;
  format: "json";
  fields: string[];
  metafield_namespaces: string[];
  api_version: string;
  private_metafield_namespaces: string[];
}

export interface FakeShopifyOptions {
  shop: string;
  /** The Admin API version it serves; the gateway's default SHOPIFY_API_VERSION unless given. */
  apiVersion?: string;
  clientId: string;
  clientSecret: string;
  port?: number;
}

/** Shopify's query signature: hex HMAC-SHA256 over the sorted, form-encoded params minus `hmac`. */
export function signShopifyQuery(clientSecret: string, params: URLSearchParams): string {
  const entries = [...params.entries()]
    .filter(([name]) => name !== "hmac" && name !== "signature")
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return createHmac("sha256", clientSecret).update(new URLSearchParams(entries).toString()).digest("hex");
}

export async function startFakeShopify(options: FakeShopifyOptions): Promise<FakeShopify> {
  const { shop, clientId, clientSecret } = options;
  const apiVersion = options.apiVersion ?? loadConfig({}).shopify.apiVersion;
  const apiPrefix = `/admin/api/${apiVersion}`;
  const codes = new Map<string, { scope: string }>();
  const tokens = new Map<string, string>();
  const issuedTokens: string[] = [];
  const webhooks: ShopifyWebhook[] = [];
  let nextWebhookId = 1_047_897_672;
  const products: ShopifyProduct[] = [];
  const inventoryLevels = new Map<ShopifyId, number>();
  const orders: Record<string, unknown>[] = [];
  const locationId = 655_441_491;
  let nextProductId = 632_910_392;
  let nextVariantId = 808_950_810;
  let nextInventoryItemId = 39_072_856;
  let forced429 = { count: 0, seconds: 1 };
  // The REST Admin API's bucket: 40 calls, leaking 2 per second.
  const bucket = { used: 0, at: Date.now() };

  const addProduct: FakeShopify["addProduct"] = (title, skus, ids) => {
    const id = ids?.product ?? nextProductId++;
    const product: ShopifyProduct = {
      id,
      title,
      variants: skus.map((sku, index) => ({
        id: ids?.variants[index] ?? nextVariantId++,
        product_id: id,
        title: sku,
        sku,
        inventory_item_id: ids?.inventoryItems[index] ?? nextInventoryItemId++,
        inventory_quantity: 0,
      })),
    };
    products.push(product);
    return product;
  };

  const authorize = (request: RecordedRequest): FakeReply => {
    const redirectUri = request.query.get("redirect_uri");
    if (request.query.get("client_id") !== clientId || !redirectUri) {
      return { status: 400, json: { errors: "Oauth error invalid_request: The client_id or redirect_uri is invalid" } };
    }
    const code = randomBytes(16).toString("hex");
    codes.set(code, { scope: request.query.get("scope") ?? "" });
    const callback = new URL(redirectUri);
    callback.searchParams.set("code", code);
    callback.searchParams.set("host", Buffer.from(`${shop}/admin`).toString("base64"));
    callback.searchParams.set("shop", shop);
    callback.searchParams.set("state", request.query.get("state") ?? "");
    callback.searchParams.set("timestamp", String(Math.floor(Date.now() / 1000)));
    callback.searchParams.set("hmac", signShopifyQuery(clientSecret, callback.searchParams));
    return { status: 302, headers: { location: callback.toString() } };
  };

  const accessToken = (request: RecordedRequest): FakeReply => {
    const body = (request.body ?? {}) as { client_id?: string; client_secret?: string; code?: string };
    const grant = body.code ? codes.get(body.code) : undefined;
    if (body.client_id !== clientId || body.client_secret !== clientSecret || !grant || !body.code) {
      return {
        status: 400,
        json: {
          error: "invalid_request",
          error_description: "The authorization code was not found or was already used",
        },
      };
    }
    codes.delete(body.code);
    const token = `shpat_${randomBytes(16).toString("hex")}`;
    tokens.set(token, grant.scope);
    issuedTokens.push(token);
    return { status: 200, json: { access_token: token, scope: grant.scope } };
  };

  const createWebhook = (request: RecordedRequest): FakeReply => {
    const input = ((request.body ?? {}) as { webhook?: { topic?: string; address?: string } }).webhook ?? {};
    if (!input.topic || !input.address) {
      return { status: 422, json: { errors: { topic: ["can't be blank"], address: ["can't be blank"] } } };
    }
    if (webhooks.some((webhook) => webhook.topic === input.topic && webhook.address === input.address)) {
      return { status: 422, json: { errors: { address: ["for this topic has already been taken"] } } };
    }
    const now = new Date().toISOString();
    const webhook: ShopifyWebhook = {
      id: nextWebhookId++,
      address: input.address,
      topic: input.topic,
      created_at: now,
      updated_at: now,
      format: "json",
      fields: [],
      metafield_namespaces: [],
      api_version: apiVersion,
      private_metafield_namespaces: [],
    };
    webhooks.push(webhook);
    return { status: 201, json: { webhook } };
  };

  const unauthorized = (request: RecordedRequest): FakeReply | null => {
    const token = header(request, "x-shopify-access-token");
    return token && tokens.has(token)
      ? null
      : {
          status: 401,
          json: { errors: "[API] Invalid API key or access token (unrecognized login or wrong password)" },
        };
  };

  const deleteWebhook = (id: number): FakeReply => {
    const index = webhooks.findIndex((webhook) => webhook.id === id);
    if (index < 0) return { status: 404, json: { errors: "Not Found" } };
    webhooks.splice(index, 1);
    return { status: 200, json: {} };
  };

  const listProducts = (request: RecordedRequest, base: string): FakeReply => {
    const limit = Math.min(Number(request.query.get("limit") ?? 50), 250);
    const offset = Number(request.query.get("page_info") ?? 0);
    const page = products.slice(offset, offset + limit);
    const headers: Record<string, string> = {};
    if (offset + limit < products.length) {
      headers.link = `<${base}${apiPrefix}/products.json?limit=${limit}&page_info=${offset + limit}>; rel="next"`;
    }
    return { status: 200, json: { products: page }, headers };
  };

  const setInventoryLevel = (request: RecordedRequest): FakeReply => {
    const body = (request.body ?? {}) as { location_id?: unknown; inventory_item_id?: unknown; available?: unknown };
    // Ids compared as the exact integers sent: a rounded id names no item here, as at Shopify.
    const variant = products
      .flatMap((product) => product.variants)
      .find((candidate) => String(candidate.inventory_item_id) === String(body.inventory_item_id));
    if (String(body.location_id) !== String(locationId) || !variant || !Number.isInteger(body.available)) {
      return { status: 422, json: { errors: ["Inventory item does not have inventory tracking enabled"] } };
    }
    const item = variant.inventory_item_id;
    const available = body.available as number;
    inventoryLevels.set(item, available);
    variant.inventory_quantity = available;
    return {
      status: 200,
      json: {
        inventory_level: {
          inventory_item_id: item,
          location_id: locationId,
          available,
          updated_at: new Date().toISOString(),
        },
      },
    };
  };

  const listOrders = (request: RecordedRequest): FakeReply => {
    const since = request.query.get("created_at_min");
    const sinceMs = since ? Date.parse(since) : 0;
    return {
      status: 200,
      json: { orders: orders.filter((order) => Date.parse(String(order.created_at)) >= sinceMs) },
    };
  };

  /** The Admin API's leaky bucket: one call costs one, 2 leak away per second. */
  const callLimit = (): { full: boolean; header: string } => {
    const now = Date.now();
    bucket.used = Math.max(0, bucket.used - ((now - bucket.at) / 1000) * 2);
    bucket.at = now;
    if (bucket.used + 1 > 40) return { full: true, header: `${Math.ceil(bucket.used)}/40` };
    bucket.used += 1;
    return { full: false, header: `${Math.ceil(bucket.used)}/40` };
  };

  const adminApi = (request: RecordedRequest, base: string): FakeReply => {
    if (forced429.count > 0) {
      forced429.count -= 1;
      return {
        status: 429,
        json: {
          errors: "Exceeded 2 calls per second for api client. Reduce request rates to resume uninterrupted service.",
        },
        headers: { "retry-after": String(forced429.seconds) },
      };
    }
    const denied = unauthorized(request);
    if (denied) return denied;
    const limit = callLimit();
    if (limit.full) {
      return {
        status: 429,
        json: {
          errors: "Exceeded 2 calls per second for api client. Reduce request rates to resume uninterrupted service.",
        },
        headers: { "retry-after": "1.0", "x-shopify-shop-api-call-limit": limit.header },
      };
    }
    const reply = route(request, base);
    return { ...reply, headers: { ...reply.headers, "x-shopify-shop-api-call-limit": limit.header } };
  };

  const route = (request: RecordedRequest, base: string): FakeReply => {
    const path = request.path.slice(apiPrefix.length);
    const webhook = /^\/webhooks\/(\d+)\.json$/.exec(path);
    if (request.method === "POST" && path === "/webhooks.json") return createWebhook(request);
    if (request.method === "GET" && path === "/webhooks.json") {
      const topic = request.query.get("topic");
      const address = request.query.get("address");
      return {
        status: 200,
        json: {
          webhooks: webhooks.filter(
            (webhook) => (!topic || webhook.topic === topic) && (!address || webhook.address === address),
          ),
        },
      };
    }
    if (request.method === "DELETE" && webhook) return deleteWebhook(Number(webhook[1]));
    if (request.method === "GET" && path === "/products.json") return listProducts(request, base);
    if (request.method === "GET" && path === "/locations.json") {
      return {
        status: 200,
        json: { locations: [{ id: locationId, name: "Shop location", active: true, legacy: false }] },
      };
    }
    if (request.method === "POST" && path === "/inventory_levels/set.json") return setInventoryLevel(request);
    if (request.method === "GET" && path === "/orders.json") return listOrders(request);
    return notFound(request);
  };

  let baseUrl = "";
  const server = await startFakeServer((request) => {
    if (request.method === "GET" && request.path === "/admin/oauth/authorize") return authorize(request);
    if (request.method === "POST" && request.path === "/admin/oauth/access_token") return accessToken(request);
    if (request.path.startsWith(`${apiPrefix}/`)) return adminApi(request, baseUrl);
    return notFound(request);
  }, options.port);
  baseUrl = server.url;
  return {
    ...server,
    shop,
    apiPrefix,
    issuedTokens,
    webhooks,
    products,
    inventoryLevels,
    orders,
    locationId,
    calls: (path) => server.requests.filter((request) => request.path === path),
    throttle: (count, seconds) => {
      forced429 = { count, seconds };
    },
    addProduct,
  };
}
