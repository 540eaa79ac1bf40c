import { execFileSync, spawn } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { isDeepStrictEqual } from "node:util";
import { subgraphNames, type SubgraphName } from "../subgraphs/core/src/config";
import { freePort } from "../tests/helpers/ports";
import { createDataset, type BenchDataset, type BenchTenant } from "./dataset";
import { benchGatewayEnv } from "./lib/server-env";
import { loadRun, medianRun, type LoadRun, type LoadSettings } from "./lib/load";
import { profilesIn, summarizeProfile } from "./lib/profile";
import { childPids, root, startNodeServer, stopServer, type Server } from "./lib/processes";
import {
  peerLabels,
  ratiosOf,
  resultsFile,
  type BenchResults,
  type ClosedLoopFigure,
  type PeerId,
  type PeerResult,
  type ProfiledScenario,
  type ProfileFigures,
  type ResponseCacheFigure,
  type ScenarioResult,
  writeFormatted,
} from "./lib/results";
import { scenarios, type ScenarioId } from "./lib/scenarios";
import { renderTable } from "./report";

// `npm run bench`: the federation comparison (scenarios 1 and 2, peers a, a1, b–f, same data
// set, same run) on real PostgreSQL, then scenarios 3–5 through their own scripts with short
// settings; everything goes to bench/results/latest.json and the table is printed.
// Usage: npm run bench -- [--connections=20] [--duration=10] [--runs=3] [--warmup=3]
//          [--quick (3 s, 1 run, 2 s warm-up)] [--peers=a,a1,b,c,d,e,f] [--skip-others]
//          [--profile[=S]] [--keep-profiles=DIR]
const flags = new Map(
  process.argv
    .slice(2)
    .filter((arg) => arg.startsWith("--"))
    .map((arg) => {
      const [name = "", value = "true"] = arg.slice(2).split("=", 2);
      return [name, value] as const;
    }),
);
const quick = flags.has("quick");
const settings = {
  connections: Number(flags.get("connections") ?? 20),
  durationSeconds: Number(flags.get("duration") ?? (quick ? 3 : 10)),
  runs: Number(flags.get("runs") ?? (quick ? 1 : 3)),
  warmupSeconds: Number(flags.get("warmup") ?? (quick ? 2 : 3)),
  quick,
  redis: Boolean(process.env.REDIS_URL),
};
const selectedPeers = (flags.get("peers") ?? "a,a1,b,c,d,e,f").split(",") as PeerId[];
const serverUrl = process.env.DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";

// Peer (d) is its own npm package (bench/peers/hive), installed from its lock file on first use.
const hiveDir = path.join(root, "bench/peers/hive");

function ensureHiveInstalled(): void {
  if (existsSync(path.join(hiveDir, "node_modules/@graphql-hive/gateway"))) return;
  console.log("installing peer d (npm ci in bench/peers/hive)");
  try {
    execFileSync("npm", ["ci", "--no-audit", "--no-fund"], { cwd: hiveDir, stdio: ["ignore", "pipe", "pipe"] });
  } catch (error) {
    const stderr = String((error as { stderr?: Buffer }).stderr ?? "");
    const reason = stderr.split("\n").find((line) => line.startsWith("npm error")) ?? (error as Error).message;
    throw new Error(`npm ci in bench/peers/hive failed: ${reason}`);
  }
}

interface RunningPeer {
  url: string;
  /** Every server process whose CPU the peer's requests use (gateway + its workers + its HTTP subgraphs). */
  pids: number[];
}

function headersFor(tenant: BenchTenant): Record<string, string> {
  return { "content-type": "application/json", "x-api-key": tenant.platformKey, "client-x-api-key": tenant.clientKey };
}

/** Scenario 1 as a storefront asks it: every answer after the first comes from the response cache. */
function storefrontRequest(tenant: BenchTenant): { headers: Record<string, string>; body: string } {
  return {
    headers: {
      "content-type": "application/json",
      "x-api-key": tenant.platformKey,
      "client-x-api-key": tenant.storefrontKey,
    },
    body: JSON.stringify({ query: scenarios["1"].query }),
  };
}

async function answer(url: string, tenant: BenchTenant, query: string): Promise<unknown> {
  const response = await fetch(url, { method: "POST", headers: headersFor(tenant), body: JSON.stringify({ query }) });
  const text = await response.text();
  if (response.status !== 200) throw new Error(`HTTP ${response.status}: ${text.slice(0, 500)}`);
  const body = JSON.parse(text) as { data?: unknown; errors?: unknown[] };
  if (body.errors) throw new Error(`errors: ${JSON.stringify(body.errors).slice(0, 500)}`);
  return body.data;
}

/** Starts the servers behind each selected peer; a peer that cannot start is reported, not fatal. */
async function startPeers(
  dataset: BenchDataset,
  start: (name: string, script: string, env: NodeJS.ProcessEnv, ready: RegExp) => Promise<Server>,
): Promise<{ running: Partial<Record<PeerId, RunningPeer>>; notRun: Partial<Record<PeerId, PeerResult>> }> {
  const running: Partial<Record<PeerId, RunningPeer>> = {};
  const notRun: Partial<Record<PeerId, PeerResult>> = {};
  const subgraphs: Partial<Record<SubgraphName, Server>> = {};
  const overHttp = (peer: PeerId) => peer === "b" || peer === "c" || peer === "d";
  if (selectedPeers.some(overHttp)) {
    for (const name of subgraphNames) {
      subgraphs[name] = await start(
        `subgraph ${name}`,
        `subgraphs/${name}/src/main.ts`,
        { PORT: String(await freePort()) },
        /"url":"(http:\/\/[^"]+)"/,
      );
    }
  }
  const subgraphUrls = Object.fromEntries(subgraphNames.map((name) => [name, subgraphs[name]?.url ?? ""]));
  const subgraphPids = Object.values(subgraphs).map((server) => server.child.pid!);
  const gatewayReady = /GraphQL:\s+(http:\/\/\S+)/;
  const peerReady = /ready (http:\/\/\S+)/;
  const peerSettings = {
    BENCH_SUBGRAPH_URLS: JSON.stringify(subgraphUrls),
    BENCH_IDENTITIES: JSON.stringify(dataset.tenants),
  };
  const launch = (peer: PeerId, port: string): Promise<Server> => {
    switch (peer) {
      // One gateway process per core of the 2-core bench machine, as an operator would run it;
      // a1 keeps the single-process figure next to it.
      case "a":
        return start("a", "gateway/src/main.ts", { PORT: port, OMNI_GATEWAY_PROCESSES: "2" }, gatewayReady);
      case "a1":
        return start("a1", "gateway/src/main.ts", { PORT: port }, gatewayReady);
      case "b": {
        const urls = subgraphNames.map((name) => `${name}=${subgraphUrls[name]}`).join(",");
        return start("b", "gateway/src/main.ts", { PORT: port, OMNI_SUBGRAPH_URLS: urls }, gatewayReady);
      }
      case "c":
        return start("c", "bench/peers/stock-apollo.ts", { PORT: port, ...peerSettings }, peerReady);
      case "d":
        ensureHiveInstalled();
        return start("d", "bench/peers/hive/server.js", { PORT: port, ...peerSettings }, peerReady);
      case "e":
        return start("e", "bench/peers/monolith.ts", { PORT: port }, peerReady);
      case "f":
        return start("f", "bench/peers/floor.ts", { PORT: port, ...peerSettings }, peerReady);
    }
  };
  for (const peer of selectedPeers) {
    const label = peerLabels[peer];
    try {
      const server = await launch(peer, String(await freePort()));
      running[peer] = {
        url: server.url,
        pids: [server.child.pid!, ...childPids(server.child.pid!), ...(overHttp(peer) ? subgraphPids : [])],
      };
      console.log(`peer ${peer} (${label}) ready at ${server.url}`);
    } catch (error) {
      const reason = `did not start: ${(error as Error).message.slice(0, 400)}`;
      notRun[peer] = { status: "not run", reason, label };
      console.log(`peer ${peer} (${label}) not run: ${reason}`);
    }
  }
  return { running, notRun };
}

/** Checks every running peer's answer, then loads the ones that answered right. */
async function measureScenario(
  id: ScenarioId,
  tenant: BenchTenant,
  running: Partial<Record<PeerId, RunningPeer>>,
  notRun: Partial<Record<PeerId, PeerResult>>,
): Promise<ScenarioResult> {
  const scenario = scenarios[id];
  const peers: Partial<Record<PeerId, PeerResult>> = { ...notRun };
  // Same data, same answer: every peer must return exactly what (a) returns.
  const ours = running.a ?? running.a1;
  const reference = ours ? await answer(ours.url, tenant, scenario.query) : undefined;
  const checked: PeerId[] = [];
  for (const peer of Object.keys(running) as PeerId[]) {
    try {
      const data = (await answer(running[peer]!.url, tenant, scenario.query)) as Record<string, { edges: unknown[] }>;
      const edges = Object.values(data)[0]?.edges.length;
      if (edges !== scenario.expectedEdges) throw new Error(`${edges} edges, expected ${scenario.expectedEdges}`);
      if (reference !== undefined && !isDeepStrictEqual(data, reference)) {
        throw new Error(`its answer differs from peer ${running.a ? "a" : "a1"}'s`);
      }
      checked.push(peer);
    } catch (error) {
      peers[peer] = { status: "not run", reason: `wrong answer: ${(error as Error).message}`, label: peerLabels[peer] };
    }
  }
  const loadSettings: LoadSettings = { connections: settings.connections, durationSeconds: settings.durationSeconds };
  const request = { headers: headersFor(tenant), body: JSON.stringify({ query: scenario.query }) };
  for (const peer of checked) {
    console.log(`scenario ${id}, peer ${peer}: warm-up ${settings.warmupSeconds} s`);
    const warmup = { ...loadSettings, durationSeconds: settings.warmupSeconds };
    await loadRun(running[peer]!.url, request, warmup, running[peer]!.pids);
  }
  // Round robin (run 1 of every peer, then run 2, …) so a change in the machine's
  // background load spreads over all peers instead of landing on one.
  const runs = new Map<PeerId, LoadRun[]>(checked.map((peer) => [peer, []]));
  for (let round = 1; round <= settings.runs; round++) {
    for (const peer of checked) {
      const run = await loadRun(running[peer]!.url, request, loadSettings, running[peer]!.pids);
      runs.get(peer)!.push(run);
      console.log(
        `scenario ${id}, peer ${peer}, run ${round}: ${run.rps.toFixed(0)} rps, p50 ${run.p50Ms} ms, p99 ${run.p99Ms} ms, CPU ${run.cpuUsPerRequest.toFixed(0)} µs/req, failures ${run.failures}`,
      );
    }
  }
  for (const [peer, peerRuns] of runs) {
    peers[peer] = { status: "ok", median: medianRun(peerRuns), runs: peerRuns, label: peerLabels[peer] };
  }
  return { name: scenario.name, query: scenario.query, peers, ratios: ratiosOf(peers) };
}

type StartServer = (
  name: string,
  script: string,
  env: NodeJS.ProcessEnv,
  ready: RegExp,
  nodeArgs?: string[],
) => Promise<Server>;

/**
 * `--profile`: (a1) again, alone, under a V8 CPU profile, one process per scenario (the
 * profile is written when it exits): a warm-up, then S seconds of load, summarised by owner.
 * Apart from the measured runs, whose figures the profiler would slow down.
 * `--keep-profiles=DIR` also keeps each `.cpuprofile` there, for a closer look in DevTools.
 */
async function profileOurs(tenant: BenchTenant, start: StartServer): Promise<ProfileFigures> {
  const requested = flags.get("profile");
  const seconds = requested === "true" ? (quick ? 5 : 10) : Number(requested);
  const figures: ProfileFigures = { peer: "a1", seconds, scenarios: {} };
  const keepIn = flags.get("keep-profiles");
  if (keepIn) mkdirSync(keepIn, { recursive: true });
  const profiled: { id: ProfiledScenario; request: { headers: Record<string, string>; body: string } }[] = [
    ...(Object.keys(scenarios) as ScenarioId[]).map((id) => ({
      id,
      request: { headers: headersFor(tenant), body: JSON.stringify({ query: scenarios[id].query }) },
    })),
    { id: "1 cached", request: storefrontRequest(tenant) },
  ];
  for (const { id, request } of profiled) {
    const dir = mkdtempSync(path.join(os.tmpdir(), "omni-bench-profile-"));
    try {
      const server = await start(
        `a1 profiled, scenario ${id}`,
        "gateway/src/main.ts",
        { PORT: String(await freePort()) },
        /GraphQL:\s+(http:\/\/\S+)/,
        ["--cpu-prof", `--cpu-prof-dir=${dir}`],
      );
      const pids = [server.child.pid!];
      console.log(`profile of a1, scenario ${id}: warm-up ${settings.warmupSeconds} s, then ${seconds} s`);
      await loadRun(
        server.url,
        request,
        { connections: settings.connections, durationSeconds: settings.warmupSeconds },
        pids,
      );
      await loadRun(server.url, request, { connections: settings.connections, durationSeconds: seconds }, pids);
      await stopServer(server);
      const [file] = profilesIn(dir);
      if (!file) throw new Error(`a1 wrote no CPU profile into ${dir}`);
      if (keepIn) copyFileSync(file, path.join(keepIn, `a1-scenario-${id.replace(" ", "-")}.cpuprofile`));
      const { busySeconds, shares } = summarizeProfile(file, seconds);
      figures.scenarios[id] = { busySeconds, shares: shares.slice(0, 12) };
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  return figures;
}

async function main(): Promise<void> {
  const loadAverageAtStart = os.loadavg();
  const dataset = await createDataset(serverUrl);
  console.log(`data set: ${JSON.stringify(dataset.counts)} written in ${dataset.seconds.toFixed(1)} s`);
  const dataDirs: string[] = [];
  const servers: Server[] = [];
  const baseEnv: NodeJS.ProcessEnv = { ...benchGatewayEnv(dataset.url), OMNI_RUN_WORKERS: "false" };
  const start: StartServer = async (name, script, env, ready, nodeArgs = []) => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), "omni-bench-"));
    dataDirs.push(dataDir);
    const environment = { ...baseEnv, OMNI_DATA_DIR: dataDir, ...env };
    const server = await startNodeServer(name, script, environment, ready, undefined, nodeArgs);
    servers.push(server);
    return server;
  };

  const comparison = {} as BenchResults["comparison"];
  let profile: ProfileFigures | undefined;
  let responseCache: ResponseCacheFigure | undefined;
  try {
    const { running, notRun } = await startPeers(dataset, start);
    for (const id of Object.keys(scenarios) as ScenarioId[]) {
      comparison[id] = await measureScenario(id, dataset.tenants[0]!, running, notRun);
    }
    if (flags.has("profile")) profile = await profileOurs(dataset.tenants[0]!, start);
    responseCache = await measureResponseCache(dataset.tenants[0]!, running, comparison["1"]);
  } finally {
    for (const server of servers.reverse()) await stopServer(server);
    for (const dir of dataDirs) rmSync(dir, { recursive: true, force: true });
    await dataset.drop();
  }

  const others = flags.has("skip-others") ? [] : await runOtherScenarios();
  const cpuModel = /model name\s*:\s*(.+)/.exec(readFileSync("/proc/cpuinfo", "utf8"))?.[1] ?? "unknown";
  const results: BenchResults = {
    generatedAt: new Date().toISOString(),
    machine: {
      nproc: os.availableParallelism(),
      cpuModel,
      memoryGb: Math.round(os.totalmem() / 2 ** 30),
      node: process.version,
      loadAverageAtStart: loadAverageAtStart.map((load) => Math.round(load * 100) / 100),
    },
    noisy: loadAverageAtStart[0]! >= 1.5,
    settings,
    dataset: { counts: dataset.counts, seconds: Math.round(dataset.seconds * 10) / 10 },
    comparison,
    others,
    ...(profile && { profile }),
    ...(responseCache && { responseCache }),
  };
  mkdirSync(path.dirname(resultsFile), { recursive: true });
  await writeFormatted(resultsFile, JSON.stringify(results, null, 2));
  console.log(`\n${renderTable(results)}\nresults written to ${path.relative(root, resultsFile)}`);
}

/**
 * Scenario 1 again on our one-process peer (a1, else a), with the tenant's storefront-scoped
 * key: every answer after the first comes from the response cache (issue 19). Its figure sits
 * beside the same peer's uncached one (admin key, which is never cached) from this run.
 */
async function measureResponseCache(
  tenant: BenchTenant,
  running: Partial<Record<PeerId, RunningPeer>>,
  uncached: ScenarioResult,
): Promise<ResponseCacheFigure | undefined> {
  const peer: PeerId | undefined = running.a1 ? "a1" : running.a ? "a" : undefined;
  if (!peer) return undefined;
  const { url, pids } = running[peer]!;
  const label = `${peerLabels[peer]}, response cache`;
  const request = storefrontRequest(tenant);
  const uncachedResult = uncached.peers[peer];
  const uncachedRps = uncachedResult?.status === "ok" ? uncachedResult.median.rps : null;
  let cached: PeerResult;
  try {
    // The storefront's answer must be the admin key's (both read the published products) and a hit.
    const reference = await answer(url, tenant, scenarios["1"].query);
    let status: string | null = null;
    for (let attempt = 0; attempt < 2; attempt++) {
      const response = await fetch(url, { method: "POST", headers: request.headers, body: request.body });
      status = response.headers.get("x-omni-cache");
      const body = (await response.json()) as { data?: unknown };
      if (!isDeepStrictEqual(body.data, reference)) throw new Error("wrong answer: differs from the admin key's");
    }
    if (status !== "hit") throw new Error(`the second answer was not a cache hit (x-omni-cache: ${status})`);
    const loadSettings: LoadSettings = { connections: settings.connections, durationSeconds: settings.durationSeconds };
    console.log(`scenario 1 cached, peer ${peer}: warm-up ${settings.warmupSeconds} s`);
    await loadRun(url, request, { ...loadSettings, durationSeconds: settings.warmupSeconds }, pids);
    const runs: LoadRun[] = [];
    for (let round = 1; round <= settings.runs; round++) {
      const run = await loadRun(url, request, loadSettings, pids);
      runs.push(run);
      console.log(
        `scenario 1 cached, peer ${peer}, run ${round}: ${run.rps.toFixed(0)} rps, p50 ${run.p50Ms} ms, p99 ${run.p99Ms} ms, CPU ${run.cpuUsPerRequest.toFixed(0)} µs/req, failures ${run.failures}`,
      );
    }
    cached = { status: "ok", median: medianRun(runs), runs, label };
  } catch (error) {
    cached = { status: "not run", reason: (error as Error).message.slice(0, 300), label };
  }
  const cachedRps = cached.status === "ok" ? cached.median.rps : null;
  const ratio = cachedRps !== null && uncachedRps ? cachedRps / uncachedRps : null;
  console.log(
    `scenario 1, peer ${peer}: cached ${cachedRps?.toFixed(0) ?? "–"} rps, uncached ${uncachedRps?.toFixed(0) ?? "–"} rps`,
  );
  return { peer, cached, uncachedRps, ratio };
}

/** Runs a bench script to completion and returns its output (stdout and stderr). */
function runScript(script: string, args: string[], env: NodeJS.ProcessEnv): Promise<string> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ["-r", "@swc-node/register", script, ...args], {
      cwd: root,
      env: { ...process.env, ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.once("exit", (code) => resolve(code === 0 ? output : `${output}\nexited with ${code}`));
  });
}

/** Scenarios 3–5 through their own scripts, with short settings (they have their own full ones). */
async function runOtherScenarios(): Promise<ClosedLoopFigure[]> {
  const env = { DATABASE_URL: serverUrl, REDIS_URL: process.env.REDIS_URL ?? "" };
  const seconds = quick ? "3" : "5";
  const runs = quick ? "1" : "3";
  const figures: ClosedLoopFigure[] = [];
  const closedLoop = async (name: string, script: string, unit: string) => {
    console.log(`${name}: ${script} 20 ${seconds} ${runs}`);
    const output = await runScript(script, ["20", seconds, runs], env);
    const match = new RegExp(`median (\\d+) ${unit}/s, p50 ([\\d.]+) ms, p99 ([\\d.]+) ms`).exec(output);
    figures.push({
      name,
      rate: match ? Number(match[1]) : null,
      unit: `${unit}/s`,
      p50Ms: match ? Number(match[2]) : null,
      p99Ms: match ? Number(match[3]) : null,
      settings: `20 concurrent, ${seconds} s, median of ${runs}, real PostgreSQL${process.env.REDIS_URL ? " + Redis" : ""}`,
      output: match ? match[0] : `no figure: ${output.trim().split("\n").slice(-5).join(" | ")}`,
    });
  };
  await closedLoop("createOrder, 2 items (scenario 3)", "bench/create-order.ts", "orders");
  await closedLoop("Shopify webhook ingest (scenario 4)", "bench/webhook-ingest.ts", "deliveries");

  const changes = quick ? "100" : "1000";
  console.log(`response cache staleness: bench/staleness.ts ${changes}`);
  const staleness = await runScript("bench/staleness.ts", [changes], env);
  const stale = /p50 ([\d.]+) ms, p99 ([\d.]+) ms, (\d+) never seen within 10 s, (\d+) stale reads/.exec(staleness);
  figures.push({
    name: "response cache staleness (scenario 1 cached)",
    rate: null,
    unit: "commit→first fresh answer",
    p50Ms: stale ? Number(stale[1]) : null,
    p99Ms: stale ? Number(stale[2]) : null,
    staleReads: stale ? Number(stale[4]) + Number(stale[3]) : null,
    settings: `${changes} changes (names and stock) under cached storefront load, PostgreSQL${process.env.REDIS_URL ? " + Redis" : ""}`,
    output: stale
      ? (/^staleness: .*$/m.exec(staleness)?.[0] ?? stale[0])
      : `no figure: ${staleness.trim().split("\n").slice(-5).join(" | ")}`,
  });

  // Issue 19's goal is 10,000 subscribers on one process; quick runs take a tenth.
  const subscribers = quick ? "1000" : "10000";
  const events = "10";
  console.log(`subscription fan-out: bench/subscriptions.ts ${subscribers} --events=${events} --modes=shared`);
  const output = await runScript("bench/subscriptions.ts", [subscribers, `--events=${events}`, "--modes=shared"], env);
  const match = /N=(\d+) shared: connect ([\d.]+) s, p50 (\d+) ms, p99 (\d+) ms, (\d+)\/(\d+) delivered/.exec(output);
  // The summary table's row for the run: its last column is the gateway's CPU per delivery.
  const row = new RegExp(`^${subscribers}\\s+shared\\s.*\\s([\\d.]+)\\s*$`, "m").exec(output);
  const lost = /events lost \(not delivered\): (\d+)/.exec(output);
  figures.push({
    name: "subscription fan-out (scenario 5)",
    rate: null,
    unit: "event→delivery latency",
    p50Ms: match ? Number(match[3]) : null,
    p99Ms: match ? Number(match[4]) : null,
    cpuUsPerDelivery: row ? Number(row[1]) : null,
    lost: lost ? Number(lost[1]) : null,
    settings: `${subscribers} graphql-ws subscribers on one gateway process, ${events} events, same selection (shared), PostgreSQL${process.env.REDIS_URL ? " + Redis" : ""}`,
    output: match ? match[0] : `no figure: ${output.trim().split("\n").slice(-5).join(" | ")}`,
  });
  return figures;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
