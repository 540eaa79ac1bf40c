import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { repositoryRoot } from "../subgraphs/core/src/repository-root";
import { buildContext } from "./rehearsal/build-context";
import { buildStages } from "./rehearsal/build-stages";
import { parseDockerfile } from "./rehearsal/dockerfile";
import { RehearsalError } from "./rehearsal/rehearsal-error";
import { rehearseCommand } from "./rehearsal/run-gateway";

// `npm run docker:rehearse`: the Dockerfile without Docker. Its stages are reproduced in a
// temporary directory from the files a clean build context holds (a clone of this tree
// minus .dockerignore), their RUN steps run in order, then the last stage's CMD starts with
// that stage's ENV and is checked the way a user of the image would: /ready, HEALTHCHECK,
// the printed demo keys, production mode, a clean stop. Not reproduced: the base image's
// own files (this machine's Node and npm stand in, same major) and the USER switch.

const root = repositoryRoot;
const log = (line: string) => process.stdout.write(`${line}\n`);

// A container starts with the image's environment only: none of this shell's settings
// (DATABASE_URL, REDIS_URL, …) may reach the build or the command. HOME keeps this
// machine's npm configuration and cache; CI_RUN_TOKEN lets .ci/run find a leftover process.
const baseEnv = Object.fromEntries(
  ["PATH", "HOME", "CI_RUN_TOKEN"].flatMap((name) => (process.env[name] ? [[name, process.env[name]]] : [])),
) as Record<string, string>;

async function rehearse(workspace: string): Promise<void> {
  const started = performance.now();
  const stages = parseDockerfile(readFileSync(path.join(root, "Dockerfile"), "utf8"));
  const context = buildContext(root);
  log(`build context: ${context.files.length} files, ${context.ignored} more kept out by .dockerignore`);
  const built = await buildStages(stages, { context, workspace, baseEnv, log });
  await rehearseCommand(built.at(-1)!, { baseEnv, log });
  const seconds = ((performance.now() - started) / 1000).toFixed(0);
  log(`The Dockerfile builds and runs a working gateway from a clean context (${seconds} s).`);
}

const workspace = mkdtempSync(path.join(tmpdir(), "omnistack-rehearsal-"));
rehearse(workspace)
  .catch((error: unknown) => {
    process.stderr.write(
      error instanceof RehearsalError
        ? `rehearsal failed (${error.code}): ${error.message}\n`
        : `rehearsal failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exitCode = 1;
  })
  .finally(() => rmSync(workspace, { recursive: true, force: true }));
