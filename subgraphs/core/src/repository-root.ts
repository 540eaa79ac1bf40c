import { existsSync, readFileSync } from "node:fs";
import path from "node:path";

/** The name in the project's package.json: sdk/ has a package.json of its own. */
const projectName = "omnistack-gateway";

function isProjectRoot(dir: string): boolean {
  const manifest = path.join(dir, "package.json");
  if (!existsSync(manifest)) return false;
  return (JSON.parse(readFileSync(manifest, "utf8")) as { name?: string }).name === projectName;
}

/** Walks up from `start` to the directory holding the project's package.json. */
export function findRepositoryRoot(start: string): string {
  for (let dir = start; ; dir = path.dirname(dir)) {
    if (isProjectRoot(dir)) return dir;
    if (path.dirname(dir) === dir) throw new Error(`no ${projectName} package.json above ${start}`);
  }
}

/**
 * The checkout's (or the image's) top directory, where prisma/, schema/ and console/ are.
 * Found by walking up rather than by counting `..`, so the same module works from its source
 * and from its compiled copy one level deeper under dist/.
 */
export const repositoryRoot = findRepositoryRoot(__dirname);
