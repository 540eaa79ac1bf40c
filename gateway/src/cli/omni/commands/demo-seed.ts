import path from "node:path";
import { demoKeysFile, seedDemo } from "../../../../../prisma/seed";
import { loadConfig } from "../../../../../subgraphs/core/src/config";
import { applyMigrations } from "../../../../../subgraphs/core/src/db/migrate";
import type { Command } from "../command";
import { withConfiguredDatabase } from "../database";

export const demoSeed: Command = {
  name: "demo:seed",
  summary: "create the demo platform and tenant (as the first `npm start` does) and print their keys",
  usage: [
    "Reads the same environment as the gateway (DATABASE_URL, OMNI_DATA_DIR); applies pending",
    `migrations first. Keeps the keys in OMNI_DATA_DIR/${demoKeysFile} and reuses them while the database knows them.`,
  ],
  options: {},
  async run() {
    const config = loadConfig();
    const keys = await withConfiguredDatabase(config, async (db) => {
      await applyMigrations(db);
      return seedDemo(db, config.dataDir);
    });
    return {
      json: keys,
      text: [
        "Demo platform and tenant ready",
        `  x-api-key:          ${keys.platformApiKey}`,
        `  client-x-api-key:   ${keys.clientApiKey}`,
        `  client id:          ${keys.clientId}`,
        `  keys saved in:      ${path.join(config.dataDir, demoKeysFile)}`,
      ],
    };
  },
};
