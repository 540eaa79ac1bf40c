import type { Db } from "../db";

/** Failures allowed at full speed; each one after doubles the wait, up to the cap. */
const freeFailures = 5;
const maxLockSeconds = 15 * 60;

/** What a sign-in is throttled by: the account tried and the address trying. */
export const throttleKeys = (account: string, address: string) => [`account:${account}`, `address:${address}`];

/** Seconds until the next try is looked at, or 0 when it may go ahead. */
export async function secondsUntilNextTry(db: Db, keys: string[], now = new Date()): Promise<number> {
  const locked = await db.loginThrottle.findMany({ where: { key: { in: keys }, lockedUntil: { gt: now } } });
  const until = Math.max(0, ...locked.map((row) => row.lockedUntil!.getTime()));
  return until > 0 ? Math.ceil((until - now.getTime()) / 1000) : 0;
}

/** One statement per key: concurrent failures count each, so a burst cannot slip through. */
export async function recordFailure(db: Db, keys: string[], now = new Date()): Promise<void> {
  for (const key of keys) {
    await db.$executeRaw`
      INSERT INTO "LoginThrottle" ("key", "failures", "lockedUntil", "updatedAt")
      VALUES (${key}, 1, NULL, ${now})
      ON CONFLICT ("key") DO UPDATE SET
        "failures" = "LoginThrottle"."failures" + 1,
        "lockedUntil" = CASE WHEN "LoginThrottle"."failures" + 1 > ${freeFailures}
          THEN ${now}::timestamptz + make_interval(secs => LEAST(${maxLockSeconds},
            power(2, "LoginThrottle"."failures" + 1 - ${freeFailures})))
          ELSE NULL END,
        "updatedAt" = ${now}`;
  }
}

/** A successful sign-in forgets the account's failures (the address's stay: it may be guessing others). */
export async function clearFailures(db: Db, accountKey: string): Promise<void> {
  await db.loginThrottle.deleteMany({ where: { key: accountKey } });
}
