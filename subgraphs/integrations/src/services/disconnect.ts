import type { TenantAuth } from "../../../core/src/auth/context";
import { disconnectConnection, findOwnConnection, openSecret } from "./connections";
import type { IntegrationDeps } from "./deps";
import { removeShopifyWebhooks } from "./shopify";
import { removeWooCommerceWebhooks } from "./woocommerce";
import type { Connection, RootDb } from "../db";

/**
 * `disconnect`: first asks the store to stop sending us webhooks (while we still hold the
 * credentials that allow it; a store that cannot be reached does not block the disconnect),
 * then forgets the credentials and stops every sync.
 */
export async function disconnectStore(
  prisma: RootDb,
  deps: IntegrationDeps,
  auth: TenantAuth,
  id: string,
): Promise<Connection> {
  const connection = await findOwnConnection(prisma, auth, id);
  if (connection.status !== "DISCONNECTED" && connection.storeWebhookIds.length > 0) {
    if (connection.platform === "SHOPIFY") {
      const token = openSecret(deps.secretBox, connection, "accessTokenEnc");
      if (token) await removeShopifyWebhooks(deps, connection, token);
    }
    if (connection.platform === "WOOCOMMERCE") {
      const consumerKey = openSecret(deps.secretBox, connection, "consumerKeyEnc");
      const consumerSecret = openSecret(deps.secretBox, connection, "consumerSecretEnc");
      if (consumerKey && consumerSecret)
        await removeWooCommerceWebhooks(deps, connection, { consumerKey, consumerSecret });
    }
  }
  return prisma.$transaction((tx) => disconnectConnection(tx, auth, id));
}
