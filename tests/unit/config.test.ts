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

  test("subgraph URLs must name a known subgraph", () => {
    expect(() => loadConfig({ OMNI_SUBGRAPH_URLS: "billing=http://127.0.0.1:1/graphql" })).toThrow(ConfigError);
  });
});
