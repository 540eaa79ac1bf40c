import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import http from "node:http";
import { randomBytes } from "node:crypto";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { getHeapStatistics } from "node:v8";
import { createClient, type Client } from "graphql-ws";
import { Client as PgClient } from "pg";
import WebSocket from "ws";

// Subscription fan-out: the gateway runs as `npm start` does, in its own process (embedded
// PGlite, or a fresh database on DATABASE_URL's server, and Redis when REDIS_URL is set);
// this process opens N graphql-ws connections with one `stockChanged` subscription each,
// then fires M `setInventory` mutations over HTTP. Per N and mode it prints the connect
// time, the gateway's RSS per connection, event→delivery p50/p99 (receipt time minus the
// event's `at`; same machine, same clock), deliveries received vs expected and the
// gateway's CPU time per fired event.
//   shared:   every subscriber sends the same document (one `product { name }` fetch per event)
//   root-alias: each document differs by a unique alias, `p${i}: product { name }`
//   unshared: each document differs by a unique alias inside the entity, `product { n${i}: name }`
// The `root-alias` alias is replaced by the gateway's entity query alias, so it still shares
// one fetch; `unshared` is what one fetch per subscriber per event costs. That costs ~ms of
// gateway CPU per subscriber per event, so `unshared` runs only up to --unshared-max subscribers.
// Usage: npm run bench:subscriptions -- [N…=1000 5000 10000] [--events=20]
//          [--modes=shared,root-alias,unshared] [--unshared-max=1000]
const flags = new Map(
  process.argv
    .slice(2)
    .filter((arg) => arg.startsWith("--"))
    .map((arg) => arg.slice(2).split("=") as [string, string]),
);
const positional = process.argv
  .slice(2)
  .filter((arg) => !arg.startsWith("--"))
  .map(Number);
const sizes = positional.length > 0 ? positional : [1000, 5000, 10000];
const eventCount = Number(flags.get("events") ?? 20);
const spacingMs = 200;
const modes = (flags.get("modes") ?? "shared,root-alias,unshared").split(",") as Mode[];
const unsharedMax = Number(flags.get("unshared-max") ?? 1000);
const serverUrl = process.env.DATABASE_URL;
const root = path.resolve(__dirname, "..");

type Mode = "shared" | "root-alias" | "unshared";

if (sizes.some((n) => !Number.isInteger(n) || n < 1) || !Number.isInteger(eventCount) || eventCount < 1) {
  throw new Error("Usage: npm run bench:subscriptions -- [N…] [--events=M] [--modes=shared,root-alias,unshared]");
}

// ---------------------------------------------------------------- /proc readings

const clockTicks = (() => {
  try {
    return Number(execFileSync("getconf", ["CLK_TCK"]).toString().trim()) || 100;
  } catch {
    return 100;
  }
})();

function rssKb(pid: number): number {
  const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
  return Number(match?.[1] ?? NaN);
}

/** utime + stime of the process, in ms. */
function cpuMs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  // Fields after "(comm)": state is field 3, utime 14, stime 15.
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / clockTicks;
}

function fdCount(pid: number | "self"): number {
  return readdirSync(`/proc/${pid}/fd`).length;
}

function openFilesLimit(pid: number | "self"): number {
  const match = /Max open files\s+(\S+)/.exec(readFileSync(`/proc/${pid}/limits`, "utf8"));
  return match?.[1] === "unlimited" ? Infinity : Number(match?.[1] ?? NaN);
}

function memAvailableKb(): number {
  return Number(/MemAvailable:\s+(\d+) kB/.exec(readFileSync("/proc/meminfo", "utf8"))?.[1] ?? NaN);
}

function ephemeralPorts(): number {
  try {
    const [low, high] = readFileSync("/proc/sys/net/ipv4/ip_local_port_range", "utf8").trim().split(/\s+/).map(Number);
    return high! - low! + 1;
  } catch {
    return Infinity;
  }
}

// ---------------------------------------------------------------- helpers

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

class PhaseTimeout extends Error {}

async function waitUntil(condition: () => boolean, timeoutMs: number, what: string, pollMs = 20): Promise<void> {
  const endAt = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > endAt) throw new PhaseTimeout(`${what}: timed out after ${(timeoutMs / 1000).toFixed(0)} s`);
    await sleep(pollMs);
  }
}

const percentile = (sorted: number[], q: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;

async function admin(sql: string): Promise<void> {
  const client = new PgClient({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

interface Gateway {
  child: ChildProcess;
  pid: number;
  url: string;
  exited: () => string | null;
  /** Log lines at warn level or above, and anything the gateway printed that is not JSON. */
  problems: string[];
  /** The gateway's inspector, to collect garbage before a memory reading (unless --no-gc). */
  inspector: Inspector | undefined;
}

/** Just enough of the inspector protocol to run a full GC and read the heap in the gateway. */
class Inspector {
  private nextId = 1;
  private readonly pending = new Map<number, (result: Record<string, unknown>) => void>();

  private constructor(private readonly socket: WebSocket) {
    socket.on("message", (data: Buffer) => {
      const message = JSON.parse(data.toString()) as { id?: number; result?: Record<string, unknown> };
      if (message.id !== undefined) this.pending.get(message.id)?.(message.result ?? {});
      if (message.id !== undefined) this.pending.delete(message.id);
    });
  }

  static connect(url: string): Promise<Inspector> {
    const socket = new WebSocket(url);
    return new Promise((resolve, reject) => {
      socket.once("open", () => resolve(new Inspector(socket)));
      socket.once("error", reject);
    });
  }

  send(method: string): Promise<Record<string, unknown>> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`inspector ${method} timed out`)), 30_000);
      this.pending.set(id, (result) => {
        clearTimeout(timer);
        resolve(result);
      });
      this.socket.send(JSON.stringify({ id, method }));
    });
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      this.socket.once("close", () => resolve());
      this.socket.close();
    });
  }
}

function startGateway(env: NodeJS.ProcessEnv, dataDir: string): Promise<Gateway> {
  // BENCH_NODE_ARGS="--max-old-space-size=…" or "--cpu-prof …" go to the gateway's node.
  // Its inspector (loopback, random port) only serves the GCs before memory readings.
  const nodeArgs = [
    ...(flags.has("no-gc") ? [] : ["--inspect=127.0.0.1:0"]),
    ...(process.env.BENCH_NODE_ARGS ?? "").split(" ").filter(Boolean),
  ];
  const child = spawn(process.execPath, [...nodeArgs, "-r", "@swc-node/register", "gateway/src/main.ts"], {
    cwd: root,
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
    stdio: ["ignore", "pipe", "pipe"],
  });
  let exitedWith: string | null = null;
  const problems: string[] = [];
  child.once("exit", (code, signal) => (exitedWith = signal ?? `code ${code}`));
  let inspectorUrl: string | undefined;
  return new Promise((resolve, reject) => {
    let output = "";
    let ready = false;
    let partial = "";
    // Keep reading stdout for the whole run: a full pipe would stall the gateway.
    child.stdout!.on("data", (chunk: Buffer) => {
      if (!ready) {
        output += chunk.toString();
        const match = /GraphQL:\s+(http:\/\/\S+)/.exec(output);
        if (match?.[1]) {
          ready = true;
          const gateway = { child, pid: child.pid!, url: match[1], exited: () => exitedWith, problems };
          if (!inspectorUrl) resolve({ ...gateway, inspector: undefined });
          else Inspector.connect(inspectorUrl).then((inspector) => resolve({ ...gateway, inspector }), reject);
        }
        return;
      }
      const lines = (partial + chunk.toString()).split("\n");
      partial = lines.pop() ?? "";
      for (const line of lines) {
        if (!line.trim()) continue;
        try {
          const entry = JSON.parse(line) as { level?: number; msg?: string };
          if ((entry.level ?? 0) >= 40) problems.push(line.slice(0, 400));
        } catch {
          problems.push(line.slice(0, 400));
        }
      }
    });
    child.stderr!.on("data", (chunk: Buffer) => {
      const text = chunk
        .toString()
        .split("\n")
        .filter((line) => {
          const inspector = /Debugger listening on (ws:\/\/\S+)/.exec(line);
          if (inspector) inspectorUrl = inspector[1];
          return line.trim() && !/^(Debugger|For help, see|Waiting for the debugger)/.test(line);
        })
        .join("\n");
      if (!text) return;
      process.stderr.write(`${text}\n`);
      if (ready) problems.push(`stderr: ${text.slice(0, 400)}`);
    });
    child.once("exit", (code) => {
      if (!ready) reject(new Error(`gateway exited with ${code} before it was ready`));
    });
  });
}

async function stopGateway(gateway: Gateway): Promise<void> {
  await gateway.inspector?.close();
  if (gateway.exited()) return;
  const exited = new Promise((resolve) => gateway.child.once("exit", resolve));
  gateway.child.kill("SIGTERM");
  const timer = setTimeout(() => gateway.child.kill("SIGKILL"), 15_000);
  await exited;
  clearTimeout(timer);
}

// ---------------------------------------------------------------- the bench

interface Api {
  call(query: string, variables?: Record<string, unknown>): Promise<Record<string, { id: string }>>;
}

interface RunResult {
  n: number;
  mode: Mode | "baseline";
  connectS: number;
  rssPerConnKb: number;
  heapPerConnKb: number;
  p50: number;
  p99: number;
  delivered: number;
  expected: number;
  cpuPerEventMs: number;
  cpuPerDeliveryUs: number;
  notes: string[];
}

/** RSS and V8 heap in use of the gateway, in KB, after a full GC when its inspector is there. */
async function memoryKb(gateway: Gateway): Promise<{ rss: number; heap: number }> {
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
async function settle(gateway: Gateway): Promise<void> {
  const endAt = Date.now() + 60_000;
  let last = cpuMs(gateway.pid);
  while (Date.now() < endAt && !gateway.exited()) {
    await sleep(500);
    const now = cpuMs(gateway.pid);
    if (now - last <= 50) return; // ≤ 10 % of one core over the last half second
    last = now;
  }
}

async function main(): Promise<void> {
  const dataDir = mkdtempSync(path.join(tmpdir(), "omni-bench-subs-"));
  const { DATABASE_URL: _unused, ...inherited } = process.env;
  const env: NodeJS.ProcessEnv = { ...inherited };
  let databaseName: string | undefined;
  if (serverUrl) {
    databaseName = `omni_bench_${randomBytes(4).toString("hex")}`;
    await admin(`create database ${databaseName}`);
    env.DATABASE_URL = Object.assign(new URL(serverUrl), { pathname: `/${databaseName}` }).toString();
  }
  const backend = `${serverUrl ? "PostgreSQL" : "embedded PGlite"}, ${process.env.REDIS_URL ? "Redis" : "in-memory"} event bus`;
  let gateway: Gateway | undefined;
  try {
    gateway = await startGateway(env, dataDir);
    const gw = gateway;
    const keys = JSON.parse(readFileSync(path.join(dataDir, "demo-keys.json"), "utf8")) as Record<string, string>;
    const keyParams = { "x-api-key": keys.platformApiKey ?? "", "client-x-api-key": keys.clientApiKey ?? "" };
    // A new TCP connection per call: a kept-alive socket that the busy gateway times out
    // just as it is reused would fail a mutation with ECONNRESET.
    const api: Api = {
      call: (query, variables = {}) =>
        new Promise((resolve, reject) => {
          const payload = JSON.stringify({ query, variables });
          const request = http.request(
            gw.url,
            {
              method: "POST",
              agent: false,
              timeout: 30_000,
              headers: {
                "content-type": "application/json",
                "content-length": Buffer.byteLength(payload),
                ...keyParams,
              },
            },
            (response) => {
              let text = "";
              response.setEncoding("utf8");
              response.on("data", (chunk: string) => (text += chunk));
              response.on("end", () => {
                try {
                  const body = JSON.parse(text) as { data?: Record<string, { id: string }>; errors?: unknown[] };
                  if (body.errors) reject(new Error(JSON.stringify(body.errors)));
                  else resolve(body.data!);
                } catch {
                  reject(new Error(`HTTP ${response.statusCode}: ${text.slice(0, 200)}`));
                }
              });
              response.on("error", reject);
            },
          );
          request.on("timeout", () => request.destroy(new Error("request timed out after 30 s")));
          request.on("error", reject);
          request.end(payload);
        }),
    };
    const locationId = (
      await api.call('mutation { createLocation(input: { name: "Bench", code: "BENCH-SUBS" }) { id } }')
    ).createLocation!.id;
    const productId = (
      await api.call(
        'mutation { createProduct(input: { sku: "BENCH-SUBS", name: "Bench subscriptions", price: "9.99" }) { id } }',
      )
    ).createProduct!.id;
    await api.call("mutation ($id: ID!) { publishProduct(id: $id) { id } }", { id: productId });
    let stockValue = 0;
    const setInventory = (onHand: number) =>
      api.call("mutation ($i: SetInventoryInput!) { setInventory(input: $i) { id } }", {
        i: { productId, locationId, onHand },
      });
    await setInventory(++stockValue);

    const selfLimit = openFilesLimit("self");
    const gatewayLimit = openFilesLimit(gw.pid);
    const ports = ephemeralPorts();
    console.log(
      `subscriptions bench: ${backend}, ${eventCount} events ${spacingMs} ms apart per run, modes ${modes.join(", ")}`,
    );
    console.log(
      `  open files limit: bench ${selfLimit}, gateway ${gatewayLimit}; ephemeral ports ${ports}; ` +
        `MemAvailable ${(memAvailableKb() / 1024).toFixed(0)} MB; V8 heap limit ${(getHeapStatistics().heap_size_limit / 2 ** 20).toFixed(0)} MB; ` +
        `CLK_TCK ${clockTicks}; gateway pid ${gw.pid}, RSS ${(rssKb(gw.pid) / 1024).toFixed(0)} MB`,
    );

    /** Fires the M events and waits for their deliveries (or for deliveries to stop arriving). */
    const fire = async (
      expectedPerEvent: number,
      delivered: () => number,
    ): Promise<{ values: number[]; cpu: number; timedOut: string | null; failures: string[] }> => {
      const values: number[] = [];
      const failures: string[] = [];
      const cpuBefore = cpuMs(gw.pid);
      for (let k = 0; k < eventCount; k++) {
        const startedAt = Date.now();
        const value = ++stockValue;
        values.push(value);
        await setInventory(value).catch((error: unknown) =>
          failures.push(`setInventory #${k + 1} failed: ${error instanceof Error ? error.message : String(error)}`),
        );
        await sleep(Math.max(0, spacingMs - (Date.now() - startedAt)));
      }
      let timedOut: string | null = null;
      const expected = expectedPerEvent * eventCount;
      // Done when all arrived; give up when nothing new arrived for 15 s, or after 180 s.
      const hardEnd = Date.now() + 180_000;
      let lastCount = delivered();
      let lastProgress = Date.now();
      while (delivered() < expected) {
        if (gw.exited()) throw new Error(`gateway exited (${gw.exited()})`);
        await sleep(20);
        if (delivered() !== lastCount) {
          lastCount = delivered();
          lastProgress = Date.now();
        } else if (Date.now() - lastProgress > 15_000) {
          timedOut = "no delivery for 15 s";
          break;
        }
        if (Date.now() > hardEnd) {
          timedOut = "delivery phase over 180 s";
          break;
        }
      }
      return { values, cpu: cpuMs(gw.pid) - cpuBefore, timedOut, failures };
    };

    // Baseline: the same mutations with nobody subscribed, for the cost of the mutation itself.
    await settle(gw);
    const baseline = await fire(0, () => 0);
    const results: RunResult[] = [
      {
        n: 0,
        mode: "baseline",
        connectS: NaN,
        rssPerConnKb: NaN,
        heapPerConnKb: NaN,
        p50: NaN,
        p99: NaN,
        delivered: 0,
        expected: 0,
        cpuPerEventMs: baseline.cpu / eventCount,
        cpuPerDeliveryUs: NaN,
        notes: [],
      },
    ];

    const run = async (n: number, mode: Mode): Promise<RunResult> => {
      const notes: string[] = [];
      await settle(gw);
      const fdsBefore = fdCount(gw.pid);
      const memoryBefore = await memoryKb(gw);
      const rssBefore = memoryBefore.rss;
      const benchRssBefore = process.memoryUsage().rss;
      const problemsBefore = gw.problems.length;

      // Deliveries per fired value per subscriber (a duplicate shows up as a count of 2).
      const counts = new Map<number, Uint8Array>();
      const latencies: number[] = [];
      let delivered = 0;
      let duplicates = 0;
      let unexpected = 0;
      let missingName = 0;
      const errors: string[] = [];
      const closes = new Map<number, number>();
      const track = (values: number[]) => values.forEach((value) => counts.set(value, new Uint8Array(n)));

      const clients: Client[] = [];
      let connected = 0;
      let refused = 0;
      let closed = 0;
      const documentFor = (i: number) => {
        const entity =
          mode === "shared"
            ? "product { name }"
            : mode === "root-alias"
              ? `p${i}: product { name }`
              : `product { n${i}: name }`;
        return `subscription ($id: ID!) { stockChanged(productId: $id) { ${entity} onHand at } }`;
      };
      const nameOf = (i: number, event: Record<string, unknown>) => {
        const product = event[mode === "root-alias" ? `p${i}` : "product"] as Record<string, unknown> | undefined;
        return product?.[mode === "unshared" ? `n${i}` : "name"];
      };
      const open = (i: number) =>
        new Promise<void>((resolve) => {
          let settled = false;
          const done = () => {
            if (!settled) {
              settled = true;
              resolve();
            }
          };
          const client = createClient({
            url: gw.url.replace(/^http/, "ws"),
            webSocketImpl: WebSocket,
            connectionParams: keyParams,
            lazy: false,
            retryAttempts: 0,
            onNonLazyError: () => undefined,
            on: {
              connected: () => {
                connected++;
                done();
              },
              closed: (event) => {
                closed++;
                const code = (event as { code?: number }).code ?? 0;
                closes.set(code, (closes.get(code) ?? 0) + 1);
                if (!settled) refused++;
                done();
              },
              error: (error) => {
                if (errors.length < 5) errors.push(`socket ${i}: ${String((error as Error)?.message ?? error)}`);
                if (!settled) refused++;
                done();
              },
            },
          });
          clients[i] = client;
          client.subscribe<{ stockChanged: Record<string, unknown> }>(
            { query: documentFor(i), variables: { id: productId } },
            {
              next: (result) => {
                const receivedAt = Date.now();
                const event = result.data?.stockChanged;
                if (result.errors?.length && errors.length < 5) errors.push(JSON.stringify(result.errors));
                if (!event) return;
                const perSubscriber = counts.get(event.onHand as number);
                if (!perSubscriber) {
                  unexpected++;
                  return;
                }
                if (perSubscriber[i]! > 0) duplicates++;
                perSubscriber[i]!++;
                if (!nameOf(i, event)) missingName++;
                if (perSubscriber !== warmupCounts) {
                  delivered++;
                  latencies.push(receivedAt - Date.parse(event.at as string));
                } else warmedUp++;
              },
              error: (error) => {
                if (errors.length < 5) errors.push(`subscription ${i}: ${JSON.stringify(error)}`);
              },
              complete: () => undefined,
            },
          );
        });

      // Connect: 200 handshakes in flight at a time.
      let warmedUp = 0;
      let warmupCounts: Uint8Array | undefined;
      const connectStarted = performance.now();
      const connectDeadline = Date.now() + 30_000 + n * 10;
      let next = 0;
      const openAll = Promise.all(
        Array.from({ length: Math.min(200, n) }, async () => {
          while (next < n && Date.now() < connectDeadline && refused === 0) await open(next++);
        }),
      );
      await openAll;
      const connectS = (performance.now() - connectStarted) / 1000;
      let rssAfter = rssKb(gw.pid);
      const fdsAfter = fdCount(gw.pid);
      const benchRssAfter = process.memoryUsage().rss;
      const result: RunResult = {
        n,
        mode,
        connectS,
        rssPerConnKb: (rssAfter - rssBefore) / n,
        heapPerConnKb: NaN,
        p50: NaN,
        p99: NaN,
        delivered: 0,
        expected: n * eventCount,
        cpuPerEventMs: NaN,
        cpuPerDeliveryUs: NaN,
        notes,
      };
      notes.push(
        `gateway fds ${fdsBefore} → ${fdsAfter} once connected; ` +
          `bench RSS ${((benchRssAfter - benchRssBefore) / 1024 / n).toFixed(1)} KB/conn`,
      );
      try {
        if (connected < n) {
          throw new PhaseTimeout(
            `connected ${connected} of ${n} (refused/failed ${refused}, close codes ${JSON.stringify([...closes])})`,
          );
        }
        // Warm-up event: proves every subscription is registered before the measured events.
        const warmupValue = ++stockValue;
        warmupCounts = new Uint8Array(n);
        counts.set(warmupValue, warmupCounts);
        const warmupStarted = performance.now();
        await setInventory(warmupValue);
        await waitUntil(
          () => warmedUp >= n || gw.exited() !== null,
          30_000 + n * 10,
          `warm-up (${warmedUp}/${n})`,
        ).catch((error: unknown) => {
          if (!(error instanceof PhaseTimeout)) throw error;
          notes.push(`warm-up event reached ${warmedUp} of ${n} subscribers`);
        });
        if (warmedUp >= n) {
          notes.push(`warm-up event reached all in ${((performance.now() - warmupStarted) / 1000).toFixed(2)} s`);
        }
        await settle(gw);
        // Every subscription is registered now: the memory they hold is in the RSS.
        const memoryAfter = await memoryKb(gw);
        rssAfter = memoryAfter.rss;
        result.rssPerConnKb = (rssAfter - rssBefore) / n;
        result.heapPerConnKb = (memoryAfter.heap - memoryBefore.heap) / n;
        notes.push(
          `gateway after subscribing${gw.inspector ? " (after GC)" : ""}: RSS ${(rssBefore / 1024).toFixed(0)} → ${(rssAfter / 1024).toFixed(0)} MB, ` +
            `heap ${(memoryBefore.heap / 1024).toFixed(0)} → ${(memoryAfter.heap / 1024).toFixed(0)} MB`,
        );

        // The measured events: their onHand values are known before they are fired.
        const values = Array.from({ length: eventCount }, (_, k) => stockValue + 1 + k);
        track(values);
        const fired = await fire(n, () => delivered);
        if (fired.values.join() !== values.join()) throw new Error("fired values out of step");
        notes.push(...fired.failures);
        if (fired.timedOut) notes.push(`delivery phase ended: ${fired.timedOut}`);
        latencies.sort((a, b) => a - b);
        Object.assign(result, {
          p50: percentile(latencies, 0.5),
          p99: percentile(latencies, 0.99),
          delivered,
          cpuPerEventMs: fired.cpu / eventCount,
          cpuPerDeliveryUs: delivered > 0 ? (fired.cpu * 1000) / delivered : NaN,
        });
        const lostPerEvent = values.map((value) => counts.get(value)!.reduce((sum, c) => sum + (c === 0 ? 1 : 0), 0));
        if (lostPerEvent.some((lost) => lost > 0)) notes.push(`not delivered, per event: ${lostPerEvent.join(" ")}`);
      } catch (error) {
        notes.push(error instanceof PhaseTimeout ? error.message : `failed: ${String(error)}`);
        if (gw.exited()) notes.push(`gateway exited (${gw.exited()})`);
      } finally {
        if (duplicates) notes.push(`duplicate deliveries: ${duplicates}`);
        if (unexpected) notes.push(`deliveries of unknown events: ${unexpected}`);
        if (missingName) notes.push(`deliveries without product name: ${missingName}`);
        if (errors.length) notes.push(`errors: ${errors.join(" | ")}`);
        // Close every client before the next run and wait for the gateway to let go of them.
        const opened = clients.filter(Boolean).length;
        await Promise.all(clients.map((client) => client?.dispose()));
        await waitUntil(() => closed >= opened, 30_000, `closing clients (${closed}/${opened})`).catch(
          (error: unknown) => notes.push(error instanceof Error ? error.message : String(error)),
        );
        await waitUntil(
          () => gw.exited() !== null || fdCount(gw.pid) <= fdsBefore + 5,
          30_000,
          "gateway releasing sockets",
          200,
        ).catch(() => undefined);
        await settle(gw);
        if (!gw.exited()) {
          const memoryClosed = await memoryKb(gw);
          notes.push(
            `after close: gateway fds ${fdCount(gw.pid)}, RSS ${(memoryClosed.rss / 1024).toFixed(0)} MB ` +
              `(${((memoryClosed.rss - rssBefore) / 1024).toFixed(0)} MB vs before connecting), ` +
              `heap ${(memoryClosed.heap / 1024).toFixed(0)} MB (${((memoryClosed.heap - memoryBefore.heap) / 1024).toFixed(0)} MB)`,
          );
        }
        const newProblems = gw.problems.slice(problemsBefore);
        if (newProblems.length) {
          notes.push(
            `gateway logged ${newProblems.length} warnings/errors, first: ${newProblems.slice(0, 3).join(" | ")}`,
          );
        }
      }
      return result;
    };

    let stopReason: string | null = null;
    let perConnKb = 0; // gateway + bench, from the last run: to tell whether the next N fits in memory
    for (const n of sizes) {
      const gatewayFds = fdCount(gw.pid);
      const selfFds = fdCount("self");
      if (n + gatewayFds + 100 > gatewayLimit || n + selfFds + 100 > selfLimit) {
        stopReason = `N=${n} needs ~${n + Math.max(gatewayFds, selfFds) + 100} open files; limit is bench ${selfLimit}, gateway ${gatewayLimit} (raise ulimit -n)`;
        break;
      }
      if (n + 1000 > ports) {
        stopReason = `N=${n} needs ${n} ephemeral ports; the range has ${ports}`;
        break;
      }
      const neededKb = perConnKb * n * 1.5;
      if (neededKb > memAvailableKb() * 0.7) {
        stopReason = `N=${n} needs ~${(neededKb / 1024).toFixed(0)} MB by the last run's per-connection figures; MemAvailable is ${(memAvailableKb() / 1024).toFixed(0)} MB`;
        break;
      }
      for (const mode of modes) {
        if (gw.exited()) break;
        if (mode === "unshared" && n > unsharedMax) {
          console.log(`  N=${n} unshared: skipped (above --unshared-max=${unsharedMax})`);
          continue;
        }
        const benchRssBefore = process.memoryUsage().rss;
        const result = await run(n, mode);
        results.push(result);
        perConnKb = Math.max(
          perConnKb,
          result.rssPerConnKb + (process.memoryUsage().rss - benchRssBefore) / 1024 / n,
          result.rssPerConnKb * 2,
        );
        console.log(
          `  N=${n} ${mode}: connect ${result.connectS.toFixed(1)} s, p50 ${result.p50} ms, p99 ${result.p99} ms, ` +
            `${result.delivered}/${result.expected} delivered`,
        );
        for (const note of result.notes) console.log(`      ${note}`);
      }
      if (gw.exited()) {
        stopReason = `gateway exited (${gw.exited()}) during N=${n}${gw.problems.length ? `: ${gw.problems.at(-1)}` : ""}`;
        break;
      }
    }

    const fmt = (value: number, digits = 0) => (Number.isFinite(value) ? value.toFixed(digits) : "-");
    const rows = [
      [
        "N",
        "mode",
        "connect s",
        "RSS/conn KB",
        "heap/conn KB",
        "p50 ms",
        "p99 ms",
        "delivered/expected",
        "CPU ms/event",
        "CPU µs/delivery",
      ],
      ...results.map((r) => [
        String(r.n),
        r.mode,
        fmt(r.connectS, 1),
        fmt(r.rssPerConnKb, 1),
        fmt(r.heapPerConnKb, 1),
        fmt(r.p50),
        fmt(r.p99),
        r.mode === "baseline" ? "-" : `${r.delivered}/${r.expected}`,
        fmt(r.cpuPerEventMs, 1),
        fmt(r.cpuPerDeliveryUs, 1),
      ]),
    ];
    const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
    console.log("");
    console.log(`subscriptions: ${backend}, ${eventCount} events per run, gateway CPU = utime+stime of its process`);
    for (const row of rows) {
      console.log(
        row
          .map((cell, column) => (column < 2 ? cell.padEnd(widths[column]!) : cell.padStart(widths[column]!)))
          .join("  "),
      );
    }
    const lost = results.reduce((sum, r) => sum + (r.mode === "baseline" ? 0 : r.expected - r.delivered), 0);
    console.log(`events lost (not delivered): ${lost}`);
    if (stopReason) console.log(`stopped early: ${stopReason}`);
    if (gw.problems.length) console.log(`gateway warnings/errors during the bench: ${gw.problems.length}`);
  } finally {
    if (gateway) await stopGateway(gateway);
    rmSync(dataDir, { recursive: true, force: true });
    if (databaseName) await admin(`drop database if exists ${databaseName} with (force)`);
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
