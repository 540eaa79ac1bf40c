import { randomBytes } from "node:crypto";
import type { TenantAuth } from "../../../core/src/auth/context";
import type { Config } from "../../../core/src/config";
import type { Connection, PrismaClient } from "../../../core/src/db/generated/client";
import { badInput } from "../../../core/src/errors";
import { markConnectionFailed, saveConnection, sealSecret } from "./connections";
import type { IntegrationDeps } from "./deps";
import { callStore } from "./store-http";
import { normalizeStoreUrl } from "./store-url";

/** Order changes in, product changes for the SKU mapping. */
export const wooCommerceWebhookTopics = ["order.created", "order.updated", "order.deleted", "product.updated"] as const;

export const wooCommerceWebhookPath = "/webhooks/woocommerce";

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
  prisma: PrismaClient,
  deps: IntegrationDeps,
  auth: TenantAuth,
  input: WooCommerceCredentials,
): Promise<Connection> {
  const credentials = { ...input, storeUrl: normalizeStoreUrl(input.storeUrl, "storeUrl") };
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
  const failure = await registerWooCommerceWebhooks(deps.config, credentials, connection.id, webhookSecret);
  if (!failure) return connection;
  deps.log.warn({ connectionId: connection.id, failure }, "WooCommerce webhook registration failed");
  return markConnectionFailed(prisma, auth, connection, failure);
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
): Promise<string | null> {
  for (const topic of wooCommerceWebhookTopics) {
    let status: number;
    try {
      ({ status } = await callStore("WooCommerce", `${credentials.storeUrl}/wp-json/wc/v3/webhooks`, {
        method: "POST",
        headers: { authorization: basicAuth(credentials) },
        json: {
          name: `OmniStack ${topic}`,
          topic,
          status: "active",
          delivery_url: `${config.publicUrl}${wooCommerceWebhookPath}/${connectionId}`,
          secret,
        },
      }));
    } catch (error) {
      return `Webhook registration failed for ${topic}: ${(error as Error).message}`;
    }
    if (status !== 201 && status !== 200)
      return `Webhook registration failed for ${topic}: the store answered HTTP ${status}`;
  }
  return null;
}
