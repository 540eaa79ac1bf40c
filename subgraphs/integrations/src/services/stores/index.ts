import { openSecret } from "../connections";
import type { IntegrationDeps } from "../deps";
import { prokipStore } from "./prokip-store";
import { shopifyStore } from "./shopify-store";
import type { StoreClient } from "./types";
import { wooCommerceStore } from "./woocommerce-store";
import type { Connection } from "../../db";

/** The client for a connection's store, with its credentials opened; throws when they are gone (disconnected). */
export function openStoreClient(connection: Connection, deps: IntegrationDeps): StoreClient {
  const secret = (column: Parameters<typeof openSecret>[2]): string => {
    const value = openSecret(deps.secretBox, connection, column);
    if (!value) throw new Error("The connection has no credentials (it was disconnected); connect the store again");
    return value;
  };
  switch (connection.platform) {
    case "SHOPIFY":
      return shopifyStore(connection, secret("accessTokenEnc"), deps);
    case "WOOCOMMERCE":
      return wooCommerceStore(connection, {
        consumerKey: secret("consumerKeyEnc"),
        consumerSecret: secret("consumerSecretEnc"),
      });
    case "PROKIP":
      return prokipStore(connection, secret("accessTokenEnc"));
  }
}
