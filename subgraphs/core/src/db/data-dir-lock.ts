import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { ConfigError } from "../config";

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/**
 * The embedded database is files that one process at a time may open: a second
 * `npm start` on the same data dir would corrupt them. The lock names its owner's pid,
 * so a lock left by a killed process is taken over instead of blocking forever.
 */
export function lockDataDir(dataDir: string): () => void {
  mkdirSync(dataDir, { recursive: true });
  const file = path.join(dataDir, "omnistack.lock");
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      writeFileSync(file, String(process.pid), { flag: "wx" });
      return () => rmSync(file, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      const owner = Number(readFileSync(file, "utf8"));
      if (Number.isInteger(owner) && owner !== process.pid && isRunning(owner)) {
        throw new ConfigError(
          `The embedded database in ${dataDir} is in use by process ${owner}; stop it or set another OMNI_DATA_DIR`,
        );
      }
      rmSync(file, { force: true });
    }
  }
  throw new ConfigError(`Could not lock ${dataDir}`);
}
