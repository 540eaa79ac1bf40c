import type { KeyCreatedAt } from "../../../subgraphs/core/src/auth/credentials";
import type { KeyMaxAgeSettings } from "../../../subgraphs/core/src/config";
import { AppError } from "../../../subgraphs/core/src/errors";

const dayMs = 24 * 3600 * 1000;

/** What a response tells the caller about a key due for rotation (`extensions.warnings`). */
export interface KeyRotationWarning {
  code: "KEY_ROTATION_DUE";
  message: string;
  keyId: string;
  ageDays: number;
}

const ageDays = (createdAt: Date, now: number): number => Math.floor((now - createdAt.getTime()) / dayMs);
const olderThan = (createdAt: Date, days: number | undefined, now: number): boolean =>
  days !== undefined && now - createdAt.getTime() > days * dayMs;

/**
 * Past the hard maximum a key is refused like any bad key (401), but told why: unlike a
 * wrong key, its holder did nothing but keep it too long, and must know to rotate it.
 */
export function refuseKeysTooOld(keys: readonly KeyCreatedAt[], settings: KeyMaxAgeSettings, now = Date.now()): void {
  const tooOld = keys.find((key) => olderThan(key.createdAt, settings.refuseDays, now));
  if (!tooOld) return;
  const age = ageDays(tooOld.createdAt, now);
  throw new AppError(
    "UNAUTHENTICATED",
    `API key ${tooOld.keyId} is ${age} days old, over the maximum key age of ${settings.refuseDays} days: ` +
      "it must be rotated (rotatePlatformKey or rotateClientApiKey with another key, or by the operator)",
    { reason: "KEY_TOO_OLD", keyId: tooOld.keyId, ageDays: age },
  );
}

export function keyRotationWarnings(
  keys: readonly KeyCreatedAt[],
  settings: KeyMaxAgeSettings,
  now = Date.now(),
): KeyRotationWarning[] {
  return keys
    .filter((key) => olderThan(key.createdAt, settings.warnDays, now))
    .map((key) => {
      const age = ageDays(key.createdAt, now);
      const refusal = settings.refuseDays === undefined ? "" : `; it will be refused past ${settings.refuseDays} days`;
      return {
        code: "KEY_ROTATION_DUE",
        message: `API key ${key.keyId} is ${age} days old, over the ${settings.warnDays}-day rotation age: rotate it${refusal}`,
        keyId: key.keyId,
        ageDays: age,
      };
    });
}
