import type { IntegrationPlatform } from "../../generated/graphql";

const platformNames: Record<IntegrationPlatform, string> = {
  SHOPIFY: "Shopify",
  WOOCOMMERCE: "WooCommerce",
  PROKIP: "Prokip",
};

export const platformName = (platform: IntegrationPlatform): string => platformNames[platform];

/** A store as its staff name it: the address without the scheme. */
export const storeName = (connection: { storeUrl: string }): string => connection.storeUrl.replace(/^https?:\/\//, "");

/** A connection's status and whether stock syncs reach the store, in the one word the pages show. */
export function syncState(connection: { status: string; syncEnabled: boolean }): { label: string; ok: boolean } {
  if (connection.status === "DISCONNECTED") return { label: "disconnected", ok: false };
  if (connection.status === "ERROR") return { label: "error", ok: false };
  return connection.status === "ACTIVE" && connection.syncEnabled
    ? { label: "syncing", ok: true }
    : { label: "paused", ok: false };
}

/** The location a connection draws from; none chosen means the API's default, the first by code. */
export function locationName(
  locationId: string | null,
  locations: readonly { id: string; name: string; code: string }[] | undefined,
): string {
  if (!locationId) return "Default (first by code)";
  const location = locations?.find((candidate) => candidate.id === locationId);
  return location ? `${location.name} (${location.code})` : locationId;
}
