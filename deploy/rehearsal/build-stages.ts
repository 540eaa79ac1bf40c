import { spawn } from "node:child_process";
import { cpSync, mkdirSync, statSync } from "node:fs";
import path from "node:path";
import { contextSource, type BuildContext } from "./build-context";
import type { CommandLine, Instruction, Stage } from "./dockerfile";
import { RehearsalError } from "./rehearsal-error";

/** A stage reproduced in a directory of its own that stands in for its `/`. */
export interface BuiltStage {
  name: string;
  root: string;
  /** The stage's working directory as the image sees it (`/app`). */
  workdir: string;
  env: Record<string, string>;
  user: string | undefined;
  exposed: number[];
  cmd: CommandLine | undefined;
  healthcheck: CommandLine | undefined;
}

export interface BuildOptions {
  context: BuildContext;
  /** Empty directory the stages are reproduced in. */
  workspace: string;
  /** What the base image itself puts in the environment: PATH and HOME. */
  baseEnv: Record<string, string>;
  log: (line: string) => void;
}

/** Where a path of the image lies in the stage's directory. */
export function hostPath(stage: BuiltStage, imagePath: string): string {
  return path.join(stage.root, path.posix.resolve(stage.workdir, imagePath));
}

export function runCommand(command: CommandLine, cwd: string, env: Record<string, string>): Promise<number | null> {
  const [program, ...args] = command.form === "exec" ? command.argv : ["/bin/sh", "-c", command.script];
  return new Promise((resolve, reject) => {
    const child = spawn(program!, args, { cwd, env, stdio: ["ignore", "inherit", "inherit"] });
    child.once("error", reject);
    child.once("exit", (code, signal) => resolve(code ?? (signal ? null : 0)));
  });
}

export const describeCommand = (command: CommandLine) =>
  command.form === "exec" ? JSON.stringify(command.argv) : command.script.replace(/\s+/g, " ");

/** The base image must be the Node this machine runs, or the rehearsal proves another build. */
function checkBaseImage(stage: Stage): void {
  const major = /^node:(\d+)(?:[.-]|$)/.exec(stage.image)?.[1];
  const running = process.versions.node.split(".")[0];
  if (major !== running) {
    throw new RehearsalError(
      "BASE_IMAGE",
      `Dockerfile:${stage.line}: FROM ${stage.image} is not Node ${running}, which this machine runs the rehearsal with`,
    );
  }
}

function isDirectory(file: string): boolean {
  try {
    return statSync(file).isDirectory();
  } catch {
    return false;
  }
}

function copy(
  built: BuiltStage,
  instruction: Extract<Instruction, { kind: "COPY" }>,
  options: BuildOptions,
  earlier: BuiltStage[],
): void {
  const destination = hostPath(built, instruction.destination);
  const intoDirectory =
    instruction.destination.endsWith("/") || instruction.sources.length > 1 || isDirectory(destination);
  if (instruction.from !== undefined) {
    const from = earlier.find((stage) => stage.name === instruction.from);
    if (!from) {
      throw new RehearsalError(
        "UNSUPPORTED_SYNTAX",
        `Dockerfile:${instruction.line}: --from=${instruction.from} names no earlier stage (images are not pulled)`,
      );
    }
    for (const source of instruction.sources) {
      const origin = path.join(from.root, path.posix.resolve("/", source));
      const target =
        !isDirectory(origin) && intoDirectory ? path.join(destination, path.basename(origin)) : destination;
      mkdirSync(path.dirname(target), { recursive: true });
      cpSync(origin, target, { recursive: true, verbatimSymlinks: true });
    }
    return;
  }
  for (const source of instruction.sources) {
    const taken = contextSource(options.context, source, instruction.line);
    for (const { file, relative } of taken.files) {
      const target = taken.directory || intoDirectory ? path.join(destination, relative) : destination;
      mkdirSync(path.dirname(target), { recursive: true });
      cpSync(path.join(options.context.root, file), target, { verbatimSymlinks: true });
    }
  }
}

/**
 * A stage that switches to another user must hand that user its files with `--chown`:
 * in the image the process could not write `.data` otherwise, and here, run as the
 * invoking user, nothing would notice.
 */
function checkOwnership(stage: Stage): void {
  const user = stage.instructions.findLast((instruction) => instruction.kind === "USER");
  if (!user || ["root", "0"].includes(user.user.split(":")[0]!)) return;
  for (const instruction of stage.instructions) {
    if (instruction.kind !== "COPY" || instruction.line > user.line) continue;
    if (instruction.chown?.split(":")[0] !== user.user.split(":")[0]) {
      throw new RehearsalError(
        "CHECK_FAILED",
        `Dockerfile:${instruction.line}: COPY without --chown=${user.user}: the files stay root's, and USER ${user.user} (line ${user.line}) cannot write them`,
      );
    }
  }
}

async function buildStage(stage: Stage, index: number, options: BuildOptions, earlier: BuiltStage[]) {
  checkBaseImage(stage);
  checkOwnership(stage);
  const built: BuiltStage = {
    name: stage.name,
    root: path.join(options.workspace, `${index}-${stage.name}`),
    workdir: "/",
    env: {},
    user: undefined,
    exposed: [],
    cmd: undefined,
    healthcheck: undefined,
  };
  mkdirSync(built.root, { recursive: true });
  options.log(`stage ${stage.name}: FROM ${stage.image} (this machine's Node ${process.version}) in ${built.root}`);
  for (const instruction of stage.instructions) {
    switch (instruction.kind) {
      case "WORKDIR":
        built.workdir = path.posix.resolve(built.workdir, instruction.path);
        mkdirSync(hostPath(built, "."), { recursive: true });
        break;
      case "ENV":
        Object.assign(built.env, instruction.variables);
        break;
      case "COPY":
        copy(built, instruction, options, earlier);
        break;
      case "RUN": {
        options.log(`RUN ${describeCommand(instruction.command)}`);
        const started = performance.now();
        const code = await runCommand(instruction.command, hostPath(built, "."), { ...options.baseEnv, ...built.env });
        if (code !== 0) {
          throw new RehearsalError("STEP_FAILED", `Dockerfile:${instruction.line}: RUN exited with ${code}`);
        }
        options.log(`  done in ${((performance.now() - started) / 1000).toFixed(1)} s`);
        break;
      }
      case "USER":
        built.user = instruction.user;
        break;
      case "EXPOSE":
        built.exposed.push(...instruction.ports);
        break;
      case "CMD":
        built.cmd = instruction.command;
        break;
      case "HEALTHCHECK":
        built.healthcheck = instruction.command;
        break;
    }
  }
  return built;
}

/** Every stage in order; the last one is what `docker run` starts. */
export async function buildStages(stages: Stage[], options: BuildOptions): Promise<BuiltStage[]> {
  const built: BuiltStage[] = [];
  for (const [index, stage] of stages.entries()) built.push(await buildStage(stage, index, options, built));
  return built;
}
