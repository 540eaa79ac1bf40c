import { execFileSync, type ChildProcess } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { compiledEntry, launch, repoRoot, stopProcess, youngGenerationArg } from "../../gateway/src/process/launcher";
import { printed } from "../../gateway/src/process/readiness";

export const root = repoRoot;

export interface Server {
  name: string;
  child: ChildProcess;
  url: string;
}

/**
 * The command for a server: ours compiled, as `npm start` runs it (the bench scripts build
 * dist/ first); a peer of bench/ exists only as TypeScript and runs through swc's loader.
 */
function serverEntry(script: string, nodeArgs: string[]) {
  if (!script.startsWith("bench/")) return compiledEntry(script, { nodeArgs });
  // Every peer gets the young generation ours ships with, so the comparison is of code, not flags.
  return { command: process.execPath, args: [...nodeArgs, youngGenerationArg, "-r", "@swc-node/register", script] };
}

/** Starts a server by its source file and waits until it prints a line matching `ready` (group 1 = its URL). */
export async function startNodeServer(
  name: string,
  script: string,
  env: NodeJS.ProcessEnv,
  ready: RegExp,
  timeoutMs = 60_000,
  extraNodeArgs: string[] = [],
): Promise<Server> {
  // BENCH_NODE_ARGS="--cpu-prof --cpu-prof-dir=…" profiles every server (NODE_OPTIONS refuses --cpu-prof).
  const nodeArgs = [...(process.env.BENCH_NODE_ARGS ?? "").split(" ").filter(Boolean), ...extraNodeArgs];
  const server = launch({
    name,
    ...serverEntry(script, nodeArgs),
    env: { ...process.env, ...env },
    // From ready on, the output (a request log line per request) is drained, not kept: the
    // harness is the load generator and must not spend CPU on it.
    keepOutput: "until-ready",
  });
  const match = await server.ready(printed(ready), timeoutMs);
  return { name, child: server.child, url: match[1]! };
}

export async function stopServer(server: Server): Promise<void> {
  await stopProcess(server.child, { graceMs: 10_000 });
}

export const clockTicks = (() => {
  try {
    return Number(execFileSync("getconf", ["CLK_TCK"]).toString().trim()) || 100;
  } catch {
    return 100;
  }
})();

/** Fields of /proc/<pid>/stat after "(comm)", so field 3 (state) is at index 0. */
function statFields(pid: number): string[] {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  return stat.slice(stat.lastIndexOf(")") + 2).split(" ");
}

/** CPU time (user + system) the process has used so far, in ms, from /proc/<pid>/stat. */
export function cpuMs(pid: number): number {
  const fields = statFields(pid);
  // utime is field 14, stime 15.
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / clockTicks;
}

/** The processes `pid` started (a cluster primary's workers), whose CPU is the server's too. */
export function childPids(pid: number): number[] {
  return readdirSync("/proc")
    .filter((name) => /^\d+$/.test(name))
    .map(Number)
    .filter((candidate) => {
      try {
        // ppid is field 4.
        return Number(statFields(candidate)[1]) === pid;
      } catch {
        return false; // it exited while we looked
      }
    });
}
