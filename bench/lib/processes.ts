import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";

export const root = path.resolve(__dirname, "../..");

export interface Server {
  name: string;
  child: ChildProcess;
  url: string;
}

/**
 * Starts a TypeScript entry point with the same loader `npm start` uses and waits until it
 * prints a line matching `ready` (group 1 = its URL). Output is kept for the error message.
 */
export function startNodeServer(
  name: string,
  script: string,
  env: NodeJS.ProcessEnv,
  ready: RegExp,
  timeoutMs = 60_000,
): Promise<Server> {
  // BENCH_NODE_ARGS="--cpu-prof --cpu-prof-dir=…" profiles every server (NODE_OPTIONS refuses --cpu-prof).
  const nodeArgs = (process.env.BENCH_NODE_ARGS ?? "").split(" ").filter(Boolean);
  const child = spawn(process.execPath, [...nodeArgs, "-r", "@swc-node/register", script], {
    cwd: root,
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`${name}: not ready within ${timeoutMs} ms:\n${output}`)),
      timeoutMs,
    );
    const onData = (chunk: Buffer) => {
      output = (output + chunk.toString()).slice(-20_000);
      const match = ready.exec(output);
      if (match?.[1]) {
        clearTimeout(timer);
        // From here on the output (a request log line per request) is drained, not kept:
        // the harness is the load generator and must not spend CPU on it.
        child.stdout.off("data", onData).resume();
        child.stderr.off("data", onData).resume();
        resolve({ name, child, url: match[1] });
      }
    };
    child.stdout.on("data", onData);
    child.stderr.on("data", onData);
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`${name}: exited with ${code} before ready:\n${output}`));
    });
  });
}

export async function stopServer(server: Server): Promise<void> {
  if (server.child.exitCode !== null || server.child.signalCode !== null) return;
  await new Promise<void>((resolve) => {
    const force = setTimeout(() => server.child.kill("SIGKILL"), 10_000);
    server.child.once("exit", () => {
      clearTimeout(force);
      resolve();
    });
    server.child.kill("SIGTERM");
  });
}

const clockTicks = (() => {
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
