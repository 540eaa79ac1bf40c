import { createHash } from "node:crypto";
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { repositoryRoot } from "../repository-root";
import type { Database, SqlSession } from "./database";

/**
 * Applies Prisma-layout migrations (`<timestamp>_<name>/migration.sql`) and keeps Prisma's
 * own `_prisma_migrations` bookkeeping, so `prisma migrate status` on a machine that has the
 * schema engine agrees with what we applied. The Prisma CLI cannot run here (its engine
 * is a binary download), hence this runner.
 */

// The lock id Prisma Migrate itself holds, so we never race a real `prisma migrate deploy`.
const prismaAdvisoryLock = 72707369;

export const defaultMigrationsDir = path.join(repositoryRoot, "prisma", "migrations");

interface MigrationFile {
  name: string;
  /** Where the script is, as the operator would open it. */
  file: string;
  sql: string;
  checksum: string;
}

interface AppliedRow {
  migration_name: string;
  checksum: string;
  finished_at: Date | null;
  rolled_back_at: Date | null;
}

export class MigrationError extends Error {
  override name = "MigrationError";
}

export async function readMigrations(dir = defaultMigrationsDir): Promise<MigrationFile[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const folders = entries
    .filter((entry) => entry.isDirectory() && /^\d{14}_/.test(entry.name))
    .map((entry) => entry.name)
    .sort();
  return Promise.all(
    folders.map(async (name) => {
      const file = path.join(dir, name, "migration.sql");
      const bytes = await readFile(file);
      return {
        name,
        file: path.relative(process.cwd(), file),
        sql: bytes.toString("utf8"),
        checksum: createHash("sha256").update(bytes).digest("hex"),
      };
    }),
  );
}

/** Applies every pending migration in order; returns the names applied. */
export async function applyMigrations(
  db: Pick<Database, "kind" | "withSession">,
  dir = defaultMigrationsDir,
): Promise<string[]> {
  const migrations = await readMigrations(dir);
  return db.withSession(async (session) => {
    if (db.kind === "postgres") await session.query("select pg_advisory_lock($1)", [prismaAdvisoryLock]);
    try {
      await ensureBookkeeping(session);
      return await applyPending(session, migrations);
    } finally {
      if (db.kind === "postgres") await session.query("select pg_advisory_unlock($1)", [prismaAdvisoryLock]);
    }
  });
}

async function applyPending(session: SqlSession, migrations: MigrationFile[]): Promise<string[]> {
  const rows = await session.query<AppliedRow>(
    "select migration_name, checksum, finished_at, rolled_back_at from _prisma_migrations",
  );
  const failed = rows.find((row) => row.finished_at === null && row.rolled_back_at === null);
  if (failed) {
    throw new MigrationError(
      `Migration ${failed.migration_name} failed earlier and was not rolled back; resolve it before starting.`,
    );
  }
  const applied = new Set(rows.filter((row) => row.rolled_back_at === null).map((row) => row.migration_name));
  const known = new Set(migrations.map((migration) => migration.name));
  const unknown = [...applied].filter((name) => !known.has(name));
  if (unknown.length > 0) {
    throw new MigrationError(`The database has migrations this code does not know: ${unknown.join(", ")}`);
  }
  // As Prisma Migrate: an applied file edited afterwards means this database and a fresh
  // one built from the same folder differ, and nobody can tell how; refuse to start.
  const checksums = new Map(
    rows.filter((row) => row.rolled_back_at === null).map((row) => [row.migration_name, row.checksum]),
  );
  const modified = migrations.filter(
    (migration) => (checksums.get(migration.name) ?? migration.checksum) !== migration.checksum,
  );
  if (modified.length > 0) {
    throw new MigrationError(
      modified
        .map(
          (migration) => `The migration \`${migration.name}\` was modified after it was applied (${migration.file}).`,
        )
        .join("\n") + "\nRestore the file as it was applied and put the change in a new migration.",
    );
  }
  const appliedNow: string[] = [];
  for (const migration of migrations) {
    if (applied.has(migration.name)) continue;
    // One transaction per migration, bookkeeping included: a failing script leaves
    // neither half its DDL nor a "started" row behind.
    await session.exec("begin");
    try {
      await session.exec(migration.sql);
      await session.query(
        `insert into _prisma_migrations (id, checksum, migration_name, started_at, finished_at, applied_steps_count)
         values ($1, $2, $3, now(), now(), 1)`,
        [crypto.randomUUID(), migration.checksum, migration.name],
      );
      await session.exec("commit");
    } catch (error) {
      await session.exec("rollback");
      throw new MigrationError(`Migration ${migration.name} failed: ${(error as Error).message}`);
    }
    appliedNow.push(migration.name);
  }
  return appliedNow;
}

async function ensureBookkeeping(session: SqlSession): Promise<void> {
  await session.exec(`
    create table if not exists _prisma_migrations (
      id                  varchar(36) primary key not null,
      checksum            varchar(64) not null,
      finished_at         timestamptz,
      migration_name      varchar(255) not null,
      logs                text,
      rolled_back_at      timestamptz,
      started_at          timestamptz not null default now(),
      applied_steps_count integer not null default 0
    )`);
}
