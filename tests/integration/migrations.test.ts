import { createHash } from "node:crypto";
import { mkdtempSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import {
  applyMigrations,
  defaultMigrationsDir,
  MigrationError,
  readMigrations,
} from "../../subgraphs/core/src/db/migrate";
import { createTestDatabase, type TestDatabase } from "../helpers/database";

interface BookkeepingRow {
  migration_name: string;
  checksum: string;
  finished_at: Date | null;
  applied_steps_count: number;
}

describe("migration runner", () => {
  let database: TestDatabase;
  beforeEach(async () => {
    database = await createTestDatabase({ migrate: false });
  });
  afterEach(() => database.drop());

  const bookkeeping = () =>
    database.db.withSession((session) =>
      session.query<BookkeepingRow>(
        "select migration_name, checksum, finished_at, applied_steps_count from _prisma_migrations order by migration_name",
      ),
    );

  test("applies every migration once and records it as Prisma Migrate would", async () => {
    const migrations = await readMigrations();
    expect(await applyMigrations(database.db)).toEqual(migrations.map((m) => m.name));
    const rows = await bookkeeping();
    expect(rows.map((row) => row.migration_name)).toEqual(migrations.map((m) => m.name));
    for (const row of rows) {
      const file = readFileSync(path.join(defaultMigrationsDir, row.migration_name, "migration.sql"));
      expect(row.checksum).toBe(createHash("sha256").update(file).digest("hex"));
      expect(row.finished_at).not.toBeNull();
      expect(row.applied_steps_count).toBe(1);
    }
    expect(await applyMigrations(database.db)).toEqual([]);
    expect(await database.db.prisma.clientApp.count()).toBe(0);
  });

  test("a failing migration leaves neither its changes nor a record behind", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "omni-migrations-"));
    const write = (name: string, sql: string) => {
      mkdirSync(path.join(dir, name));
      writeFileSync(path.join(dir, name, "migration.sql"), sql);
    };
    write("20260101000000_good", 'CREATE TABLE "Good" ("id" INTEGER PRIMARY KEY);');
    write(
      "20260102000000_bad",
      'CREATE TABLE "Half" ("id" INTEGER PRIMARY KEY);\nALTER TABLE "Missing" ADD COLUMN "x" INTEGER;',
    );
    await expect(applyMigrations(database.db, dir)).rejects.toThrow(MigrationError);
    expect((await bookkeeping()).map((row) => row.migration_name)).toEqual(["20260101000000_good"]);
    const tables = await database.db.withSession((session) =>
      session.query<{ table_name: string }>(
        "select table_name from information_schema.tables where table_name in ('Good', 'Half') order by 1",
      ),
    );
    expect(tables.map((t) => t.table_name)).toEqual(["Good"]);
  });

  test("a database migrated by newer code is not touched by older code", async () => {
    await applyMigrations(database.db);
    const dir = mkdtempSync(path.join(tmpdir(), "omni-migrations-"));
    await expect(applyMigrations(database.db, dir)).rejects.toThrow(/does not know/);
  });

  test("an applied migration edited afterwards stops the start, naming the file", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "omni-migrations-"));
    const file = path.join(dir, "20260101000000_orders", "migration.sql");
    mkdirSync(path.dirname(file));
    writeFileSync(file, 'CREATE TABLE "Order" ("id" INTEGER PRIMARY KEY);');
    await applyMigrations(database.db, dir);

    writeFileSync(file, 'CREATE TABLE "Order" ("id" INTEGER PRIMARY KEY, "note" TEXT);');
    mkdirSync(path.join(dir, "20260102000000_later"));
    writeFileSync(path.join(dir, "20260102000000_later", "migration.sql"), 'CREATE TABLE "Later" ("id" INTEGER);');
    const start = applyMigrations(database.db, dir);
    await expect(start).rejects.toThrow(MigrationError);
    await expect(start).rejects.toThrow(
      `The migration \`20260101000000_orders\` was modified after it was applied (${path.relative(process.cwd(), file)})`,
    );
    // Nothing after it ran either: the operator fixes the folder first.
    expect((await bookkeeping()).map((row) => row.migration_name)).toEqual(["20260101000000_orders"]);
  });
});
