import { loadConfig } from "../../../../../subgraphs/core/src/config";
import type { Command } from "../command";

export const dbMigrate: Command = {
  name: "db:migrate",
  summary: "apply pending migrations to DATABASE_URL (or the embedded database under OMNI_DATA_DIR)",
  usage: ["Reads the same environment as the gateway (DATABASE_URL, OMNI_DATA_DIR)."],
  options: {},
  async run() {
    // Loaded when the command runs: `omni --help` and the commands that only call the gateway
    // need neither the database drivers nor the migrations.
    const { applyMigrations } = await import("../../../../../subgraphs/core/src/db/migrate.js");
    const { withConfiguredDatabase } = await import("../database.js");
    const config = loadConfig();
    const applied = await withConfiguredDatabase(config, applyMigrations);
    return {
      json: { database: config.databaseUrl ? "postgres" : "pglite", applied },
      text: [applied.length === 0 ? "Database is up to date" : `Applied ${applied.join(", ")}`],
    };
  },
};
