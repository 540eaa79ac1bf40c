import { z } from "zod";
import type { TenantAuth } from "../../../core/src/auth/context";
import { badInput } from "../../../core/src/errors";
import { saveConnection, sealSecret } from "./connections";
import type { IntegrationDeps } from "./deps";
import { mapStoreProducts } from "./product-mapping";
import { assertPublicHost } from "./public-host";
import { callStore } from "./store-http";
import { normalizeStoreUrl } from "./store-url";
import type { Connection, RootDb } from "../db";

/**
 * The call that proves a Prokip token: its business locations (Prokip's connector API,
 * `GET /connector/api/business-location`, bearer token). The list also tells whether the
 * location the sales are to be booked at exists.
 */
export const prokipLocationsPath = "/connector/api/business-location";

export interface ProkipSettings {
  token: string;
  /** Null: the configured default (PROKIP_API_URL). */
  apiUrl?: string | null;
  locationId: string;
}

const locationsResponse = z.object({
  data: z.array(z.object({ id: z.union([z.number(), z.string()]), location_id: z.string().nullish() })),
});

export async function configureProkip(
  prisma: RootDb,
  deps: IntegrationDeps,
  auth: TenantAuth,
  input: ProkipSettings,
): Promise<Connection> {
  const apiUrl = input.apiUrl ? normalizeStoreUrl(input.apiUrl, "apiUrl") : deps.config.prokipApiUrl;
  // The configured default is the operator's choice; an address a tenant gives is checked.
  if (input.apiUrl && !deps.config.webhooksAllowPrivate) await assertPublicHost(new URL(apiUrl), "apiUrl");
  const response = await callStore("Prokip", `${apiUrl}${prokipLocationsPath}`, {
    headers: { authorization: `Bearer ${input.token}` },
  });
  if (response.status === 401 || response.status === 403) {
    throw badInput("Prokip refused this token", { field: "token" });
  }
  const locations = response.status === 200 ? locationsResponse.safeParse(response.body) : null;
  if (!locations?.success) {
    throw badInput(`Prokip answered the token check with HTTP ${response.status} and no location list`, {
      field: "apiUrl",
    });
  }
  const known = locations.data.data.some(
    (location) => String(location.id) === input.locationId || location.location_id === input.locationId,
  );
  if (!known) throw badInput(`Prokip has no business location ${input.locationId}`, { field: "locationId" });

  const connection = await prisma.$transaction((tx) =>
    saveConnection(
      tx,
      auth,
      { platform: "PROKIP", storeUrl: apiUrl },
      {
        accessTokenEnc: sealSecret(deps.secretBox, auth.clientId, "accessTokenEnc", input.token),
        prokipLocationId: input.locationId,
      },
    ),
  );
  return mapStoreProducts(prisma, deps, connection);
}
