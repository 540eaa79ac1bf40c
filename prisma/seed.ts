import { existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { hashApiKey } from "../subgraphs/core/src/auth/api-key-format";
import type { Database } from "../subgraphs/core/src/db/database";
import { createClientApp } from "../subgraphs/clients/src/services/client-apps";
import { registerClient } from "../subgraphs/clients/src/services/clients";

export interface DemoKeys {
  platformApiKey: string;
  clientApiKey: string;
  clientId: string;
  clientAppId: string;
}

export const demoKeysFile = "demo-keys.json";

/**
 * A demo platform and tenant so a fresh `npm start` can be called at once. Keys are only
 * ever stored hashed, so the plain ones live in `demo-keys.json` (mode 0600) for reuse on
 * later starts; a data dir whose database no longer knows them gets a new demo.
 */
export async function seedDemo(db: Database, dataDir: string): Promise<DemoKeys> {
  const file = path.join(dataDir, demoKeysFile);
  if (existsSync(file)) {
    const saved = JSON.parse(readFileSync(file, "utf8")) as DemoKeys;
    const known = await db.prisma.apiKey.count({
      where: { hash: { in: [hashApiKey(saved.platformApiKey), hashApiKey(saved.clientApiKey)] } },
    });
    if (known === 2) return saved;
  }
  const keys = await db.prisma.$transaction(async (tx) => {
    const app = await createClientApp(tx, { name: "Demo Platform" });
    const auth = { clientAppId: app.clientApp.id, clientId: null, keyId: app.keyId, scopes: ["admin"], isAdmin: false };
    const { client, key } = await registerClient(tx, auth, { name: "Demo Store", code: `demo-${Date.now()}` });
    return { platformApiKey: app.apiKey, clientApiKey: key.apiKey, clientId: client.id, clientAppId: app.clientApp.id };
  });
  writeFileSync(file, `${JSON.stringify(keys, null, 2)}\n`, { mode: 0o600 });
  return keys;
}
