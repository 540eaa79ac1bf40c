import { execFileSync } from "node:child_process";
import { existsSync, lstatSync, readFileSync } from "node:fs";
import path from "node:path";
import ignore, { type Ignore } from "@balena/dockerignore";
import { RehearsalError } from "./rehearsal-error";

/** What `docker build .` would be sent from a fresh clone of this tree. */
export interface BuildContext {
  root: string;
  /** Paths relative to root, `/`-separated, sorted. */
  files: string[];
  /** How many files of the clone .dockerignore kept out. */
  ignored: number;
}

/**
 * Docker's reading of .dockerignore (moby/patternmatcher), not .gitignore's: every pattern is
 * anchored at the context root (`*.log` is only the root's logs), `**` spans directories, a
 * pattern that names a directory takes everything under it and the last matching line
 * decides. @balena/dockerignore is that matcher (dockerode's), case-sensitive as on Linux.
 */
function readIgnore(root: string): Ignore {
  const file = path.join(root, ".dockerignore");
  const matcher = ignore({ ignorecase: false });
  return existsSync(file) ? matcher.add(readFileSync(file, "utf8").split("\n")) : matcher;
}

/**
 * Tracked files plus new ones git does not ignore: what a clone of this tree, once
 * committed, holds. Files deleted from the working tree are left out. Generated files,
 * node_modules and .data of this checkout are never part of it, whatever .dockerignore says.
 */
export function buildContext(root: string): BuildContext {
  const listed = execFileSync("git", ["ls-files", "-z", "--cached", "--others", "--exclude-standard"], {
    cwd: root,
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
  });
  const clone = [...new Set(listed.split("\0").filter(Boolean))].filter((file) => {
    try {
      lstatSync(path.join(root, file));
      return true;
    } catch {
      return false;
    }
  });
  const files = readIgnore(root).filter(clone).sort();
  return { root, files, ignored: clone.length - files.length };
}

/** What `COPY <source>` takes from the context, each file with its path below the source. */
export interface ContextSource {
  /** A directory's contents land inside the destination; a single file may be renamed by it. */
  directory: boolean;
  files: { file: string; relative: string }[];
}

export function contextSource(context: BuildContext, source: string, line: number): ContextSource {
  const normalized = path.posix.normalize(source).replace(/\/+$/, "");
  const inside = normalized === "." ? "" : normalized.replace(/^\.?\/+/, "");
  if (inside.startsWith("..")) {
    throw new RehearsalError("NOT_IN_CONTEXT", `Dockerfile:${line}: ${source} is outside the build context`);
  }
  if (inside && context.files.includes(inside)) {
    return { directory: false, files: [{ file: inside, relative: path.posix.basename(inside) }] };
  }
  const prefix = inside ? `${inside}/` : "";
  const files = context.files
    .filter((file) => file.startsWith(prefix))
    .map((file) => ({ file, relative: file.slice(prefix.length) }));
  if (files.length === 0) {
    throw new RehearsalError(
      "NOT_IN_CONTEXT",
      `Dockerfile:${line}: ${source} is not in the build context (missing, or excluded by .dockerignore)`,
    );
  }
  return { directory: true, files };
}
