import { mkdirSync } from "node:fs";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { PrismaPg } from "@prisma/adapter-pg";
import { Pool } from "pg";
import { PrismaPGlite } from "pglite-prisma-adapter";
import type { Config } from "../config";
import { OutboxSignal } from "../events/outbox-signal";
import { PrismaClient } from "./generated/client";
import { statementName } from "./prepared";
import { registerRowReader } from "./row-queries";

/** A raw SQL session outside Prisma, for migrations and health checks. */
export interface SqlSession {
  /** Runs a whole script in one round trip; it may hold several statements and `$$` bodies. */
  exec(script: string): Promise<void>;
  query<Row>(sql: string, params?: unknown[]): Promise<Row[]>;
}

export interface Database {
  readonly prisma: PrismaClient;
  readonly kind: "pglite" | "postgres";
  /** Tells this process's outbox dispatcher that rows may be waiting (see OutboxSignal). */
  readonly outbox: OutboxSignal;
  /** Runs `work` on one dedicated connection (so session-level locks hold across calls). */
  withSession<T>(work: (session: SqlSession) => Promise<T>): Promise<T>;
  ping(): Promise<void>;
  close(): Promise<void>;
}

export type DatabaseTarget = (
  | { kind: "postgres"; url: string; poolSize?: number }
  /**
   * `dataDir` undefined means in memory: gone when the process ends. `loadDataDir` starts
   * from a `dumpDataDir()` tarball instead of an empty cluster (tests start from a migrated one).
   */
  | { kind: "pglite"; dataDir?: string; loadDataDir?: Blob }
) & {
  /** Called with every SQL statement Prisma sends (tests count them); off by default, it costs. */
  onQuery?: (sql: string) => void;
};

/** DATABASE_URL selects PostgreSQL; without it the embedded database lives in the data dir. */
export function databaseTarget(config: Pick<Config, "databaseUrl" | "dataDir">, poolSize?: number): DatabaseTarget {
  return config.databaseUrl
    ? { kind: "postgres", url: config.databaseUrl, ...(poolSize && { poolSize }) }
    : { kind: "pglite", dataDir: path.join(config.dataDir, "pglite") };
}

export async function openDatabase(target: DatabaseTarget): Promise<Database> {
  const adapterOptions = { onQuery: target.onQuery };
  return target.kind === "postgres"
    ? openPostgres(target.url, target.poolSize ?? 10, adapterOptions)
    : openPglite(target.dataDir, target.loadDataDir, adapterOptions);
}

interface ClientOptions {
  onQuery: ((sql: string) => void) | undefined;
}

/**
 * Prisma's defaults (2 s to get a connection for a transaction, 5 s to finish it) fail
 * checkouts with a 500 as soon as a burst queues on the pool or on hot stock rows; waiting
 * longer is right for them, and a client that gives up still gets a clear 503.
 */
const transactionOptions = { maxWait: 10_000, timeout: 20_000 };

function createClient(adapter: PrismaPg | PrismaPGlite, options: ClientOptions): PrismaClient {
  if (!options.onQuery) return new PrismaClient({ adapter, transactionOptions });
  const onQuery = options.onQuery;
  const client = new PrismaClient({ adapter, transactionOptions, log: [{ emit: "event", level: "query" }] });
  client.$on("query", (event) => onQuery(event.query));
  return client as unknown as PrismaClient;
}

function openPostgres(url: string, poolSize: number, options: ClientOptions): Database {
  const pool = new Pool({ connectionString: url, max: poolSize });
  // An idle client losing its server (restart, failover) must not crash the process;
  // the pool discards it and the next query reconnects.
  pool.on("error", () => undefined);
  // A checked-out client has no listener of the pool's, and its owner may not have attached
  // one yet: when one query's ReadyForQuery and the server's FATAL arrive in one read, pg-pool
  // hands the connection to a waiting `connect()` synchronously, and the FATAL is emitted
  // before that caller's await resumes. Unheard, it would end the process. The query in flight
  // fails by itself; the client is no longer queryable, so the pool destroys it on release.
  pool.on("connect", (client) => client.on("error", () => undefined));
  // The adapter's type says a name is always returned; undefined runs the statement unnamed, as pg does without one.
  const statementNameGenerator = ({ sql }: { sql: string }) => statementName(sql)!;
  const prisma = createClient(new PrismaPg(pool, { statementNameGenerator }), options);
  registerRowReader(prisma, async (text, values) => {
    options.onQuery?.(text);
    return (await pool.query({ name: statementName(text), text, values })).rows;
  });
  return {
    prisma,
    kind: "postgres",
    outbox: new OutboxSignal(),
    async withSession(work) {
      const client = await pool.connect();
      try {
        return await work({
          exec: async (script) => {
            await client.query(script);
          },
          query: async <Row>(sql: string, params: unknown[] = []) => (await client.query(sql, params)).rows as Row[],
        });
      } finally {
        client.release();
      }
    },
    async ping() {
      await pool.query("select 1");
    },
    async close() {
      await prisma.$disconnect();
      await pool.end();
    },
  };
}

async function openPglite(
  dataDir: string | undefined,
  loadDataDir: Blob | undefined,
  options: ClientOptions,
): Promise<Database> {
  if (dataDir) mkdirSync(dataDir, { recursive: true });
  const pglite = await PGlite.create({ dataDir, loadDataDir });
  const prisma = createClient(new PrismaPGlite(pglite), options);
  registerRowReader(prisma, async (text, values) => {
    options.onQuery?.(text);
    return (await pglite.query(text, values)).rows;
  });
  // PGlite is a single backend session, so every caller already shares "one connection".
  const session: SqlSession = {
    exec: async (script) => {
      await pglite.exec(script);
    },
    query: async <Row>(sql: string, params: unknown[] = []) => (await pglite.query<Row>(sql, params)).rows,
  };
  return {
    prisma,
    kind: "pglite",
    outbox: new OutboxSignal(),
    withSession: (work) => work(session),
    async ping() {
      await pglite.query("select 1");
    },
    async close() {
      await prisma.$disconnect();
      await pglite.close();
    },
  };
}
