import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { Config } from "./config";

export interface RuntimeSecrets {
  adminKey: string;
  internalSecret: string;
}

const fileName = "secrets.json";

/**
 * Configured secrets win. Otherwise (a developer's embedded setup) they are generated once
 * into the data dir, readable only by its owner, so restarts and sibling processes on the
 * same machine agree on them.
 */
export function resolveSecrets(config: Config): RuntimeSecrets {
  if (config.adminKey && config.internalSecret) {
    return { adminKey: config.adminKey, internalSecret: config.internalSecret };
  }
  const file = path.join(config.dataDir, fileName);
  let stored: Partial<RuntimeSecrets> = {};
  if (existsSync(file)) stored = JSON.parse(readFileSync(file, "utf8")) as Partial<RuntimeSecrets>;
  const secrets: RuntimeSecrets = {
    adminKey: config.adminKey ?? stored.adminKey ?? `ak_${randomBytes(24).toString("hex")}`,
    internalSecret: config.internalSecret ?? stored.internalSecret ?? randomBytes(32).toString("hex"),
  };
  if (secrets.adminKey !== stored.adminKey || secrets.internalSecret !== stored.internalSecret) {
    mkdirSync(config.dataDir, { recursive: true });
    writeFileSync(file, JSON.stringify(secrets, null, 2), { mode: 0o600 });
  }
  return secrets;
}
