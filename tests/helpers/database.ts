import { randomBytes } from "node:crypto";
import { Client } from "pg";
import { loadConfig } from "../../subgraphs/core/src/config";
import { openDatabase, type Database } from "../../subgraphs/core/src/db/database";
import { applyMigrations } from "../../subgraphs/core/src/db/migrate";

export interface TestDatabase {
  db: Database;
  /** Connection string of the private database (PostgreSQL runs only). */
  url: string | undefined;
  drop(): Promise<void>;
}

/** The server tests run against: DATABASE_URL when set, else each test gets an in-memory PGlite. */
export const serverUrl = loadConfig().databaseUrl;
export const databaseKind = serverUrl ? "postgres" : "pglite";

/**
 * A new, migrated database of its own for one test file: on PostgreSQL a freshly created
 * database on the DATABASE_URL server (dropped afterwards), so parallel workers and reruns
 * never see each other's rows.
 */
export async function createTestDatabase(
  options: { migrate?: boolean; onQuery?: (sql: string) => void } = {},
): Promise<TestDatabase> {
  const migrate = options.migrate ?? true;
  const onQuery = options.onQuery;
  if (!serverUrl) {
    const db = await openDatabase({ kind: "pglite", onQuery });
    if (migrate) await applyMigrations(db);
    return { db, url: undefined, drop: () => db.close() };
  }
  const name = `omni_test_${process.pid}_${randomBytes(4).toString("hex")}`;
  await withServer((admin) => admin.query(`create database ${name}`));
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const db = await openDatabase({ kind: "postgres", url: url.toString(), poolSize: 10, onQuery });
  if (migrate) await applyMigrations(db);
  return {
    db,
    url: url.toString(),
    async drop() {
      await db.close();
      await withServer((admin) => admin.query(`drop database if exists ${name} with (force)`));
    },
  };
}

async function withServer<T>(work: (admin: Client) => Promise<T>): Promise<T> {
  const admin = new Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    return await work(admin);
  } finally {
    await admin.end();
  }
}
