import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";

export const root = path.resolve(__dirname, "../..");

export interface StartedProcess {
  child: ChildProcess;
  url: string;
  output: string;
}

/** `npm start` as a user runs it, minus npm itself: the same command the script holds. */
export function startGatewayProcess(env: NodeJS.ProcessEnv, nodeArgs: string[] = []): Promise<StartedProcess> {
  const child = spawn(process.execPath, [...nodeArgs, "-r", "@swc-node/register", "gateway/src/main.ts"], {
    cwd: root,
    env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  return new Promise((resolve, reject) => {
    // A start composes the supergraph and opens the database: seconds, or far more on a busy machine.
    const timer = setTimeout(() => reject(new Error(`no ready line within 120 s:\n${output}`)), 120_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /GraphQL:\s+(http:\/\/\S+)/.exec(output);
      if (match?.[1] && output.includes("x-admin-key")) {
        clearTimeout(timer);
        resolve({ child, url: match[1], output });
      }
    };
    child.stdout.on("data", onData);
    child.stderr.on("data", onData);
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`exited with ${code} before ready:\n${output}`));
    });
  });
}

export function stopProcess(child: ChildProcess, signal: NodeJS.Signals = "SIGTERM"): Promise<number | null> {
  return new Promise((resolve) => {
    child.once("exit", (code) => resolve(code));
    child.kill(signal);
  });
}

export interface ExitedProcess {
  code: number | null;
  signal: NodeJS.Signals | null;
  output: string;
}

/** The gateway's own command, run until it exits by itself (a crash test's failpoint). */
export function runGatewayUntilExit(env: NodeJS.ProcessEnv, timeoutMs = 60_000): Promise<ExitedProcess> {
  const child = spawn(process.execPath, ["-r", "@swc-node/register", "gateway/src/main.ts"], {
    cwd: root,
    env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`still running after ${timeoutMs} ms:\n${output}`));
    }, timeoutMs);
    child.once("exit", (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, output });
    });
  });
}
