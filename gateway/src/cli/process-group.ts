import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { createInterface } from "node:readline";

/** Where every child runs from: the scripts are named relative to the repository root. */
const repoRoot = path.resolve(__dirname, "../../..");

/** Longest wait for a child to become ready; a cold start compiles with swc in a few seconds. */
const readyTimeoutMs = 60_000;
/** Children give up their own shutdown at 9.5 s (shutdown.ts); past this one they are killed. */
const killAfterMs = 12_000;
const pollIntervalMs = 100;

/** How the group knows a child can serve: an HTTP route answering 200, or a line of its log. */
export type Readiness = { url: string } | { logLine: string };

export interface ChildSpec {
  /** Prefixes each of its log lines and names it in errors. */
  name: string;
  /** A TypeScript entry point relative to the repository root, run the way the npm scripts run it. */
  script: string;
  args?: string[];
  env: NodeJS.ProcessEnv;
  ready: Readiness;
}

export interface RunningChild {
  name: string;
  pid: number;
}

/** A child that exited on its own, while the group was not stopping. */
export interface UnexpectedExit {
  name: string;
  code: number | null;
  signal: NodeJS.Signals | null;
}

export class ChildStartError extends Error {
  override name = "ChildStartError";
}

export interface ProcessGroup {
  /** Starts these children side by side; resolves once every one is ready. */
  start(specs: ChildSpec[]): Promise<RunningChild[]>;
  /** Resolves with the first child that exits unasked. */
  readonly unexpectedExit: Promise<UnexpectedExit>;
  /** SIGTERM to every child, the last started batch first (gateways before the subgraphs they call). */
  stop(): Promise<void>;
}

interface Member {
  spec: ChildSpec;
  child: ChildProcess;
  exited: Promise<void>;
}

/**
 * Processes started and stopped together, their output interleaved on this process's own
 * with a `name |` prefix per line, as `docker compose up` shows it.
 */
export function createProcessGroup(output: { stdout: NodeJS.WritableStream; stderr: NodeJS.WritableStream }) {
  const batches: Member[][] = [];
  let stopping = false;
  let reportExit: (exit: UnexpectedExit) => void = () => undefined;
  const unexpectedExit = new Promise<UnexpectedExit>((resolve) => (reportExit = resolve));
  const width = { name: 0 };

  function launch(spec: ChildSpec): Member {
    // Its own process group: a terminal's Ctrl-C reaches the launcher only, which then stops
    // the children in order instead of all of them at once.
    const child = spawn(process.execPath, ["-r", "@swc-node/register", spec.script, ...(spec.args ?? [])], {
      cwd: repoRoot,
      env: spec.env,
      stdio: ["ignore", "pipe", "pipe"],
      detached: true,
    });
    width.name = Math.max(width.name, spec.name.length);
    const exited = new Promise<void>((resolve) => {
      child.once("exit", (code, signal) => {
        if (!stopping) reportExit({ name: spec.name, code, signal });
        resolve();
      });
    });
    return { spec, child, exited };
  }

  function relay(member: Member, onLine: (line: string) => void): void {
    for (const [stream, target] of [
      [member.child.stdout!, output.stdout],
      [member.child.stderr!, output.stderr],
    ] as const) {
      createInterface({ input: stream }).on("line", (line) => {
        target.write(`${member.spec.name.padEnd(width.name)} | ${line}\n`);
        onLine(line);
      });
    }
  }

  function whenReady(member: Member): Promise<RunningChild> {
    const { spec, child } = member;
    return new Promise((resolve, reject) => {
      let settled = false;
      const settle = (error?: Error) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        if (error) reject(error);
        else resolve({ name: spec.name, pid: child.pid! });
      };
      const timer = setTimeout(
        () => settle(new ChildStartError(`${spec.name} was not ready within ${readyTimeoutMs / 1000} s`)),
        readyTimeoutMs,
      );
      void member.exited.then(() =>
        settle(
          new ChildStartError(`${spec.name} exited with ${child.exitCode ?? child.signalCode} before it was ready`),
        ),
      );
      const { ready } = spec;
      if ("logLine" in ready) {
        relay(member, (line) => {
          if (line.includes(ready.logLine)) settle();
        });
      } else {
        relay(member, () => undefined);
        void (async () => {
          while (!settled) {
            if (await answers200(ready.url)) settle();
            else await new Promise((wake) => setTimeout(wake, pollIntervalMs));
          }
        })();
      }
    });
  }

  async function stopMember({ child, exited }: Member): Promise<void> {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const killer = setTimeout(() => child.kill("SIGKILL"), killAfterMs);
    child.kill("SIGTERM");
    await exited;
    clearTimeout(killer);
  }

  const group: ProcessGroup = {
    async start(specs) {
      const batch = specs.map(launch);
      batches.push(batch);
      return Promise.all(batch.map(whenReady));
    },
    unexpectedExit,
    async stop() {
      stopping = true;
      for (const batch of [...batches].reverse()) await Promise.all(batch.map(stopMember));
    },
  };
  return group;
}

async function answers200(url: string): Promise<boolean> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(2_000) });
    await response.body?.cancel();
    return response.status === 200;
  } catch {
    return false;
  }
}
