import { execFile, execFileSync, spawn, type ChildProcess } from "node:child_process";
import { chownSync, existsSync, mkdtempSync, rmSync } from "node:fs";
import net from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { freePort } from "./ports";
import { waitFor } from "./wait";

/**
 * Redis and PostgreSQL servers of a test's own, on free 127.0.0.1 ports, that the test may
 * stop and start again (outages) without touching the shared servers.
 */
export interface RestartableServer {
  url: string;
  stop(): Promise<void>;
  start(): Promise<void>;
  /** Stops it and removes its files. */
  remove(): Promise<void>;
}

const accepts = (port: number) =>
  new Promise<boolean>((resolve) => {
    const socket = net.connect(port, "127.0.0.1");
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });

export const redisServerAvailable = (() => {
  try {
    execFileSync("redis-server", ["--version"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
})();

export async function startPrivateRedis(): Promise<RestartableServer> {
  const port = await freePort();
  let child: ChildProcess | undefined;
  const server: RestartableServer = {
    url: `redis://127.0.0.1:${port}`,
    async start() {
      child = spawn(
        "redis-server",
        ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
        { stdio: "ignore" },
      );
      await waitFor(() => accepts(port), 10_000, `redis-server on port ${port}`);
    },
    async stop() {
      const running = child;
      child = undefined;
      if (!running || running.exitCode !== null) return;
      await new Promise((resolve) => {
        running.once("exit", resolve);
        running.kill("SIGTERM");
      });
    },
    remove: () => server.stop(),
  };
  await server.start();
  return server;
}

const postgresBin = "/usr/lib/postgresql/15/bin";
export const privatePostgresAvailable = existsSync(path.join(postgresBin, "initdb"));

/** initdb refuses to run as root: as root, the cluster belongs to the `postgres` user. */
function postgresUser(): { uid: number; gid: number } | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const id = (flag: string) => Number(execFileSync("id", [flag, "postgres"]).toString().trim());
  return { uid: id("-u"), gid: id("-g") };
}

export async function startPrivatePostgres(): Promise<RestartableServer> {
  const dir = mkdtempSync(path.join(tmpdir(), "omni-pg-"));
  const user = postgresUser();
  if (user) chownSync(dir, user.uid, user.gid);
  const dataDir = path.join(dir, "data");
  // Asynchronous, so a gateway running in the test process keeps serving meanwhile.
  const run = (tool: string, args: string[]) =>
    promisify(execFile)(path.join(postgresBin, tool), args, { cwd: dir, ...user });
  await run("initdb", ["-D", dataDir, "-U", "postgres", "--auth=trust", "--no-sync"]);
  const port = await freePort();
  const options = `-c listen_addresses=127.0.0.1 -p ${port} -k ${dir} -c fsync=off`;
  let running = false;
  const server: RestartableServer = {
    url: `postgresql://postgres@127.0.0.1:${port}/postgres`,
    async start() {
      await run("pg_ctl", ["-D", dataDir, "-o", options, "-l", path.join(dir, "log"), "-w", "start"]);
      running = true;
    },
    async stop() {
      if (!running) return;
      running = false;
      await run("pg_ctl", ["-D", dataDir, "-m", "fast", "-w", "stop"]);
    },
    async remove() {
      await server.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  await server.start();
  return server;
}
