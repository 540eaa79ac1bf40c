import { randomBytes } from "node:crypto";
import type { TenantAuth } from "../../../core/src/auth/context";
import type { Config } from "../../../core/src/config";
import { badInput } from "../../../core/src/errors";
import { markConnectionFailed, saveConnection, sealSecret } from "./connections";
import type { IntegrationDeps } from "./deps";
import { mapStoreProducts } from "./product-mapping";
import { assertPublicHost } from "./public-host";
import type { WebhookRegistration } from "./shopify";
import { callStore } from "./store-http";
import { normalizeStoreUrl } from "./store-url";
import type { Connection, RootDb } from "../db";

/** Order changes in, product changes for the SKU mapping. */
export const wooCommerceWebhookTopics = ["order.created", "order.updated", "order.deleted", "product.updated"] as const;

/** Where we ask WooCommerce to deliver (`…/:connectionId`, registered when connecting); see below. */
export const wooCommerceWebhookPath = "/webhooks/woocommerce";
/**
 * Every path prefix a WooCommerce delivery is received at (followed by `/:connectionId`): ours,
 * the seeds' path, and the seeds' path under the REST base (clients that moved to …/api/v1).
 */
export const wooCommerceWebhookPaths = [
  wooCommerceWebhookPath,
  "/connections/webhook/woocommerce",
  "/api/v1/connections/webhook/woocommerce",
] as const;

export interface WooCommerceCredentials {
  storeUrl: string;
  consumerKey: string;
  consumerSecret: string;
}

const basicAuth = (credentials: WooCommerceCredentials) =>
  `Basic ${Buffer.from(`${credentials.consumerKey}:${credentials.consumerSecret}`).toString("base64")}`;

/**
 * Connects a WooCommerce store: the key pair is tried against the store's REST API v3
 * first (a wrong pair is the caller's input error), then saved sealed with a fresh
 * per-connection webhook secret, and the store's webhooks are pointed at our shim. A
 * store that refuses the webhooks leaves the connection in ERROR with the reason.
 */
export async function connectWooCommerce(
  prisma: RootDb,
  deps: IntegrationDeps,
  auth: TenantAuth,
  input: WooCommerceCredentials,
): Promise<Connection> {
  const credentials = { ...input, storeUrl: normalizeStoreUrl(input.storeUrl, "storeUrl") };
  if (!deps.config.webhooksAllowPrivate) await assertPublicHost(new URL(credentials.storeUrl), "storeUrl");
  await checkWooCommerceCredentials(credentials);
  const webhookSecret = randomBytes(32).toString("base64url");
  const { secretBox } = deps;
  const connection = await prisma.$transaction((tx) =>
    saveConnection(
      tx,
      auth,
      { platform: "WOOCOMMERCE", storeUrl: credentials.storeUrl },
      {
        consumerKeyEnc: sealSecret(secretBox, auth.clientId, "consumerKeyEnc", credentials.consumerKey),
        consumerSecretEnc: sealSecret(secretBox, auth.clientId, "consumerSecretEnc", credentials.consumerSecret),
        webhookSecretEnc: sealSecret(secretBox, auth.clientId, "webhookSecretEnc", webhookSecret),
      },
    ),
  );
  const { ids, failure } = await registerWooCommerceWebhooks(deps.config, credentials, connection.id, webhookSecret);
  const registered = await prisma.connection.update({ where: { id: connection.id }, data: { storeWebhookIds: ids } });
  if (!failure) return mapStoreProducts(prisma, deps, registered);
  deps.log.warn({ connectionId: connection.id, failure }, "WooCommerce webhook registration failed");
  return markConnectionFailed(prisma, auth, registered, failure);
}

async function checkWooCommerceCredentials(credentials: WooCommerceCredentials): Promise<void> {
  const response = await callStore("WooCommerce", `${credentials.storeUrl}/wp-json/wc/v3/system_status`, {
    headers: { authorization: basicAuth(credentials) },
  });
  if (response.status === 200) return;
  if (response.status === 401 || response.status === 403) {
    throw badInput("The store refused this consumer key and secret (they need Read/Write permission)", {
      field: "consumerKey",
    });
  }
  if (response.status === 404) {
    throw badInput("No WooCommerce REST API (wp-json/wc/v3) answers at this storeUrl", { field: "storeUrl" });
  }
  throw badInput(`The store answered the credential check with HTTP ${response.status}`, { field: "storeUrl" });
}

async function registerWooCommerceWebhooks(
  config: Config,
  credentials: WooCommerceCredentials,
  connectionId: string,
  secret: string,
): Promise<WebhookRegistration> {
  const ids: string[] = [];
  for (const topic of wooCommerceWebhookTopics) {
    let response;
    try {
      response = await callStore("WooCommerce", `${credentials.storeUrl}/wp-json/wc/v3/webhooks`, {
        method: "POST",
        headers: { authorization: basicAuth(credentials) },
        json: {
          name: `OmniStack ${topic}`,
          topic,
          status: "active",
          delivery_url: `${config.publicUrl}${wooCommerceWebhookPath}/${connectionId}`,
          secret,
        },
      });
    } catch (error) {
      return { ids, failure: `Webhook registration failed for ${topic}: ${(error as Error).message}` };
    }
    if (response.status !== 201 && response.status !== 200) {
      return { ids, failure: `Webhook registration failed for ${topic}: the store answered HTTP ${response.status}` };
    }
    const id = (response.body as { id?: unknown } | null)?.id;
    if (id !== undefined) ids.push(String(id));
  }
  return { ids, failure: null };
}

/** Removes the webhooks a connection registered; best effort (the store may be gone), failures logged. */
export async function removeWooCommerceWebhooks(
  deps: IntegrationDeps,
  connection: Connection,
  credentials: Omit<WooCommerceCredentials, "storeUrl">,
): Promise<void> {
  const authorization = basicAuth({ ...credentials, storeUrl: connection.storeUrl });
  for (const id of connection.storeWebhookIds) {
    const url = `${connection.storeUrl}/wp-json/wc/v3/webhooks/${encodeURIComponent(id)}?force=true`;
    const response = await callStore("WooCommerce", url, { method: "DELETE", headers: { authorization } }).catch(
      (error: unknown) => ({ status: 0, error }),
    );
    if (response.status !== 200 && response.status !== 404) {
      deps.log.warn(
        { connectionId: connection.id, webhookId: id, status: response.status },
        "WooCommerce webhook removal failed",
      );
    }
  }
}
