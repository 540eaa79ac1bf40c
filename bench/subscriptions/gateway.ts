import { compiledEntry, launch, type LaunchedProcess } from "../../gateway/src/process/launcher";
import { printed } from "../../gateway/src/process/readiness";
import { cpuMs } from "../lib/processes";
import { Inspector } from "./inspector";
import { rssKb } from "./proc-readings";
import { sleep } from "./waiting";

/** The gateway under test, run as `npm start` runs it, in a process of its own. */
export interface Gateway {
  pid: number;
  url: string;
  /** How it exited ("code 1", "SIGKILL"); null while it runs. */
  exited: () => string | null;
  /** Log lines at warn level or above, and anything the gateway printed that is not JSON. */
  problems: string[];
  /** The gateway's inspector, to collect garbage before a memory reading (unless --no-gc). */
  inspector: Inspector | undefined;
  process: LaunchedProcess;
}

/** Node's own lines about the inspector, on stderr: not the gateway's problems. */
const inspectorNotice = /^(Debugger|For help, see|Waiting for the debugger)/;

export async function startGateway(
  env: NodeJS.ProcessEnv,
  dataDir: string,
  { collectGarbage }: { collectGarbage: boolean },
): Promise<Gateway> {
  // BENCH_NODE_ARGS="--max-old-space-size=…" or "--cpu-prof …" go to the gateway's node.
  // Its inspector (loopback, random port) only serves the GCs before memory readings.
  const nodeArgs = [
    ...(collectGarbage ? ["--inspect=127.0.0.1:0"] : []),
    ...(process.env.BENCH_NODE_ARGS ?? "").split(" ").filter(Boolean),
  ];
  const problems: string[] = [];
  let inspectorUrl: string | undefined;
  let serving = false;
  const gateway = launch({
    name: "gateway",
    ...compiledEntry("gateway/src/main.ts", { nodeArgs }),
    env: {
      ...env,
      OMNI_DATA_DIR: dataDir,
      PORT: "0",
      HOST: "127.0.0.1",
      NODE_ENV: "production",
      // One tenant drives all the changes: its request budget would be what is measured.
      OMNI_RATE_LIMIT_CAPACITY: "1000000000",
      OMNI_RATE_LIMIT_RESTORE: "1000000000",
    },
    // Its output is read for the whole run (a full pipe would stall the gateway) but only
    // its problems are kept.
    keepOutput: "until-ready",
    onLine(line, stream) {
      if (stream === "stderr") {
        inspectorUrl ??= /Debugger listening on (ws:\/\/\S+)/.exec(line)?.[1];
        if (!line.trim() || inspectorNotice.test(line)) return;
        process.stderr.write(`${line}\n`);
        if (serving) problems.push(`stderr: ${line.slice(0, 400)}`);
        return;
      }
      if (!serving || !line.trim()) return;
      try {
        const entry = JSON.parse(line) as { level?: number };
        if ((entry.level ?? 0) >= 40) problems.push(line.slice(0, 400));
      } catch {
        problems.push(line.slice(0, 400));
      }
    },
  });
  const url = (await gateway.ready(printed(/GraphQL:\s+(http:\/\/\S+)/), 120_000))[1]!;
  serving = true;
  return {
    pid: gateway.pid,
    url,
    exited: () => {
      const exit = gateway.exit();
      return exit ? (exit.signal ?? `code ${exit.code}`) : null;
    },
    problems,
    inspector: inspectorUrl ? await Inspector.connect(inspectorUrl) : undefined,
    process: gateway,
  };
}

export async function stopGateway(gateway: Gateway): Promise<void> {
  await gateway.inspector?.close();
  await gateway.process.stop({ graceMs: 15_000 });
}

/** RSS and V8 heap in use of the gateway, in KB, after a full GC when its inspector is there. */
export async function memoryKb(gateway: Gateway): Promise<{ rss: number; heap: number }> {
  let heap = NaN;
  if (gateway.inspector) {
    await gateway.inspector.send("HeapProfiler.collectGarbage");
    await gateway.inspector.send("HeapProfiler.collectGarbage");
    heap = Number((await gateway.inspector.send("Runtime.getHeapUsage")).usedSize) / 1024;
    await sleep(200);
  }
  return { rss: rssKb(gateway.pid), heap };
}

/** How long the gateway keeps burning CPU after a phase: wait until it is idle again (≤ 60 s). */
export async function settle(gateway: Gateway): Promise<void> {
  const endAt = Date.now() + 60_000;
  let last = cpuMs(gateway.pid);
  while (Date.now() < endAt && !gateway.exited()) {
    await sleep(500);
    const now = cpuMs(gateway.pid);
    if (now - last <= 50) return; // ≤ 10 % of one core over the last half second
    last = now;
  }
}
