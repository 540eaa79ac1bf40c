import { benchDatabase } from "../lib/database";

/** Where the gateway keeps its data and sends its events, for one bench run. */
export interface Backend {
  /** The environment the gateway starts with: this one's, DATABASE_URL pointing at a scratch database. */
  env: NodeJS.ProcessEnv;
  /** "embedded PGlite, in-memory event bus" and the like, for the report. */
  description: string;
  /** Drops the scratch database. */
  close(): Promise<void>;
}

/** Embedded PGlite, or a new database on DATABASE_URL's server; Redis when REDIS_URL is set. */
export async function openBackend(): Promise<Backend> {
  const { DATABASE_URL: serverUrl, ...inherited } = process.env;
  const env: NodeJS.ProcessEnv = { ...inherited };
  const description = `${serverUrl ? "PostgreSQL" : "embedded PGlite"}, ${process.env.REDIS_URL ? "Redis" : "in-memory"} event bus`;
  const scratch = await benchDatabase(serverUrl);
  if (!scratch) return { env, description, close: async () => undefined };
  env.DATABASE_URL = scratch.url;
  return { env, description, close: scratch.drop };
}
