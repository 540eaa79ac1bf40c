import { compiledEntry, launch, LaunchError, type LaunchedProcess } from "../process/launcher";
import { answers200, printed, type Readiness } from "../process/readiness";

/** Longest wait for a child to become ready: a start on a loaded machine, not a hung one. */
const readyTimeoutMs = 60_000;
/** Children give up their own shutdown at 9.5 s (shutdown.ts); past this one they are killed. */
const killAfterMs = 12_000;

/** How the group knows a child can serve: an HTTP route answering 200, or a line of its log. */
export type ChildReadiness = { url: string } | { logLine: string };

export interface ChildSpec {
  /** Prefixes each of its log lines and names it in errors. */
  name: string;
  /** The entry point's source relative to the repository root; its compiled copy in dist/ runs, as the npm scripts run it. */
  script: string;
  args?: string[];
  env: NodeJS.ProcessEnv;
  ready: ChildReadiness;
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

/**
 * Processes started and stopped together, their output interleaved on this process's own
 * with a `name |` prefix per line, as `docker compose up` shows it.
 */
export function createProcessGroup(output: { stdout: NodeJS.WritableStream; stderr: NodeJS.WritableStream }) {
  const batches: LaunchedProcess[][] = [];
  let stopping = false;
  let reportExit: (exit: UnexpectedExit) => void = () => undefined;
  const unexpectedExit = new Promise<UnexpectedExit>((resolve) => (reportExit = resolve));
  const width = { name: 0 };

  function start(spec: ChildSpec): LaunchedProcess {
    width.name = Math.max(width.name, spec.name.length);
    const member = launch({
      name: spec.name,
      ...compiledEntry(spec.script, { args: spec.args }),
      env: spec.env,
      // Its own process group: a terminal's Ctrl-C reaches the launcher only, which then stops
      // the children in order instead of all of them at once.
      ownProcessGroup: true,
      onLine: (line, stream) => output[stream].write(`${spec.name.padEnd(width.name)} | ${line}\n`),
      // Relayed line by line above: the group keeps none of it.
      keepOutput: "until-ready",
    });
    void member.exited.then(
      ({ code, signal }) => {
        if (!stopping) reportExit({ name: spec.name, code, signal });
      },
      () => undefined,
    );
    return member;
  }

  async function whenReady(member: LaunchedProcess, { ready }: ChildSpec): Promise<RunningChild> {
    try {
      const readiness: Readiness<unknown> = "logLine" in ready ? printed(ready.logLine) : answers200(ready.url);
      await member.ready(readiness, readyTimeoutMs);
    } catch (error) {
      if (!(error instanceof LaunchError)) throw error;
      // The child's output is on the screen already, with its name: one line says what went wrong.
      const exit = member.exit();
      throw new ChildStartError(
        exit
          ? `${member.name} exited with ${exit.code ?? exit.signal} before it was ready`
          : `${member.name} was not ready within ${readyTimeoutMs / 1000} s`,
      );
    }
    return { name: member.name, pid: member.pid };
  }

  const group: ProcessGroup = {
    async start(specs) {
      const batch = specs.map(start);
      batches.push(batch);
      return Promise.all(batch.map((member, index) => whenReady(member, specs[index]!)));
    },
    unexpectedExit,
    async stop() {
      stopping = true;
      for (const batch of [...batches].reverse()) {
        await Promise.all(batch.map((member) => member.stop({ graceMs: killAfterMs })));
      }
    },
  };
  return group;
}
