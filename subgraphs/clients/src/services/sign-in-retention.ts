import { deleteInBatches } from "../../../core/src/db/batched-delete";
import { Prisma, type RootDb } from "../db";

/**
 * Sign-in bookkeeping no one can use any more. A used refresh token must outlive its own expiry
 * (a replay of it is how a stolen copy is caught), so rows go a retention period after they
 * expired, not after they were used. One day of nothing after a throttle row's last failure.
 */
export const signInRetentionMs = 7 * 24 * 3600_000;

/** The tables whose rows are dead once `expiresAt` passed, with the retention period on top. */
type ExpiringTable = "RefreshToken" | "PasswordToken" | "ConsoleSession";

function pruneExpired(table: ExpiringTable) {
  // The table name is one of the three above, never input: safe to splice into the statement.
  const name = Prisma.raw(`"${table}"`);
  return (prisma: RootDb, expiredBefore: Date, limit?: number): Promise<number> =>
    deleteInBatches(
      (batch) => prisma.$executeRaw`
        DELETE FROM ${name} WHERE "id" IN (
          SELECT "id" FROM ${name} WHERE "expiresAt" < ${expiredBefore} LIMIT ${batch})`,
      limit,
    );
}

export const pruneRefreshTokens = pruneExpired("RefreshToken");
export const prunePasswordTokens = pruneExpired("PasswordToken");
/** A session is over at its absolute expiry at the latest; a revoked one sooner, but the expiry bounds both. */
export const pruneConsoleSessions = pruneExpired("ConsoleSession");

export function pruneLoginThrottles(prisma: RootDb, quietSince: Date, limit?: number): Promise<number> {
  return deleteInBatches(
    (batch) => prisma.$executeRaw`
      DELETE FROM "LoginThrottle" WHERE "key" IN (
        SELECT "key" FROM "LoginThrottle"
        WHERE "updatedAt" < ${quietSince} AND ("lockedUntil" IS NULL OR "lockedUntil" < ${quietSince})
        LIMIT ${batch})`,
    limit,
  );
}
