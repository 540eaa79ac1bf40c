import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { Config } from "./config";

export interface RuntimeSecrets {
  adminKey: string;
  internalSecret: string;
  /** 64 hex characters: the AES-256-GCM key that seals store secrets (core/crypto/secret-box). */
  encryptionKey: string;
}

const fileName = "secrets.json";

/**
 * Configured secrets win. Otherwise (a developer's embedded setup) they are generated once
 * into the data dir, readable only by its owner, so restarts and sibling processes on the
 * same machine agree on them. Losing the generated encryption key makes the stored store
 * credentials unreadable: the stores then have to be connected again.
 */
export function resolveSecrets(config: Config): RuntimeSecrets {
  if (config.adminKey && config.internalSecret && config.encryptionKey) {
    return { adminKey: config.adminKey, internalSecret: config.internalSecret, encryptionKey: config.encryptionKey };
  }
  const file = path.join(config.dataDir, fileName);
  let stored: Partial<RuntimeSecrets> = {};
  if (existsSync(file)) stored = JSON.parse(readFileSync(file, "utf8")) as Partial<RuntimeSecrets>;
  const secrets: RuntimeSecrets = {
    adminKey: config.adminKey ?? stored.adminKey ?? `ak_${randomBytes(24).toString("hex")}`,
    internalSecret: config.internalSecret ?? stored.internalSecret ?? randomBytes(32).toString("hex"),
    encryptionKey: config.encryptionKey ?? stored.encryptionKey ?? randomBytes(32).toString("hex"),
  };
  const changed = (Object.keys(secrets) as (keyof RuntimeSecrets)[]).some((name) => secrets[name] !== stored[name]);
  if (changed) {
    mkdirSync(config.dataDir, { recursive: true });
    writeFileSync(file, JSON.stringify(secrets, null, 2), { mode: 0o600 });
  }
  return secrets;
}
