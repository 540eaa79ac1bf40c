import path from "node:path";
import { demoKeysFile } from "../../../../../prisma/demo-keys-file";
import { loadConfig } from "../../../../../subgraphs/core/src/config";
import type { Command } from "../command";

export const demoSeed: Command = {
  name: "demo:seed",
  summary: "create the demo platform and tenant (as the first `npm start` does) and print their keys",
  usage: [
    "Reads the same environment as the gateway (DATABASE_URL, OMNI_DATA_DIR); applies pending",
    `migrations first. Keeps the keys in OMNI_DATA_DIR/${demoKeysFile} and reuses them while the database knows them.`,
  ],
  options: {},
  async run() {
    // Loaded when the command runs (see db-migrate.ts): the seed brings the clients services.
    const { seedDemo } = await import("../../../../../prisma/seed.js");
    const { applyMigrations } = await import("../../../../../subgraphs/core/src/db/migrate.js");
    const { withConfiguredDatabase } = await import("../database.js");
    const config = loadConfig();
    const { keys, created } = await withConfiguredDatabase(config, async (db) => {
      await applyMigrations(db);
      return seedDemo(db, config.dataDir);
    });
    return {
      json: keys,
      text: [
        "Demo platform and tenant ready",
        `  x-api-key:          ${keys.platformApiKey}`,
        `  client-x-api-key:   ${keys.clientApiKey}`,
        `  publishable key:    ${keys.publishableKey}  (browser storefront at http://localhost:3000, sent alone)`,
        `  client id:          ${keys.clientId}`,
        `  staff app id:       ${keys.staffAppId}`,
        `  staff sign-in:      ${keys.staffEmail} / ${created ? keys.staffPassword : "(password in the keys file)"}`,
        `  console sign-in:    ${keys.consoleEmail} / ${created ? keys.consolePassword : "(password in the keys file)"}`,
        `  store owner:        ${keys.ownerEmail} / ${created ? keys.ownerPassword : "(password in the keys file)"}`,
        `  keys saved in:      ${path.join(config.dataDir, demoKeysFile)}`,
      ],
    };
  },
};
