import { mkdirSync } from "node:fs";
import type { Config } from "../../../../subgraphs/core/src/config";
import { lockDataDir } from "../../../../subgraphs/core/src/db/data-dir-lock";
import { databaseTarget, openDatabase, type Database } from "../../../../subgraphs/core/src/db/database";

/**
 * Opens the database the gateway would use, for one piece of work. The embedded one is
 * locked first: it refuses with a clear message while a gateway has it open.
 */
export async function withConfiguredDatabase<T>(config: Config, work: (db: Database) => Promise<T>): Promise<T> {
  const target = databaseTarget(config, 1);
  // The demo keys file lives in the data dir on PostgreSQL too.
  mkdirSync(config.dataDir, { recursive: true });
  const unlockDataDir = target.kind === "pglite" ? lockDataDir(config.dataDir) : undefined;
  try {
    const db = await openDatabase(target);
    try {
      return await work(db);
    } finally {
      await db.close();
    }
  } finally {
    unlockDataDir?.();
  }
}
