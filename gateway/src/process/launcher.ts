import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { createInterface } from "node:readline";
import { repositoryRoot } from "../../../subgraphs/core/src/repository-root";
import type { Readiness } from "./readiness";

/** Where the npm scripts run from: entry points are named by their source, relative to it. */
export const repoRoot = repositoryRoot;

/** How a process ended: an exit code, or the signal that ended it. */
export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/** Longest output kept for `output()` and errors: the end of it is what explains a failure. */
const keptOutputChars = 1_000_000;
/** Streams still open after the exit belong to something the process started: not waited for. */
const outputDrainMs = 1_000;
/** Children give up their own shutdown at 9.5 s (shutdown.ts); past this they are killed. */
const defaultStopGraceMs = 12_000;
/** How often a readiness that probes something (an HTTP route) is asked again between outputs. */
const readinessPollMs = 100;

export interface LaunchOptions {
  /** Names the process in errors. */
  name: string;
  command: string;
  args?: string[];
  /** The repository root unless given. */
  cwd?: string;
  /** Its whole environment: nothing of this process's is added. */
  env: NodeJS.ProcessEnv;
  /**
   * Leader of a process group of its own: a terminal's Ctrl-C then reaches only the launcher,
   * which stops it in order, and `signalGroup` reaches whatever it started (npm's node).
   */
  ownProcessGroup?: boolean;
  /** "inherit" prints its stderr on this process's own; `output()` then holds stdout only. */
  stderr?: "pipe" | "inherit";
  /** Each complete line it prints, for as long as it runs. */
  onLine?: (line: string, stream: "stdout" | "stderr") => void;
  /**
   * "until-ready" stops keeping output once `ready` resolves (it is still read, or a full pipe
   * would stall the process): a load generator must not spend its CPU on a request log.
   */
  keepOutput?: "always" | "until-ready";
}

/** A process that did not become ready; the message ends with the output that says why. */
export class LaunchError extends Error {
  override name = "LaunchError";

  constructor(
    /** One line: which process, and what went wrong. */
    readonly reason: string,
    /** The end of what it printed until then. */
    readonly output: string,
  ) {
    super(output ? `${reason}:\n${output}` : reason);
  }
}

export interface LaunchedProcess {
  readonly name: string;
  readonly child: ChildProcess;
  readonly pid: number;
  /** stdout and stderr interleaved as they arrived, from the start (see `keepOutput`). */
  output(): string;
  /** How it ended; undefined while it runs. */
  exit(): Exit | undefined;
  /** Settles when it has exited and its output has been read to the end. */
  readonly exited: Promise<Exit>;
  /**
   * Resolves with the readiness's answer once it gives one. Rejects with a LaunchError when
   * `timeoutMs` passes first or the process exits first.
   */
  ready<T>(readiness: Readiness<T>, timeoutMs: number): Promise<T>;
  /** See `stopProcess`. */
  stop(options?: StopOptions): Promise<Exit>;
  /** Signals every process of its group (`ownProcessGroup`); false once none is left. */
  signalGroup(signal: NodeJS.Signals | 0): boolean;
}

/** Where `npm run build` writes the compiled `source` (`gateway/src/main.ts` → `dist/gateway/src/main.js`). */
export function compiledPath(source: string): string {
  return path.join(repoRoot, "dist", source.replace(/\.ts$/, ".js"));
}

/**
 * V8's young generation for a server: each request allocates megabytes that die young, and
 * with the default 16 MiB semi-spaces they are scavenged so often that garbage collection
 * took a third of a gateway's busy time; 64 MiB halved the CPU per request in the bench.
 * The npm scripts, the image and docker-compose start servers with the same flag.
 */
export const youngGenerationArg = "--max-semi-space-size=64";

/**
 * `node --enable-source-maps --max-semi-space-size=64 dist/…/<script>.js`: an entry point
 * named by its source, run the way the npm scripts and the image run it, compiled. Whoever
 * launches it has built dist/ first (the npm scripts, jest's globalSetup); stack traces
 * still name the .ts lines.
 */
export function compiledEntry(source: string, options: { nodeArgs?: string[]; args?: string[] } = {}) {
  return {
    command: process.execPath,
    args: [
      ...(options.nodeArgs ?? []),
      "--enable-source-maps",
      youngGenerationArg,
      compiledPath(source),
      ...(options.args ?? []),
    ],
  };
}

export function launch(options: LaunchOptions): LaunchedProcess {
  const { name, keepOutput = "always" } = options;
  const child = spawn(options.command, options.args ?? [], {
    cwd: options.cwd ?? repoRoot,
    env: options.env,
    stdio: ["ignore", "pipe", options.stderr ?? "pipe"],
    detached: options.ownProcessGroup ?? false,
  });

  let output = "";
  let keeping = true;
  // A readiness that reads the output is asked again as soon as more arrives or the process exits.
  const waiters = new Set<() => void>();
  const wake = () => {
    for (const waiter of waiters) waiter();
    waiters.clear();
  };
  const streams = [
    ["stdout", child.stdout],
    ["stderr", child.stderr],
  ] as const;
  for (const [label, stream] of streams) {
    if (!stream) continue;
    stream.on("data", (chunk: Buffer) => {
      if (!keeping) return;
      output = (output + chunk.toString()).slice(-keptOutputChars);
      wake();
    });
    if (options.onLine) createInterface({ input: stream }).on("line", (line) => options.onLine!(line, label));
  }

  let ended: Exit | undefined;
  let spawnError: Error | undefined;
  const exited = new Promise<Exit>((resolve, reject) => {
    child.once("error", (error) => {
      spawnError = error;
      reject(error);
    });
    child.once("exit", (code, signal) => {
      ended = { code, signal };
      const drained = setTimeout(() => resolve(ended!), outputDrainMs);
      child.once("close", () => {
        clearTimeout(drained);
        resolve(ended!);
      });
    });
  });
  // A failed spawn (no such command) surfaces through `ready`/`stop`, not as an unhandled rejection.
  exited.catch(() => undefined).finally(wake);

  const nextActivity = (ms: number, wakeOnOutput: boolean) =>
    new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        waiters.delete(done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      if (wakeOnOutput) waiters.add(done);
    });

  const launched: LaunchedProcess = {
    name,
    child,
    pid: child.pid ?? -1,
    output: () => output,
    exit: () => ended,
    exited,
    async ready<T>(readiness: Readiness<T>, timeoutMs: number): Promise<T> {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const answer = await readiness.check(output);
        if (answer !== undefined) {
          if (keepOutput === "until-ready") keeping = false;
          return answer;
        }
        if (spawnError) throw new LaunchError(`${name} could not start: ${spawnError.message}`, output);
        if (ended) {
          const { code, signal } = await exited;
          throw new LaunchError(`${name} exited with ${code ?? signal} before ready`, output);
        }
        const left = deadline - Date.now();
        if (left <= 0) {
          throw new LaunchError(
            `${name} was not ready within ${timeoutMs / 1000} s (waiting for ${readiness.description})`,
            output,
          );
        }
        await nextActivity(Math.min(left, readinessPollMs), readiness.recheck === "output");
      }
    },
    // A process that never started has nothing to signal: its spawn error is the answer.
    stop: (stopOptions) => (spawnError ? exited : stopProcess(child, stopOptions).then(() => exited)),
    signalGroup(signal) {
      try {
        process.kill(-child.pid!, signal);
        return true;
      } catch {
        // ESRCH: the group has ended, with everything the process started.
        return false;
      }
    },
  };
  return launched;
}

export interface StopOptions {
  /** SIGTERM unless given: what `docker stop` and a terminal's kill send. */
  signal?: NodeJS.Signals;
  /** How long it may take to exit on its own before SIGKILL. */
  graceMs?: number;
}

/** Sends the signal, then SIGKILL if it is still running after the grace; resolves when it has exited. */
export async function stopProcess(child: ChildProcess, options: StopOptions = {}): Promise<Exit> {
  const current = () => ({ code: child.exitCode, signal: child.signalCode });
  if (child.exitCode !== null || child.signalCode !== null) return current();
  const exited = new Promise<Exit>((resolve) => child.once("exit", (code, signal) => resolve({ code, signal })));
  const killer = setTimeout(() => child.kill("SIGKILL"), options.graceMs ?? defaultStopGraceMs);
  child.kill(options.signal ?? "SIGTERM");
  try {
    return await exited;
  } finally {
    clearTimeout(killer);
  }
}
