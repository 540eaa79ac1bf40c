import type { Database } from "./database";

export type LockOutcome<T> = { acquired: true; result: T } | { acquired: false };

/**
 * Runs `work` only if no other process holds the named PostgreSQL advisory lock, holding it
 * on one dedicated session until `work` settles; another replica trying meanwhile gets
 * `acquired: false` at once instead of waiting. A crashed holder's session ends, and with it
 * the lock. (On the embedded database there is one process, so the lock is always free.)
 */
export async function withAdvisoryLock<T>(db: Database, name: string, work: () => Promise<T>): Promise<LockOutcome<T>> {
  return db.withSession(async (session) => {
    const [row] = await session.query<{ locked: boolean }>("SELECT pg_try_advisory_lock(hashtext($1)) AS locked", [
      name,
    ]);
    if (!row?.locked) return { acquired: false };
    try {
      return { acquired: true, result: await work() };
    } finally {
      await session.query("SELECT pg_advisory_unlock(hashtext($1))", [name]);
    }
  });
}
