import { createHash, randomBytes } from "node:crypto";
import { existsSync, openAsBlob, readFileSync } from "node:fs";
import { link, unlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { Client } from "pg";
import { loadConfig } from "../../subgraphs/core/src/config";
import { openDatabase, type Database, type SqlSession } from "../../subgraphs/core/src/db/database";
import { applyMigrations, readMigrations } from "../../subgraphs/core/src/db/migrate";

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
 *
 * Neither kind runs the migrations per file. PostgreSQL copies a template database that
 * holds them (`CREATE DATABASE … TEMPLATE`); PGlite loads a snapshot of a migrated cluster,
 * which also skips its initdb, the bulk of an empty PGlite's start (≈1.4 s of ≈1.5 s).
 * Both are keyed by a hash of the migration files, so an edited or added migration builds
 * a new one on the next run instead of testing against a stale schema.
 */
export async function createTestDatabase(
  options: { migrate?: boolean; onQuery?: (sql: string) => void } = {},
): Promise<TestDatabase> {
  const migrate = options.migrate ?? true;
  const onQuery = options.onQuery;
  if (!serverUrl) {
    const snapshot = await pgliteSnapshot(migrate);
    const db = await openDatabase({ kind: "pglite", loadDataDir: snapshot, onQuery });
    return { db, url: undefined, drop: () => db.close() };
  }
  const name = `omni_test_${process.pid}_${randomBytes(4).toString("hex")}`;
  const template = migrate ? await postgresTemplate() : undefined;
  await withServer((admin) => admin.query(`create database ${name}${template ? ` template ${template}` : ""}`));
  const url = databaseUrl(name);
  const db = await openDatabase({ kind: "postgres", url, poolSize: 10, onQuery });
  return {
    db,
    url,
    async drop() {
      await db.close();
      await withServer((admin) => admin.query(`drop database if exists ${name} with (force)`));
    },
  };
}

/** What the migrated schema depends on: the migration files, their order, and the runner's bookkeeping. */
async function migrationsHash(): Promise<string> {
  const hash = createHash("sha256");
  for (const migration of await readMigrations()) hash.update(`${migration.name}:${migration.checksum}\n`);
  return hash.digest("hex").slice(0, 16);
}

// ------------------------------------------------------------------------------ PGlite

/** Held by `dumpDataDir` format: a snapshot is only valid for the PGlite build that wrote it. */
const pgliteVersion = (
  JSON.parse(
    readFileSync(path.join(path.dirname(require.resolve("@electric-sql/pglite")), "..", "package.json"), "utf8"),
  ) as { version: string }
).version;

/**
 * Set in every snapshot. A test database holds a few hundred rows, and PGlite zero-fills its
 * whole buffer pool at every start: initdb's 128 MB of it was ~0.3–0.6 s of CPU per database.
 */
const snapshotSettings = "alter system set shared_buffers = '16MB'";

/**
 * The tarball of an in-memory PGlite cluster, migrated or not, kept in the temp dir across
 * files and runs. Jest's workers may build the same one at once: each writes its own file
 * and links it into place, and only the first link takes, so a snapshot never changes once
 * readable. That is what lets a reader hand PGlite the file itself (`openAsBlob`, whose read
 * fails if the file is replaced) instead of a copy in memory: Node's in-memory Blob reads
 * 40 MB back in small chunks, ~0.3 s of CPU more per database.
 */
async function pgliteSnapshot(migrated: boolean): Promise<Blob> {
  const key = createHash("sha256")
    .update(`${migrated ? await migrationsHash() : "empty"}\n${snapshotSettings}`)
    .digest("hex")
    .slice(0, 16);
  const file = path.join(tmpdir(), `omni-test-pglite-${pgliteVersion}-${key}.tar`);
  // Once there, a snapshot stays as it is (see above).
  if (existsSync(file)) return openAsBlob(file);
  const pglite = await PGlite.create();
  try {
    if (migrated) {
      const session: SqlSession = {
        exec: async (script) => {
          await pglite.exec(script);
        },
        query: async <Row>(sql: string, params: unknown[] = []) => (await pglite.query<Row>(sql, params)).rows,
      };
      await applyMigrations({ kind: "pglite", withSession: (work) => work(session) });
    }
    await pglite.exec(snapshotSettings);
    const snapshot = await pglite.dumpDataDir("none");
    const partial = `${file}.${process.pid}.${randomBytes(4).toString("hex")}`;
    await writeFile(partial, Buffer.from(await snapshot.arrayBuffer()));
    try {
      await link(partial, file);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    } finally {
      await unlink(partial);
    }
    return snapshot;
  } finally {
    await pglite.close();
  }
}

// -------------------------------------------------------------------------- PostgreSQL

/** Serialises template builds across workers and concurrent runs on the same server. */
const templateLock = 0x6f6d6e69; // "omni"

/**
 * The name of a migrated template database on the test server, built once per migrations
 * hash and then kept: runs in parallel (other checkouts, CI) share it, and a drop could
 * pull it from under their `CREATE DATABASE … TEMPLATE`. It refuses connections, because
 * PostgreSQL cannot copy a database that anyone is connected to.
 */
async function postgresTemplate(): Promise<string> {
  const template = `omni_template_${await migrationsHash()}`;
  return withServer(async (admin) => {
    if (await databaseExists(admin, template)) return template;
    await admin.query("select pg_advisory_lock($1)", [templateLock]);
    try {
      if (await databaseExists(admin, template)) return template;
      // Whoever held the lock before finished or died: a half-built template left behind is
      // an orphan now, and dropping it keeps the server from collecting them.
      const orphans = await admin.query<{ datname: string }>(
        "select datname from pg_database where datname like 'omni\\_template\\_%\\_build\\_%'",
      );
      for (const { datname } of orphans.rows) await admin.query(`drop database if exists ${datname} with (force)`);
      const building = `${template}_build_${process.pid}`;
      await admin.query(`create database ${building}`);
      const db = await openDatabase({ kind: "postgres", url: databaseUrl(building), poolSize: 1 });
      try {
        await applyMigrations(db);
      } finally {
        await db.close();
      }
      // Renamed only once whole, so a template under its final name is always a migrated one.
      await admin.query(`alter database ${building} rename to ${template}`);
      await admin.query(`alter database ${template} with is_template true allow_connections false`);
      return template;
    } finally {
      await admin.query("select pg_advisory_unlock($1)", [templateLock]);
    }
  });
}

async function databaseExists(admin: Client, name: string): Promise<boolean> {
  const found = await admin.query("select 1 from pg_database where datname = $1", [name]);
  return found.rowCount === 1;
}

function databaseUrl(name: string): string {
  const url = new URL(serverUrl!);
  url.pathname = `/${name}`;
  return url.toString();
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
