import type { ChildProcess } from "node:child_process";
import { compiledEntry, launch, repoRoot, stopProcess as stop } from "../../gateway/src/process/launcher";
import type { Readiness } from "../../gateway/src/process/readiness";

export const root = repoRoot;

/** `node … dist/<entry>.js` for an entry point's source: what the npm scripts run (jest's globalSetup built it). */
export function compiledCommand(source: string): [string, string[]] {
  const { command, args } = compiledEntry(source);
  return [command, args];
}

export interface StartedProcess {
  child: ChildProcess;
  url: string;
  /** What it printed up to the ready banner. */
  output: string;
  /** Everything it printed, once it has exited and its output is read to the end: what explains an exit. */
  finalOutput(): Promise<string>;
}

/** The banner `npm start` prints once it serves: its GraphQL URL, then the demo keys. */
const servingBanner: Readiness<string> = {
  description: "the ready banner with its x-admin-key",
  recheck: "output",
  check(output) {
    const url = /GraphQL:\s+(http:\/\/\S+)/.exec(output)?.[1];
    return url && output.includes("x-admin-key") ? url : undefined;
  },
};

/** `npm start` as a user runs it, minus npm itself: the same command the script holds. */
export async function startGatewayProcess(env: NodeJS.ProcessEnv, nodeArgs: string[] = []): Promise<StartedProcess> {
  const gateway = launch({ name: "gateway", ...compiledEntry("gateway/src/main.ts", { nodeArgs }), env });
  // A start composes the supergraph and opens the database: seconds, or far more on a busy machine.
  const url = await gateway.ready(servingBanner, 120_000);
  return {
    child: gateway.child,
    url,
    output: gateway.output(),
    finalOutput: async () => (await gateway.exited, gateway.output()),
  };
}

/** Resolves with its exit code. SIGKILL follows only a process hung far past its own 9.5 s shutdown deadline. */
export async function stopProcess(child: ChildProcess, signal: NodeJS.Signals = "SIGTERM"): Promise<number | null> {
  return (await stop(child, { signal, graceMs: 60_000 })).code;
}

export interface ExitedProcess {
  code: number | null;
  signal: NodeJS.Signals | null;
  output: string;
}

/** The gateway's own command, run until it exits by itself (a crash test's failpoint). */
export async function runGatewayUntilExit(env: NodeJS.ProcessEnv, timeoutMs = 60_000): Promise<ExitedProcess> {
  const gateway = launch({ name: "gateway", ...compiledEntry("gateway/src/main.ts"), env });
  let timer: NodeJS.Timeout | undefined;
  const stillRunning = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      gateway.child.kill("SIGKILL");
      reject(new Error(`still running after ${timeoutMs} ms:\n${gateway.output()}`));
    }, timeoutMs);
  });
  try {
    const { code, signal } = await Promise.race([gateway.exited, stillRunning]);
    return { code, signal, output: gateway.output() };
  } finally {
    clearTimeout(timer);
  }
}
