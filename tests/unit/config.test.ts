import { readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { ConfigError, loadConfig } from "../../subgraphs/core/src/config";

describe("configuration", () => {
  test("defaults suit a developer's machine: port 4000, embedded database in .data", () => {
    const config = loadConfig({});
    expect(config.port).toBe(4000);
    expect(config.databaseUrl).toBeUndefined();
    expect(config.dataDir).toBe(path.resolve(".data"));
    expect(config.env).toBe("development");
  });

  test("environment values are parsed and typed", () => {
    const config = loadConfig({
      PORT: "8080",
      DATABASE_URL: "postgresql://postgres@127.0.0.1:5432/omni",
      REDIS_URL: "redis://127.0.0.1:6379",
      OMNI_SUBGRAPH_URLS: "catalog=http://127.0.0.1:4102/graphql",
      NODE_ENV: "production",
    });
    expect(config).toMatchObject({
      port: 8080,
      databaseUrl: "postgresql://postgres@127.0.0.1:5432/omni",
      redisUrl: "redis://127.0.0.1:6379",
      subgraphUrls: { catalog: "http://127.0.0.1:4102/graphql" },
      env: "production",
    });
  });

  test("maximum key ages are off unless set, and the warning must come before the refusal", () => {
    expect(loadConfig({}).keyMaxAge).toEqual({ warnDays: undefined, refuseDays: undefined });
    expect(loadConfig({ OMNI_KEY_MAX_AGE_DAYS: "90", OMNI_KEY_HARD_MAX_AGE_DAYS: "180" }).keyMaxAge).toEqual({
      warnDays: 90,
      refuseDays: 180,
    });
    expect(() => loadConfig({ OMNI_KEY_MAX_AGE_DAYS: "90", OMNI_KEY_HARD_MAX_AGE_DAYS: "90" })).toThrow(
      /OMNI_KEY_MAX_AGE_DAYS must be less than OMNI_KEY_HARD_MAX_AGE_DAYS/,
    );
    expect(() => loadConfig({ OMNI_KEY_MAX_AGE_DAYS: "0" })).toThrow(/OMNI_KEY_MAX_AGE_DAYS/);
  });

  test("store integrations default to this machine and Prokip's public API", () => {
    const config = loadConfig({ PORT: "4500" });
    expect(config.publicUrl).toBe("http://127.0.0.1:4500");
    expect(config.appUrl).toBeUndefined();
    expect(config.prokipApiUrl).toBe("https://api.prokip.africa");
    expect(config.shopify).toEqual({
      clientId: undefined,
      clientSecret: undefined,
      scopes: "read_orders,read_products,write_inventory,read_inventory",
      adminBaseUrl: undefined,
      apiVersion: "2025-10",
    });
  });

  test("store integration settings are read from the environment, URLs without a trailing slash", () => {
    const config = loadConfig({
      OMNI_PUBLIC_URL: "https://omni.example.com/",
      OMNI_APP_URL: "https://app.example.com/integrations",
      SHOPIFY_CLIENT_ID: "client-id",
      SHOPIFY_CLIENT_SECRET: "client-secret",
      SHOPIFY_SCOPES: "read_orders,write_inventory",
      SHOPIFY_ADMIN_BASE_URL: "http://127.0.0.1:4201/",
      PROKIP_API_URL: "http://127.0.0.1:4203",
    });
    expect(config).toMatchObject({
      publicUrl: "https://omni.example.com",
      appUrl: "https://app.example.com/integrations",
      shopify: {
        clientId: "client-id",
        clientSecret: "client-secret",
        scopes: "read_orders,write_inventory",
        adminBaseUrl: "http://127.0.0.1:4201",
      },
      prokipApiUrl: "http://127.0.0.1:4203",
    });
    expect(() => loadConfig({ OMNI_PUBLIC_URL: "ftp://omni.example.com" })).toThrow(/OMNI_PUBLIC_URL/);
    expect(() => loadConfig({ SHOPIFY_SCOPES: "read orders" })).toThrow(/SHOPIFY_SCOPES/);
  });

  test("the Shopify Admin API version is a setting, checked to be one Shopify releases (YYYY-MM, quarterly)", () => {
    expect(loadConfig({ SHOPIFY_API_VERSION: "2026-01" }).shopify.apiVersion).toBe("2026-01");
    for (const wrong of ["2025-13", "2025-11", "latest", "2025-1", "unstable"]) {
      expect(() => loadConfig({ SHOPIFY_API_VERSION: wrong })).toThrow(/SHOPIFY_API_VERSION must be/);
    }
  });

  test("empty variables count as unset", () => {
    expect(loadConfig({ DATABASE_URL: "", PORT: "" }).databaseUrl).toBeUndefined();
  });

  test("every bad value is reported at once, by name", () => {
    try {
      loadConfig({ PORT: "eighty", DATABASE_URL: "mysql://x", OMNI_ENCRYPTION_KEY: "short", NODE_ENV: "staging" });
      throw new Error("expected a ConfigError");
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      const message = (error as Error).message;
      for (const name of ["PORT", "DATABASE_URL", "OMNI_ENCRYPTION_KEY", "NODE_ENV"]) expect(message).toContain(name);
    }
  });

  test("the gateway runs as one process unless told more, and auto means one per core", () => {
    const shared = { DATABASE_URL: "postgresql://postgres@127.0.0.1:5432/omni", REDIS_URL: "redis://127.0.0.1:6379" };
    expect(loadConfig({}).gatewayProcesses).toBe(1);
    expect(loadConfig({ ...shared, OMNI_GATEWAY_PROCESSES: "3" }).gatewayProcesses).toBe(3);
    expect(loadConfig({ ...shared, OMNI_GATEWAY_PROCESSES: "auto" }).gatewayProcesses).toBe(os.availableParallelism());
    expect(() => loadConfig({ OMNI_GATEWAY_PROCESSES: "0" })).toThrow(/OMNI_GATEWAY_PROCESSES must be a whole number/);
    expect(() => loadConfig({ DATABASE_URL: shared.DATABASE_URL, OMNI_GATEWAY_PROCESSES: "2" })).toThrow(
      /OMNI_GATEWAY_PROCESSES: 2 processes need REDIS_URL/,
    );
  });

  test("subgraph URLs must name a known subgraph", () => {
    expect(() => loadConfig({ OMNI_SUBGRAPH_URLS: "billing=http://127.0.0.1:1/graphql" })).toThrow(ConfigError);
  });

  test("a misspelled setting stops the start and names the setting it most likely meant", () => {
    expect(() => loadConfig({ OMNI_RATE_LIMIT_RESTORE_RATE: "1000" })).toThrow(
      new ConfigError(
        "Invalid configuration:\n  Unknown setting OMNI_RATE_LIMIT_RESTORE_RATE; did you mean OMNI_RATE_LIMIT_RESTORE?",
      ),
    );
    expect(() => loadConfig({ OMNI_RESERVATON_TTL: "10m" })).toThrow(/did you mean OMNI_RESERVATION_TTL\?/);
    // Far from every setting: no guess, still refused.
    expect(() => loadConfig({ OMNI_COFFEE_MACHINE: "on" })).toThrow(/Unknown setting OMNI_COFFEE_MACHINE$/);
  });

  test("OMNI_ variables of the CLI, the docs and the test suite are no settings, and no mistake", () => {
    const config = loadConfig({
      OMNI_URL: "http://127.0.0.1:4000/graphql",
      OMNI_APP_KEY: "pk_x",
      OMNI_ORIGIN: "http://127.0.0.1:4000",
      OMNI_IMAGE_TAG: "local",
      OMNI_TEST_TOPOLOGY: "distributed",
      OMNI_UNSET_BUT_BLANK: "",
    });
    expect(config.port).toBe(4000);
  });

  test("every OMNI_ name the deployment files and the CI script set is a setting or a known non-setting", () => {
    const root = path.resolve(__dirname, "../..");
    for (const file of ["docker-compose.yml", "deploy/env.example", ".ci/run", "Dockerfile"]) {
      const text = readFileSync(path.join(root, file), "utf8");
      const names = [...new Set(text.match(/\bOMNI_[A-Z0-9_]+/g) ?? [])];
      expect(() => loadConfig(Object.fromEntries(names.map((name) => [name, "x"])))).not.toThrow(/Unknown setting/);
    }
  });

  test("finished rows are kept 7 days (outbox) or 30 days (webhooks, sync runs), the audit log forever; 0 or off keeps all", () => {
    expect(loadConfig({}).retention).toEqual({
      outboxMs: 7 * 86_400_000,
      webhooksMs: 30 * 86_400_000,
      syncRunsMs: 30 * 86_400_000,
      auditLogMs: undefined,
    });
    expect(
      loadConfig({
        OMNI_RETENTION_OUTBOX: "12h",
        OMNI_RETENTION_WEBHOOKS: "0",
        OMNI_RETENTION_SYNC_RUNS: "off",
        OMNI_RETENTION_AUDIT_LOG: "400d",
      }).retention,
    ).toEqual({ outboxMs: 12 * 3_600_000, webhooksMs: undefined, syncRunsMs: undefined, auditLogMs: 400 * 86_400_000 });
    expect(() => loadConfig({ OMNI_RETENTION_OUTBOX: "a week" })).toThrow(/OMNI_RETENTION_OUTBOX must be a duration/);
    expect(loadConfig({ OMNI_RESERVATION_TTL: "1d" }).reservationTtlMs).toBe(86_400_000);
  });

  test("idle connections get 5 s at shutdown unless told otherwise; 0 closes them at once; never past the drain's 7 s", () => {
    expect(loadConfig({}).shutdownIdleGraceMs).toBe(5_000);
    expect(loadConfig({ OMNI_SHUTDOWN_IDLE_GRACE: "0" }).shutdownIdleGraceMs).toBe(0);
    expect(loadConfig({ OMNI_SHUTDOWN_IDLE_GRACE: "250ms" }).shutdownIdleGraceMs).toBe(250);
    expect(() => loadConfig({ OMNI_SHUTDOWN_IDLE_GRACE: "8s" })).toThrow(
      /OMNI_SHUTDOWN_IDLE_GRACE: must be at most 7s/,
    );
    expect(() => loadConfig({ OMNI_SHUTDOWN_IDLE_GRACE: "soon" })).toThrow(
      /OMNI_SHUTDOWN_IDLE_GRACE must be a duration/,
    );
  });
});
