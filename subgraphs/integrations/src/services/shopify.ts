import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import { z } from "zod";
import type { TenantAuth } from "../../../core/src/auth/context";
import type { Config, ShopifySettings } from "../../../core/src/config";
import { AppError, badInput } from "../../../core/src/errors";
import { recordAudit } from "../../../clients/src/public";
import { markConnectionFailed, saveConnection, sealSecret } from "./connections";
import type { IntegrationDeps } from "./deps";
import { mapStoreProducts } from "./product-mapping";
import { shopifyAdminApiUrl, shopifyBaseUrl } from "./shopify-admin";
import { callStore } from "./store-http";
import type { Connection, RootDb } from "../db";

/** The topics a Shopify connection subscribes to: orders in, product changes for the SKU mapping. */
export const shopifyWebhookTopics = ["orders/create", "orders/updated", "orders/cancelled", "products/update"] as const;

/** How long an authorization started by initiateShopifyConnection may take to come back. */
export const oauthStateTtlMs = 10 * 60 * 1000;

export const shopifyCallbackPath = "/integrations/shopify/callback";
/** Where we ask Shopify to deliver (registered when connecting); the paths below also take deliveries. */
export const shopifyWebhookPath = "/webhooks/shopify";
/**
 * Every path a Shopify delivery is received at: ours, the seeds' path, and the seeds' path under
 * the REST base (a client that moved by changing its base URL to …/api/v1 posts there).
 */
export const shopifyWebhookPaths = [
  shopifyWebhookPath,
  "/connections/webhook/shopify",
  "/api/v1/connections/webhook/shopify",
] as const;

// Shopify's own rule for shop domains: a name of letters, digits and '-' under myshopify.com.
const shopPattern = /^[a-z0-9][a-z0-9-]{0,59}\.myshopify\.com$/;

/** `mystore` → `mystore.myshopify.com`; anything but a `*.myshopify.com` domain is refused. */
export function normalizeShop(input: string): string {
  const name = input.trim().toLowerCase();
  const shop = name.includes(".") ? name : `${name}.myshopify.com`;
  if (!shopPattern.test(shop)) {
    throw badInput("shop must be a Shopify shop domain such as mystore.myshopify.com", { field: "shop" });
  }
  return shop;
}

function shopifyApp(settings: ShopifySettings): { clientId: string; clientSecret: string } {
  if (!settings.clientId || !settings.clientSecret) {
    throw new AppError(
      "SERVICE_UNAVAILABLE",
      "Shopify connections are not set up on this server (SHOPIFY_CLIENT_ID and SHOPIFY_CLIENT_SECRET)",
    );
  }
  return { clientId: settings.clientId, clientSecret: settings.clientSecret };
}

/**
 * The HMAC Shopify puts on the query of its redirects: hex HMAC-SHA256 with the app's
 * client secret over every other parameter, sorted by name, form-encoded `k=v` joined by `&`.
 */
export function shopifyQueryHmac(clientSecret: string, params: URLSearchParams): string {
  const entries = [...params.entries()]
    .filter(([name]) => name !== "hmac" && name !== "signature")
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return createHmac("sha256", clientSecret).update(new URLSearchParams(entries).toString()).digest("hex");
}

export function verifyShopifyQuery(clientSecret: string, params: URLSearchParams): boolean {
  const given = params.get("hmac");
  if (!given || !/^[0-9a-f]{64}$/i.test(given)) return false;
  const expected = Buffer.from(shopifyQueryHmac(clientSecret, params), "hex");
  return timingSafeEqual(expected, Buffer.from(given, "hex"));
}

/**
 * Starts the OAuth authorization code grant: a single-use state nonce bound to the client
 * and the shop, and the URL of the shop's consent screen.
 */
export async function initiateShopifyConnection(
  prisma: RootDb,
  config: Config,
  auth: TenantAuth,
  shopInput: string,
): Promise<{ authUrl: string }> {
  const app = shopifyApp(config.shopify);
  const shop = normalizeShop(shopInput);
  const state = randomBytes(24).toString("base64url");
  const now = new Date();
  await prisma.$transaction(async (tx) => {
    await tx.oAuthState.deleteMany({ where: { clientId: auth.clientId, expiresAt: { lt: now } } });
    const issued = await tx.oAuthState.create({
      data: {
        state,
        clientAppId: auth.clientAppId,
        clientId: auth.clientId,
        keyId: auth.keyId,
        shop,
        expiresAt: new Date(now.getTime() + oauthStateTtlMs),
      },
    });
    await recordAudit(tx, auth, {
      action: "connection.authorization_started",
      entityType: "OAuthState",
      entityId: issued.id,
      after: { platform: "SHOPIFY", shop, expiresAt: issued.expiresAt },
    });
  });
  const authUrl = new URL(`${shopifyBaseUrl(config.shopify, shop)}/admin/oauth/authorize`);
  authUrl.searchParams.set("client_id", app.clientId);
  authUrl.searchParams.set("scope", config.shopify.scopes);
  authUrl.searchParams.set("redirect_uri", `${config.publicUrl}${shopifyCallbackPath}`);
  authUrl.searchParams.set("state", state);
  return { authUrl: authUrl.toString() };
}

/** Why a callback was refused, as the app URL's `shopify_error` tells the browser. */
export type ShopifyCallbackError =
  | "not_configured"
  | "invalid_request"
  | "invalid_hmac"
  | "invalid_shop"
  | "invalid_state"
  | "token_exchange_failed"
  | "webhook_registration_failed"
  | "internal_error";

export type ShopifyCallbackOutcome =
  { ok: true; shop: string; connection: Connection } | { ok: false; error: ShopifyCallbackError; shop?: string };

const tokenResponse = z.object({ access_token: z.string().min(1), scope: z.string().default("") });

/**
 * The end of the authorization: Shopify redirected the merchant's browser to
 * `GET /integrations/shopify/callback?code&shop&state&timestamp&hmac`. Checks the HMAC,
 * the shop and the state (spent here, so a replay is refused), trades the code for an
 * access token, saves the connection with the token sealed, and registers the webhooks.
 */
export async function completeShopifyConnection(
  prisma: RootDb,
  deps: IntegrationDeps,
  params: URLSearchParams,
): Promise<ShopifyCallbackOutcome> {
  const { config, secretBox, log } = deps;
  if (!config.shopify.clientId || !config.shopify.clientSecret) return { ok: false, error: "not_configured" };
  const app = { clientId: config.shopify.clientId, clientSecret: config.shopify.clientSecret };
  const names = [...params.keys()];
  if (new Set(names).size !== names.length) return { ok: false, error: "invalid_request" };
  const code = params.get("code");
  const shopParam = params.get("shop");
  const state = params.get("state");
  if (!code || !shopParam || !state) return { ok: false, error: "invalid_request" };
  // Checked before anything is read or spent: an unsigned request must not burn a state.
  if (!verifyShopifyQuery(app.clientSecret, params)) return { ok: false, error: "invalid_hmac" };
  if (!shopPattern.test(shopParam)) return { ok: false, error: "invalid_shop" };
  // A signed redirect is only good shortly after Shopify made it: an old one is a replay.
  const timestamp = Number(params.get("timestamp"));
  if (!Number.isInteger(timestamp) || Math.abs(Date.now() / 1000 - timestamp) > oauthStateTtlMs / 1000) {
    return { ok: false, error: "invalid_request" };
  }
  const shop = shopParam;

  const now = new Date();
  const [spent] = await prisma.oAuthState.updateManyAndReturn({
    where: { state, shop, usedAt: null, expiresAt: { gt: now } },
    data: { usedAt: now },
  });
  if (!spent) return { ok: false, error: "invalid_state", shop };
  const auth: TenantAuth = {
    clientAppId: spent.clientAppId,
    clientId: spent.clientId,
    keyId: spent.keyId,
    userId: null,
    scopes: ["admin"],
    isAdmin: false,
  };

  const base = shopifyBaseUrl(config.shopify, shop);
  const exchanged = await callStore("Shopify", `${base}/admin/oauth/access_token`, {
    method: "POST",
    json: { client_id: app.clientId, client_secret: app.clientSecret, code },
  }).catch((error: unknown) => {
    log.warn({ err: error, shop }, "Shopify token exchange failed");
    return null;
  });
  const token = exchanged && exchanged.status === 200 ? tokenResponse.safeParse(exchanged.body) : null;
  if (!token?.success) {
    if (exchanged) log.warn({ shop, status: exchanged.status }, "Shopify refused the token exchange");
    return { ok: false, error: "token_exchange_failed", shop };
  }

  const connection = await prisma.$transaction((tx) =>
    saveConnection(
      tx,
      auth,
      { platform: "SHOPIFY", storeUrl: `https://${shop}` },
      {
        accessTokenEnc: sealSecret(secretBox, auth.clientId, "accessTokenEnc", token.data.access_token),
        scopes: token.data.scope,
      },
    ),
  );
  const { ids, failure } = await registerShopifyWebhooks(config, shop, token.data.access_token);
  const registered = await prisma.connection.update({ where: { id: connection.id }, data: { storeWebhookIds: ids } });
  if (failure) {
    log.warn({ shop, connectionId: connection.id, failure }, "Shopify webhook registration failed");
    await markConnectionFailed(prisma, auth, registered, failure);
    return { ok: false, error: "webhook_registration_failed", shop };
  }
  return { ok: true, shop, connection: await mapStoreProducts(prisma, deps, registered) };
}

/** What registering a store's webhooks came to: the ids it created, and what failed (null: nothing). */
export interface WebhookRegistration {
  ids: string[];
  failure: string | null;
}

/** Subscribes the shop's webhooks to our shim, stopping at the first refusal. */
async function registerShopifyWebhooks(
  config: Config,
  shop: string,
  accessToken: string,
): Promise<WebhookRegistration> {
  const url = `${shopifyAdminApiUrl(config.shopify, shop)}/webhooks.json`;
  const address = `${config.publicUrl}${shopifyWebhookPath}`;
  const ids: string[] = [];
  for (const topic of shopifyWebhookTopics) {
    let response;
    try {
      response = await callStore("Shopify", url, {
        method: "POST",
        headers: { "x-shopify-access-token": accessToken },
        json: { webhook: { topic, address, format: "json" } },
      });
    } catch (error) {
      return { ids, failure: `Webhook registration failed for ${topic}: ${(error as Error).message}` };
    }
    const created = (response.body as { webhook?: { id?: unknown } } | null)?.webhook?.id;
    if (response.status === 201 && created !== undefined) {
      ids.push(String(created));
      continue;
    }
    // 422 "address for this topic has already been taken": a reconnect of a shop that still
    // has them. Their ids are looked up, so a later disconnect removes them too.
    if (response.status === 422 && alreadyTaken(response.body)) {
      ids.push(...(await existingWebhookIds(url, accessToken, topic, address)));
      continue;
    }
    return { ids, failure: `Webhook registration failed for ${topic}: Shopify answered HTTP ${response.status}` };
  }
  return { ids, failure: null };
}

/** Removes the webhooks a connection registered; best effort (the shop may be gone), failures logged. */
export async function removeShopifyWebhooks(
  deps: IntegrationDeps,
  connection: Connection,
  accessToken: string,
): Promise<void> {
  const shop = new URL(connection.storeUrl).host;
  const base = `${shopifyAdminApiUrl(deps.config.shopify, shop)}/webhooks`;
  for (const id of connection.storeWebhookIds) {
    const response = await callStore("Shopify", `${base}/${encodeURIComponent(id)}.json`, {
      method: "DELETE",
      headers: { "x-shopify-access-token": accessToken },
    }).catch((error: unknown) => ({ status: 0, error }));
    if (response.status !== 200 && response.status !== 404) {
      deps.log.warn(
        { connectionId: connection.id, webhookId: id, status: response.status },
        "Shopify webhook removal failed",
      );
    }
  }
}

async function existingWebhookIds(url: string, accessToken: string, topic: string, address: string) {
  const query = new URLSearchParams({ topic, address });
  const response = await callStore("Shopify", `${url}?${query.toString()}`, {
    headers: { "x-shopify-access-token": accessToken },
  }).catch(() => null);
  const webhooks = (response?.body as { webhooks?: { id?: unknown }[] } | null)?.webhooks ?? [];
  return webhooks.flatMap((webhook) => (webhook.id === undefined ? [] : [String(webhook.id)]));
}

function alreadyTaken(body: unknown): boolean {
  return JSON.stringify(body ?? "").includes("already been taken");
}

/** Where the callback sends the merchant's browser: the app (the console unless set), told how it went. */
export function appRedirectUrl(config: Config, outcome: ShopifyCallbackOutcome): string {
  const url = new URL(config.appUrl ?? `${config.publicUrl}/console/connections`);
  if (outcome.ok) {
    url.searchParams.set("shopify_success", "true");
    url.searchParams.set("store", outcome.shop);
  } else {
    url.searchParams.set("shopify_error", outcome.error);
    if (outcome.shop) url.searchParams.set("store", outcome.shop);
  }
  return url.toString();
}
