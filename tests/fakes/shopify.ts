import { createHmac, randomBytes } from "node:crypto";
import { header, notFound, startFakeServer, type FakeReply, type FakeServer, type RecordedRequest } from "./http";

/**
 * Plays one Shopify shop and its app's partner side, for the calls our OAuth flow makes
 * (shopify.dev "Authorization code grant"; Admin REST API 2024-10 "Webhook"):
 *
 * - `GET /admin/oauth/authorize`: the merchant approves at once; 302 to `redirect_uri` with
 *   `code`, `hmac`, `host`, `shop`, `state`, `timestamp`, the hmac signed with the client secret.
 * - `POST /admin/oauth/access_token` `{client_id, client_secret, code}`: `{access_token, scope}`;
 *   each code works once.
 * - `POST /admin/api/2024-10/webhooks.json` with `X-Shopify-Access-Token`: 201 `{webhook}`,
 *   422 when the topic already has that address, 401 for an unknown token.
 */
export interface FakeShopify extends FakeServer {
  shop: string;
  /** The access tokens it issued, newest last. */
  issuedTokens: string[];
  webhooks: ShopifyWebhook[];
  /** Calls of one path, e.g. `"/admin/oauth/access_token"`. */
  calls(path: string): RecordedRequest[];
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
  const codes = new Map<string, { scope: string }>();
  const tokens = new Map<string, string>();
  const issuedTokens: string[] = [];
  const webhooks: ShopifyWebhook[] = [];
  let nextWebhookId = 1_047_897_672;

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
    const token = header(request, "x-shopify-access-token");
    if (!token || !tokens.has(token)) {
      return {
        status: 401,
        json: { errors: "[API] Invalid API key or access token (unrecognized login or wrong password)" },
      };
    }
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
      api_version: "2024-10",
      private_metafield_namespaces: [],
    };
    webhooks.push(webhook);
    return { status: 201, json: { webhook } };
  };

  const server = await startFakeServer((request) => {
    if (request.method === "GET" && request.path === "/admin/oauth/authorize") return authorize(request);
    if (request.method === "POST" && request.path === "/admin/oauth/access_token") return accessToken(request);
    if (request.method === "POST" && request.path === "/admin/api/2024-10/webhooks.json") return createWebhook(request);
    return notFound(request);
  }, options.port);
  return {
    ...server,
    shop,
    issuedTokens,
    webhooks,
    calls: (path) => server.requests.filter((request) => request.path === path),
  };
}
