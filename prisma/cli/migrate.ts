import { loadConfig } from "../../subgraphs/core/src/config";
import { lockDataDir } from "../../subgraphs/core/src/db/data-dir-lock";
import { databaseTarget, openDatabase } from "../../subgraphs/core/src/db/database";
import { applyMigrations } from "../../subgraphs/core/src/db/migrate";

// Applies pending migrations to the configured database (DATABASE_URL, else the embedded one).
async function main(): Promise<void> {
  const config = loadConfig();
  const target = databaseTarget(config, 1);
  const unlockDataDir = target.kind === "pglite" ? lockDataDir(config.dataDir) : undefined;
  const db = await openDatabase(target);
  try {
    const applied = await applyMigrations(db);
    console.log(applied.length === 0 ? "Database is up to date" : `Applied ${applied.join(", ")}`);
  } finally {
    await db.close();
    unlockDataDir?.();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
