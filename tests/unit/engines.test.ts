import { readFileSync } from "node:fs";
import path from "node:path";
import semver from "semver";

// The README promises the Node of package.json's `engines`; every package the lock file
// installs must accept it, or `npm ci` warns (EBADENGINE) and the package may use what that
// Node lacks. A dependency that raises its floor fails here, on the day it is upgraded.
const root = path.resolve(__dirname, "../..");
const manifest = JSON.parse(readFileSync(path.join(root, "package.json"), "utf8")) as { engines: { node: string } };
const lock = JSON.parse(readFileSync(path.join(root, "package-lock.json"), "utf8")) as {
  packages: Record<string, { version?: string; engines?: { node?: string } | string[]; optional?: boolean }>;
};

/** Installed, never run by us: part of `prisma dev` (a local Prisma Postgres), which needs Node 22. */
const neverRun = new Set(["node_modules/@prisma/streams-local"]);

describe("the Node version the project promises", () => {
  const promised = manifest.engines.node;
  const oldest = semver.minVersion(promised)!.version;

  test("the README names the same floor as package.json", () => {
    const readme = readFileSync(path.join(root, "README.md"), "utf8");
    expect(readme).toContain(`Node.js ≥ ${semver.minVersion(promised)!.major}.${semver.minVersion(promised)!.minor}`);
  });

  test(`every installed package accepts Node ${oldest}, the oldest the project promises`, () => {
    const refusing = Object.entries(lock.packages)
      .filter(([location]) => location !== "" && !neverRun.has(location))
      .flatMap(([location, entry]) => {
        const range = Array.isArray(entry.engines) ? undefined : entry.engines?.node;
        if (!range || !semver.validRange(range)) return [];
        return semver.satisfies(oldest, range) ? [] : [`${location}@${entry.version}: node ${range}`];
      });
    expect(refusing).toEqual([]);
  });
});
