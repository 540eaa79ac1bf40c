import os from "node:os";
import path from "node:path";
import { z } from "zod";
import { failpointNames, isFailpointName, type FailpointName } from "./failpoints";

// The only module that reads process.env: everything else receives a typed Config.
const duration = (name: string) =>
  z
    .string()
    .regex(/^\d+(ms|s|m|h|d)?$/, `${name} must be a duration such as 300s, 5m, 1h or 7d (bare numbers are seconds)`);
/** How long rows are kept: a duration, or `0`/`off` to keep them forever. */
const retention = (name: string) =>
  z
    .string()
    .regex(/^(off|\d+(ms|s|m|h|d)?)$/, `${name} must be a duration such as 7d or 12h, or off (0) to keep everything`);
const httpUrl = z.url({ protocol: /^https?$/ }).transform((url) => url.replace(/\/+$/, ""));

const schema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(4000),
  HOST: z.string().min(1).default("127.0.0.1"),
  OMNI_DATA_DIR: z.string().min(1).default(".data"),
  DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/ }).optional(),
  REDIS_URL: z.url({ protocol: /^rediss?$/ }).optional(),
  OMNI_ADMIN_KEY: z.string().min(16, "OMNI_ADMIN_KEY must be at least 16 characters").optional(),
  OMNI_INTERNAL_SECRET: z.string().min(32, "OMNI_INTERNAL_SECRET must be at least 32 characters").optional(),
  OMNI_ENCRYPTION_KEY: z
    .string()
    .regex(/^[0-9a-fA-F]{64}$/, "OMNI_ENCRYPTION_KEY must be 64 hex characters (32 bytes)")
    .optional(),
  OMNI_JWT_SIGNING_KEY: z
    .string()
    .regex(/-----BEGIN PRIVATE KEY-----/, "OMNI_JWT_SIGNING_KEY must be an Ed25519 private key in PKCS#8 PEM")
    .optional(),
  OMNI_ACCESS_TOKEN_TTL: duration("OMNI_ACCESS_TOKEN_TTL").default("15m"),
  OMNI_REFRESH_TOKEN_TTL: duration("OMNI_REFRESH_TOKEN_TTL").default("30d"),
  OMNI_SESSION_IDLE: duration("OMNI_SESSION_IDLE").default("30m"),
  OMNI_SESSION_MAX_AGE: duration("OMNI_SESSION_MAX_AGE").default("12h"),
  OMNI_SUBGRAPH_URLS: z.string().optional(),
  OMNI_PUBLIC_URL: httpUrl.optional(),
  OMNI_APP_URL: httpUrl.optional(),
  SHOPIFY_CLIENT_ID: z.string().min(1).optional(),
  SHOPIFY_CLIENT_SECRET: z.string().min(1).optional(),
  SHOPIFY_SCOPES: z
    .string()
    .regex(/^[a-z_]+(,[a-z_]+)*$/, "SHOPIFY_SCOPES must be scope names separated by commas")
    .default("read_orders,read_products,write_inventory,read_inventory"),
  SHOPIFY_ADMIN_BASE_URL: httpUrl.optional(),
  // Shopify releases an Admin API version each quarter and supports each for a year.
  SHOPIFY_API_VERSION: z
    .string()
    .regex(/^\d{4}-(01|04|07|10)$/, "SHOPIFY_API_VERSION must be a Shopify API version such as 2025-10 (YYYY-MM)")
    .default("2025-10"),
  PROKIP_API_URL: httpUrl.default("https://api.prokip.africa"),
  OMNI_AUTH_CACHE_TTL_MS: z.coerce.number().int().min(0).max(60_000).default(5000),
  OMNI_KEY_MAX_AGE_DAYS: z.coerce.number().int().min(1).optional(),
  OMNI_KEY_HARD_MAX_AGE_DAYS: z.coerce.number().int().min(1).optional(),
  OMNI_CATALOG_CACHE_TTL: duration("OMNI_CATALOG_CACHE_TTL").default("60s"),
  OMNI_RESPONSE_CACHE_TTL: duration("OMNI_RESPONSE_CACHE_TTL").default("60s"),
  OMNI_SHUTDOWN_IDLE_GRACE: duration("OMNI_SHUTDOWN_IDLE_GRACE").default("5s"),
  OMNI_RUN_WORKERS: z.enum(["true", "false"]).default("true"),
  OMNI_GATEWAY_PROCESSES: z
    .string()
    .regex(/^(auto|[1-9]\d*)$/, "OMNI_GATEWAY_PROCESSES must be a whole number of at least 1, or auto (one per core)")
    .default("1"),
  OMNI_WEBHOOKS_ALLOW_PRIVATE: z.enum(["true", "false"]).default("false"),
  SYNC_INTERVAL: duration("SYNC_INTERVAL").default("5m"),
  OMNI_RESERVATION_TTL: duration("OMNI_RESERVATION_TTL").default("30m"),
  OMNI_RETENTION_OUTBOX: retention("OMNI_RETENTION_OUTBOX").default("7d"),
  OMNI_RETENTION_WEBHOOKS: retention("OMNI_RETENTION_WEBHOOKS").default("30d"),
  OMNI_RETENTION_SYNC_RUNS: retention("OMNI_RETENTION_SYNC_RUNS").default("30d"),
  OMNI_RETENTION_AUDIT_LOG: retention("OMNI_RETENTION_AUDIT_LOG").default("off"),
  OMNI_SEED_DEMO: z.enum(["true", "false"]).default("true"),
  OMNI_TLS_CERT_FILE: z.string().min(1).optional(),
  OMNI_TLS_KEY_FILE: z.string().min(1).optional(),
  OMNI_METRICS_SNAPSHOT_INTERVAL: duration("OMNI_METRICS_SNAPSHOT_INTERVAL").default("1m"),
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  OMNI_MAX_DEPTH: z.coerce.number().int().min(1).default(10),
  OMNI_MAX_ALIASES: z.coerce.number().int().min(0).default(15),
  OMNI_MAX_ROOT_FIELDS: z.coerce.number().int().min(1).default(20),
  OMNI_MAX_TOKENS: z.coerce.number().int().min(100).default(2000),
  OMNI_MAX_LIST_SIZE: z.coerce.number().int().min(1).default(100),
  OMNI_MAX_COST: z.coerce.number().int().min(1).default(1000),
  OMNI_MAX_BODY_BYTES: z.coerce.number().int().min(1024).default(1_048_576),
  OMNI_MAX_INPUT_DEPTH: z.coerce.number().int().min(1).default(10),
  OMNI_RATE_LIMIT_CAPACITY: z.coerce.number().int().min(1).default(1000),
  OMNI_RATE_LIMIT_RESTORE: z.coerce.number().positive().default(50),
  OMNI_PUBLISHABLE_RATE_CAPACITY: z.coerce.number().int().min(1).default(500),
  OMNI_PUBLISHABLE_RATE_RESTORE: z.coerce.number().positive().default(25),
  OMNI_TRUST_PROXY_HOPS: z.coerce.number().int().min(0).max(10).default(0),
  OMNI_WEBHOOK_RATE_CAPACITY: z.coerce.number().int().min(1).default(40),
  OMNI_WEBHOOK_RATE_RESTORE: z.coerce.number().positive().default(2),
  OMNI_CORS_ORIGINS: z
    .string()
    .refine(
      (raw) => raw.split(",").every((entry) => isOrigin(entry.trim())),
      "OMNI_CORS_ORIGINS must be origins (scheme://host[:port], no path) separated by commas",
    )
    .optional(),
  OMNI_ENABLE_INTROSPECTION: z.enum(["true", "false"]).optional(),
  OMNI_METRICS_TOKEN: z.string().min(16, "OMNI_METRICS_TOKEN must be at least 16 characters").optional(),
  OMNI_FAILPOINTS: z
    .string()
    .refine(
      (raw) => raw.split(",").every((name) => isFailpointName(name.trim())),
      `OMNI_FAILPOINTS must name failpoints (${failpointNames.join(", ")}) separated by commas`,
    )
    .optional(),
});

/** Every environment variable the configuration reads (deployment files are checked against it). */
export const acceptedEnvironmentVariables: readonly string[] = Object.keys(schema.shape);

/**
 * `OMNI_` variables that are no setting of the server yet may well be in its environment, so
 * the misspelling check must let them through: the `omni` CLI's own (a shell exporting them
 * for the CLI also starts servers, and `omni db migrate` loads this config), the docs' shell
 * samples, the compose file's image tag and the test suite's topology switch (CI exports it
 * to every process of a run).
 */
const notSettings: ReadonlySet<string> = new Set([
  "OMNI_URL", // omni CLI: the gateway it talks to
  "OMNI_APP_KEY", // omni CLI: the platform key it sends
  "OMNI_ORIGIN", // docs/operations.md: the base URL the curl samples call
  "OMNI_IMAGE_TAG", // docker-compose.yml: which image to run, substituted by compose
  "OMNI_TEST_TOPOLOGY", // tests/helpers/topology.ts: in-process or HTTP subgraphs
]);

export type SubgraphName = "clients" | "catalog" | "inventory" | "orders" | "integrations";
export const subgraphNames: readonly SubgraphName[] = ["clients", "catalog", "inventory", "orders", "integrations"];

/** Where each subgraph listens when run on its own (distributed mode), unless PORT says otherwise. */
export const defaultSubgraphPorts: Record<SubgraphName, number> = {
  clients: 4101,
  catalog: 4102,
  inventory: 4103,
  orders: 4104,
  integrations: 4105,
};

export interface Config {
  port: number;
  host: string;
  dataDir: string;
  databaseUrl: string | undefined;
  redisUrl: string | undefined;
  adminKey: string | undefined;
  internalSecret: string | undefined;
  encryptionKey: string | undefined;
  /** Signs staff apps' access tokens (PEM); derived from the internal secret when unset. */
  jwtSigningKey: string | undefined;
  accessTokenTtlMs: number;
  refreshTokenTtlMs: number;
  /** The admin console's browser sessions: ended after this long unused, and this long after sign-in. */
  consoleSession: ConsoleSessionSettings;
  /** Subgraphs served over HTTP instead of in-process, by name. */
  subgraphUrls: Partial<Record<SubgraphName, string>>;
  /** How long the gateway trusts a key lookup; revocations evict it at once through the event bus. */
  authCacheTtlMs: number;
  /** Key age (from its createdAt) past which requests carry a rotation warning, and are refused. */
  keyMaxAge: KeyMaxAgeSettings;
  /**
   * Longest life of a cached catalog entry (0: no cache). Changes invalidate at once; the TTL
   * only bounds what a missed invalidation (a crash right after a commit) can leave.
   */
  catalogCacheTtlMs: number;
  /**
   * Longest life of a cached storefront answer (0: no response cache). As for the catalog,
   * changes invalidate at once; the TTL bounds what a missed invalidation leaves.
   */
  responseCacheTtlMs: number;
  /**
   * At shutdown, how long kept-alive connections may stay open idle: a client reusing one
   * meanwhile gets its answer with `Connection: close` instead of a reset (http/drain.ts).
   */
  shutdownIdleGraceMs: number;
  /** Whether this process also runs the background workers (outbox dispatcher). */
  runWorkers: boolean;
  /** How many processes `npm start` serves HTTP and WebSocket with, on one port (node:cluster). */
  gatewayProcesses: number;
  env: "development" | "production" | "test";
  /** Where stores reach this gateway (OAuth redirect URI, webhook addresses); no trailing slash. */
  publicUrl: string;
  /**
   * Where the Shopify OAuth callback sends the browser back to, with `shopify_success`/`shopify_error`;
   * unset: the console's connections page, where the merchant started.
   */
  appUrl: string | undefined;
  shopify: ShopifySettings;
  /** Default Prokip API base URL when `configureProkip` names none. */
  prokipApiUrl: string;
  /** Whether outbound webhooks may target private, loopback and link-local addresses (tests, local development). */
  webhooksAllowPrivate: boolean;
  /** How often each syncing store connection gets its stock differences pushed. */
  syncIntervalMs: number;
  /** Whether `npm start` creates the demo platform and tenant (once per data dir) and prints their keys. */
  seedDemo: boolean;
  /** When set, the gateway serves HTTPS and WSS itself (TLS 1.3 only) with this PEM certificate and key. */
  tls: { certFile: string; keyFile: string } | undefined;
  /** How long an API order may stay PENDING before the worker cancels it and releases its stock. */
  reservationTtlMs: number;
  /** How often a worker logs the backlog sizes (outbox, store webhooks, deliveries). */
  metricsSnapshotIntervalMs: number;
  /** How long finished rows are kept before the retention job deletes them. */
  retention: RetentionSettings;
  /** Checked on every operation before it runs; over one → QUERY_TOO_COMPLEX. */
  limits: OperationLimits;
  /** Default cost bucket of each client (or platform); a client app's own columns override it. */
  rateLimit: BucketSettings;
  /**
   * Bucket of each publishable key per caller address: the key is public, so one abuser
   * must not empty a bucket every shopper of the storefront shares.
   */
  publishableRateLimit: BucketSettings;
  /**
   * How many reverse proxies in front of the gateway append the caller's address to
   * X-Forwarded-For; 0 (no proxy) takes the socket's address and ignores the header, which
   * anyone could write.
   */
  trustProxyHops: number;
  /** Bucket of each store connection on the webhook shims, in deliveries (Shopify's own: 40, 2/s). */
  webhookRateLimit: BucketSettings;
  /** Browser origins allowed to call the API cross-origin; empty = no CORS headers at all. */
  corsOrigins: string[];
  /** Introspection and the Sandbox landing page; off in production unless OMNI_ENABLE_INTROSPECTION=true. */
  introspection: boolean;
  /** Bearer token `/metrics` requires; unset = `/metrics` answers direct loopback callers only. */
  metricsToken: string | undefined;
  /** Crash-test kill points (OMNI_FAILPOINTS); refused in production. */
  failpoints: FailpointName[];
}

export interface OperationLimits {
  maxDepth: number;
  maxAliases: number;
  maxRootFields: number;
  maxTokens: number;
  /** Largest `first`/`last` a list argument may ask for. */
  maxListSize: number;
  /** Largest static cost of one operation. */
  maxCost: number;
  maxBodyBytes: number;
  /** Deepest nesting of lists and objects in an argument, a default value or a variable's value. */
  maxInputDepth: number;
}

/**
 * Age after which the retention job deletes finished rows; undefined keeps them forever.
 * Unfinished work (unpublished events, receipts and deliveries still queued, running syncs)
 * is never deleted, however old.
 */
export interface RetentionSettings {
  /** Published outbox events, by publication time. */
  outboxMs: number | undefined;
  /** Processed, ignored or failed store webhook receipts and finished outbound deliveries with their attempts. */
  webhooksMs: number | undefined;
  /** Finished stock sync runs, by start time. */
  syncRunsMs: number | undefined;
  /** Audit log entries: kept unless an operator sets a period (they may be records the law requires). */
  auditLogMs: number | undefined;
}

export interface ConsoleSessionSettings {
  idleMs: number;
  maxAgeMs: number;
}

/** In days; undefined: no limit. A key's age counts from its creation, whatever it did since. */
export interface KeyMaxAgeSettings {
  /** Past it, responses carry a KEY_ROTATION_DUE warning (extensions.warnings, `Warning: 299`). */
  warnDays: number | undefined;
  /** Past it, the key is refused (401) until it is replaced by a rotation. */
  refuseDays: number | undefined;
}

/** A leaky bucket: `capacity` points, refilled at `restoreRate` points per second. */
export interface BucketSettings {
  capacity: number;
  restoreRate: number;
}

export interface ShopifySettings {
  /** Unset: `initiateShopifyConnection` is refused (the app is not registered with Shopify). */
  clientId: string | undefined;
  /** Signs the OAuth callback query and the webhooks Shopify sends. */
  clientSecret: string | undefined;
  scopes: string;
  /** Replaces `https://{shop}` in every Shopify call when set (a local server playing the store). */
  adminBaseUrl: string | undefined;
  /** The Admin API version every Shopify call names (`/admin/api/{version}/…`), e.g. `2025-10`. */
  apiVersion: string;
}

export class ConfigError extends Error {
  override name = "ConfigError";
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env, defaults: { port?: number } = {}): Config {
  const blankAsUnset = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== ""));
  rejectUnknownSettings(Object.keys(blankAsUnset));
  const parsed = schema.safeParse({ PORT: defaults.port, ...blankAsUnset });
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`);
    throw new ConfigError(`Invalid configuration:\n  ${problems.join("\n  ")}`);
  }
  const values = parsed.data;
  const publicUrl = values.OMNI_PUBLIC_URL ?? `http://127.0.0.1:${values.PORT}`;
  return {
    port: values.PORT,
    host: values.HOST,
    dataDir: path.resolve(values.OMNI_DATA_DIR),
    databaseUrl: values.DATABASE_URL,
    redisUrl: values.REDIS_URL,
    adminKey: values.OMNI_ADMIN_KEY,
    internalSecret: values.OMNI_INTERNAL_SECRET,
    encryptionKey: values.OMNI_ENCRYPTION_KEY,
    jwtSigningKey: values.OMNI_JWT_SIGNING_KEY,
    accessTokenTtlMs: parseDuration("OMNI_ACCESS_TOKEN_TTL", values.OMNI_ACCESS_TOKEN_TTL),
    refreshTokenTtlMs: parseDuration("OMNI_REFRESH_TOKEN_TTL", values.OMNI_REFRESH_TOKEN_TTL),
    consoleSession: {
      idleMs: parseDuration("OMNI_SESSION_IDLE", values.OMNI_SESSION_IDLE),
      maxAgeMs: parseDuration("OMNI_SESSION_MAX_AGE", values.OMNI_SESSION_MAX_AGE),
    },
    subgraphUrls: parseSubgraphUrls(values.OMNI_SUBGRAPH_URLS),
    authCacheTtlMs: values.OMNI_AUTH_CACHE_TTL_MS,
    keyMaxAge: keyMaxAge(values.OMNI_KEY_MAX_AGE_DAYS, values.OMNI_KEY_HARD_MAX_AGE_DAYS),
    catalogCacheTtlMs:
      values.OMNI_CATALOG_CACHE_TTL === "0"
        ? 0
        : parseDuration("OMNI_CATALOG_CACHE_TTL", values.OMNI_CATALOG_CACHE_TTL),
    responseCacheTtlMs:
      values.OMNI_RESPONSE_CACHE_TTL === "0"
        ? 0
        : parseDuration("OMNI_RESPONSE_CACHE_TTL", values.OMNI_RESPONSE_CACHE_TTL),
    shutdownIdleGraceMs: parseIdleGrace(values.OMNI_SHUTDOWN_IDLE_GRACE),
    runWorkers: values.OMNI_RUN_WORKERS === "true",
    gatewayProcesses: gatewayProcesses(values.OMNI_GATEWAY_PROCESSES, values),
    env: values.NODE_ENV,
    publicUrl,
    appUrl: values.OMNI_APP_URL,
    shopify: {
      clientId: values.SHOPIFY_CLIENT_ID,
      clientSecret: values.SHOPIFY_CLIENT_SECRET,
      scopes: values.SHOPIFY_SCOPES,
      adminBaseUrl: values.SHOPIFY_ADMIN_BASE_URL,
      apiVersion: values.SHOPIFY_API_VERSION,
    },
    prokipApiUrl: values.PROKIP_API_URL,
    webhooksAllowPrivate: values.OMNI_WEBHOOKS_ALLOW_PRIVATE === "true",
    syncIntervalMs: parseDuration("SYNC_INTERVAL", values.SYNC_INTERVAL),
    reservationTtlMs: parseDuration("OMNI_RESERVATION_TTL", values.OMNI_RESERVATION_TTL),
    tls: tlsFiles(values.OMNI_TLS_CERT_FILE, values.OMNI_TLS_KEY_FILE),
    seedDemo: values.OMNI_SEED_DEMO === "true",
    metricsSnapshotIntervalMs: parseDuration("OMNI_METRICS_SNAPSHOT_INTERVAL", values.OMNI_METRICS_SNAPSHOT_INTERVAL),
    retention: {
      outboxMs: parseRetention("OMNI_RETENTION_OUTBOX", values.OMNI_RETENTION_OUTBOX),
      webhooksMs: parseRetention("OMNI_RETENTION_WEBHOOKS", values.OMNI_RETENTION_WEBHOOKS),
      syncRunsMs: parseRetention("OMNI_RETENTION_SYNC_RUNS", values.OMNI_RETENTION_SYNC_RUNS),
      auditLogMs: parseRetention("OMNI_RETENTION_AUDIT_LOG", values.OMNI_RETENTION_AUDIT_LOG),
    },
    limits: {
      maxDepth: values.OMNI_MAX_DEPTH,
      maxAliases: values.OMNI_MAX_ALIASES,
      maxRootFields: values.OMNI_MAX_ROOT_FIELDS,
      maxTokens: values.OMNI_MAX_TOKENS,
      maxListSize: values.OMNI_MAX_LIST_SIZE,
      maxCost: values.OMNI_MAX_COST,
      maxBodyBytes: values.OMNI_MAX_BODY_BYTES,
      maxInputDepth: values.OMNI_MAX_INPUT_DEPTH,
    },
    rateLimit: { capacity: values.OMNI_RATE_LIMIT_CAPACITY, restoreRate: values.OMNI_RATE_LIMIT_RESTORE },
    publishableRateLimit: {
      capacity: values.OMNI_PUBLISHABLE_RATE_CAPACITY,
      restoreRate: values.OMNI_PUBLISHABLE_RATE_RESTORE,
    },
    trustProxyHops: values.OMNI_TRUST_PROXY_HOPS,
    webhookRateLimit: {
      capacity: values.OMNI_WEBHOOK_RATE_CAPACITY,
      restoreRate: values.OMNI_WEBHOOK_RATE_RESTORE,
    },
    corsOrigins: (values.OMNI_CORS_ORIGINS ?? "")
      .split(",")
      .map((origin) => origin.trim())
      .filter(Boolean),
    introspection: values.OMNI_ENABLE_INTROSPECTION
      ? values.OMNI_ENABLE_INTROSPECTION === "true"
      : values.NODE_ENV !== "production",
    metricsToken: values.OMNI_METRICS_TOKEN,
    failpoints: parseFailpoints(values.OMNI_FAILPOINTS, values.NODE_ENV),
  };
}

function parseFailpoints(raw: string | undefined, env: Config["env"]): FailpointName[] {
  const names = (raw ?? "")
    .split(",")
    .map((name) => name.trim())
    .filter(isFailpointName);
  if (names.length > 0 && env === "production") {
    throw new ConfigError(
      "Invalid configuration:\n  OMNI_FAILPOINTS: crash-test kill points are refused in production",
    );
  }
  return names;
}

/**
 * A misspelled setting would otherwise be ignored without a word and its default used (a
 * rate limit far lower than the operator meant, say): any `OMNI_` name we do not know stops
 * the start, with the setting it most likely meant.
 */
function rejectUnknownSettings(names: string[]): void {
  const problems = names
    .filter((name) => name.startsWith("OMNI_") && !(name in schema.shape) && !notSettings.has(name))
    .map((name) => {
      const nearest = nearestSetting(name);
      return `Unknown setting ${name}${nearest ? `; did you mean ${nearest}?` : ""}`;
    });
  if (problems.length > 0) throw new ConfigError(`Invalid configuration:\n  ${problems.join("\n  ")}`);
}

/** The known setting fewest edits away, when it is close enough to be a typo rather than another name. */
function nearestSetting(name: string): string | undefined {
  let best: { setting: string; distance: number } | undefined;
  for (const setting of acceptedEnvironmentVariables) {
    const distance = editDistance(name, setting);
    if (!best || distance < best.distance) best = { setting, distance };
  }
  return best && best.distance <= Math.max(3, Math.floor(name.length / 3)) ? best.setting : undefined;
}

/** Levenshtein distance: insertions, deletions and substitutions, one row at a time. */
function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length]!;
}

/** What a browser sends in `Origin`: scheme, host and port only. */
function isOrigin(value: string): boolean {
  return URL.canParse(value) && new URL(value).origin === value;
}

function keyMaxAge(warnDays: number | undefined, refuseDays: number | undefined): KeyMaxAgeSettings {
  // A warning that can only come after the refusal would never be seen.
  if (warnDays !== undefined && refuseDays !== undefined && warnDays >= refuseDays) {
    throw new ConfigError(
      "Invalid configuration:\n  OMNI_KEY_MAX_AGE_DAYS must be less than OMNI_KEY_HARD_MAX_AGE_DAYS (warn before refusing)",
    );
  }
  return { warnDays, refuseDays };
}

function tlsFiles(certFile: string | undefined, keyFile: string | undefined): Config["tls"] {
  if (!certFile && !keyFile) return undefined;
  if (!certFile || !keyFile) {
    throw new ConfigError(
      "Invalid configuration:\n  OMNI_TLS_CERT_FILE and OMNI_TLS_KEY_FILE go together: set both or neither",
    );
  }
  return { certFile: path.resolve(certFile), keyFile: path.resolve(keyFile) };
}

/**
 * `auto` is one per core this process may use. Several processes share nothing but what
 * lives outside them: the database (PGlite is one process's files) and, over Redis, the
 * subscription events, cache evictions and rate-limit buckets.
 */
function gatewayProcesses(raw: string, shared: { DATABASE_URL?: string; REDIS_URL?: string }): number {
  const count = raw === "auto" ? os.availableParallelism() : Number(raw);
  const missing = (["DATABASE_URL", "REDIS_URL"] as const).filter((name) => !shared[name]);
  if (count > 1 && missing.length > 0) {
    throw new ConfigError(
      `Invalid configuration:\n  OMNI_GATEWAY_PROCESSES: ${count} processes need ${missing.join(" and ")}: ` +
        "they share the database and, over Redis, subscription events and rate-limit buckets",
    );
  }
  return count;
}

const durationUnitsMs = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;

/** `300s`, `5m`, `1h`, `7d`, `250ms`; a bare number is seconds. */
function millisecondsOf(text: string): number {
  const [, amount = "0", unit = "s"] = /^(\d+)(ms|s|m|h|d)?$/.exec(text) ?? [];
  return Number(amount) * durationUnitsMs[unit as keyof typeof durationUnitsMs];
}

/** A duration of at least 1s. */
function parseDuration(name: string, text: string): number {
  const ms = millisecondsOf(text);
  if (ms < 1000) throw new ConfigError(`Invalid configuration:\n  ${name}: must be at least 1s`);
  return ms;
}

/** In-flight requests get this long to finish when the gateway stops; main.ts exits by 10 s regardless. */
export const drainDeadlineMs = 7_000;

/** Any duration up to the drain's deadline, 0 included: 0 closes idle connections at once. */
function parseIdleGrace(text: string): number {
  const ms = millisecondsOf(text);
  if (ms > drainDeadlineMs) {
    throw new ConfigError(
      `Invalid configuration:\n  OMNI_SHUTDOWN_IDLE_GRACE: must be at most ${drainDeadlineMs / 1000}s (the drain's deadline)`,
    );
  }
  return ms;
}

/** `0` and `off` keep rows forever (undefined); anything else is a duration of at least 1s. */
function parseRetention(name: string, text: string): number | undefined {
  return text === "off" || /^0+(ms|s|m|h|d)?$/.test(text) ? undefined : parseDuration(name, text);
}

/** `catalog=http://127.0.0.1:4102/graphql,orders=http://…` */
function parseSubgraphUrls(raw: string | undefined): Partial<Record<SubgraphName, string>> {
  if (!raw) return {};
  const urls: Partial<Record<SubgraphName, string>> = {};
  for (const entry of raw
    .split(",")
    .map((part) => part.trim())
    .filter(Boolean)) {
    const [name, url] = entry.split("=", 2);
    if (!name || !url || !subgraphNames.includes(name as SubgraphName) || !URL.canParse(url)) {
      throw new ConfigError(`Invalid configuration:\n  OMNI_SUBGRAPH_URLS: "${entry}" is not <subgraph>=<url>`);
    }
    urls[name as SubgraphName] = url;
  }
  return urls;
}
