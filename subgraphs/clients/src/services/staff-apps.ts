import type { TenantAuth } from "../../../core/src/auth/context";
import { notFound } from "../../../core/src/errors";
import { isUuid } from "../../../core/src/ids";
import type { Db, StaffApp, Tx } from "../db";
import { recordAudit } from "./audit-log";

/** A public client: no secret, since an app on a shop-floor device cannot keep one. */
export async function registerStaffApp(db: Tx, auth: TenantAuth, name: string): Promise<StaffApp> {
  const app = await db.staffApp.create({ data: { clientId: auth.clientId, name: name.trim() } });
  await recordAudit(db, auth, { action: "staffapp.registered", entityType: "StaffApp", entityId: app.id, after: app });
  return app;
}

export function listStaffApps(db: Db, auth: TenantAuth): Promise<StaffApp[]> {
  return db.staffApp.findMany({ where: { clientId: auth.clientId }, orderBy: { id: "asc" } });
}

/** Its users can no longer sign in through it, and every token it was given stops. */
export async function revokeStaffApp(db: Tx, auth: TenantAuth, id: string): Promise<StaffApp> {
  const app = isUuid(id) ? await db.staffApp.findFirst({ where: { id, clientId: auth.clientId } }) : null;
  if (!app) throw notFound("StaffApp", id);
  if (app.revokedAt) return app;
  const revokedAt = new Date();
  const revoked = await db.staffApp.update({ where: { id }, data: { revokedAt } });
  await db.refreshToken.updateMany({ where: { staffAppId: id, revokedAt: null }, data: { revokedAt } });
  await recordAudit(db, auth, {
    action: "staffapp.revoked",
    entityType: "StaffApp",
    entityId: id,
    before: app,
    after: revoked,
  });
  return revoked;
}
