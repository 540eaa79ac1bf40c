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
