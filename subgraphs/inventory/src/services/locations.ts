import type { TenantAuth } from "../../../core/src/auth/context";
import { AppError, notFound } from "../../../core/src/errors";
import { isUuid } from "../../../core/src/ids";
import { recordAudit } from "../../../clients/src/public";
import type { Db, Location, Tx } from "../db";
import { ownQueries, type ForeignQueries } from "../../../core/src/db/module-db";

export async function createLocation(
  db: Tx,
  auth: TenantAuth,
  input: { name: string; code: string },
): Promise<Location> {
  const clash = await db.location.findFirst({ where: { clientId: auth.clientId, code: input.code } });
  if (clash) throw new AppError("CONFLICT", "A location with this code already exists", { field: "code" });
  const location = await db.location.create({ data: { clientId: auth.clientId, name: input.name, code: input.code } });
  await recordAudit(db, auth, {
    action: "location.created",
    entityType: "Location",
    entityId: location.id,
    after: location,
  });
  return location;
}

export function listLocations(db: Db, auth: TenantAuth): Promise<Location[]> {
  return db.location.findMany({ where: { clientId: auth.clientId }, orderBy: { code: "asc" } });
}

/** Every id must be one of the tenant's locations; another tenant's reads as not found. */
export async function assertOwnLocations(db: ForeignQueries, auth: TenantAuth, ids: readonly string[]): Promise<void> {
  const wanted = [...new Set(ids)];
  const found = await ownQueries<"inventory">(db).location.findMany({
    where: { clientId: auth.clientId, id: { in: wanted.filter(isUuid) } },
    select: { id: true },
  });
  const missing = wanted.find((id) => !found.some((location) => location.id === id));
  if (missing) throw notFound("Location", missing);
}
