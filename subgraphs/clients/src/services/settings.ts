import type { TenantAuth } from "../../../core/src/auth/context";
import { badInput } from "../../../core/src/errors";
import { recordAudit } from "./audit-log";
import type { Db, Prisma, Tx } from "../db";

export const settingKeyPattern = /^[a-z][a-zA-Z0-9_.-]{0,63}$/;
export const maxSettingBytes = 16 * 1024;
export const maxSettingsPerClient = 100;

export type SettingValue = Prisma.InputJsonValue;

/** The client's settings as one object, keys in order. */
export async function getSettings(db: Db, auth: TenantAuth): Promise<Record<string, Prisma.JsonValue>> {
  const rows = await db.clientSetting.findMany({ where: { clientId: auth.clientId }, orderBy: { key: "asc" } });
  return Object.fromEntries(rows.map((row) => [row.key, row.value]));
}

/** Upserts one key; run it in a transaction so the value and its audit entry commit together. */
export async function setSetting(db: Tx, auth: TenantAuth, key: string, value: SettingValue): Promise<SettingValue> {
  if (!settingKeyPattern.test(key)) {
    throw badInput("key must start with a lower-case letter and hold at most 64 letters, digits, '_', '.' or '-'", {
      argument: "key",
      pattern: settingKeyPattern.source,
    });
  }
  const bytes = Buffer.byteLength(JSON.stringify(value), "utf8");
  if (bytes > maxSettingBytes) {
    throw badInput(`value must be at most ${maxSettingBytes} bytes as JSON, got ${bytes}`, {
      argument: "value",
      maxBytes: maxSettingBytes,
    });
  }
  const where = { clientId_key: { clientId: auth.clientId, key } };
  const existing = await db.clientSetting.findUnique({ where });
  if (!existing) await assertRoomForKey(db, auth.clientId);
  const saved = await db.clientSetting.upsert({
    where,
    create: { clientId: auth.clientId, key, value },
    update: { value },
  });
  await recordAudit(db, auth, {
    action: "setting.updated",
    entityType: "ClientSetting",
    entityId: key,
    before: existing?.value,
    after: saved.value,
  });
  return value;
}

/**
 * Two requests adding different keys at once must not both see 99: the client's row lock
 * serialises new keys of one client (updates of existing keys do not need it).
 */
async function assertRoomForKey(db: Db, clientId: string): Promise<void> {
  await db.$queryRaw`SELECT 1 FROM "Client" WHERE "id" = ${clientId}::uuid FOR UPDATE`;
  const count = await db.clientSetting.count({ where: { clientId } });
  if (count >= maxSettingsPerClient) {
    throw badInput(`A client has at most ${maxSettingsPerClient} settings`, {
      argument: "key",
      maxKeys: maxSettingsPerClient,
    });
  }
}
