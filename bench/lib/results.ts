import { writeFileSync } from "node:fs";
import path from "node:path";
import { format, resolveConfig } from "prettier";
import type { LoadRun } from "./load";
import type { ProfileShares } from "./profile";

/** The file `npm run bench` writes and `npm run bench:report` renders. */
export const resultsFile = path.resolve(__dirname, "../results/latest.json");
export const chartFile = path.resolve(__dirname, "../results/chart.svg");

export type PeerId = "a" | "a1" | "b" | "c" | "d" | "e" | "f";

export const peerLabels: Record<PeerId, string> = {
  a: "ours, subgraphs in-process, 2 processes",
  a1: "ours, subgraphs in-process, 1 process",
  b: "our gateway, subgraphs over HTTP",
  c: "stock @apollo/gateway, HTTP subgraphs",
  d: "Hive Gateway (JS), HTTP subgraphs",
  e: "monolith: one graphql-js schema",
  f: "floor: node:http + pg, hand-written SQL",
};

/** Every peer, in the order the report lists them. */
export const peerIds: PeerId[] = ["a", "a1", "b", "c", "d", "e", "f"];

export type PeerResult = (
  { status: "ok"; median: LoadRun; runs: LoadRun[] } | { status: "not run"; reason: string }
) & {
  label: string;
};

export interface ScenarioResult {
  name: string;
  query: string;
  peers: Partial<Record<PeerId, PeerResult>>;
  ratios: ScenarioRatios;
}

/** A scenario's ratios (issue 19's goals and some for information); null when a peer has no figure. */
export interface ScenarioRatios {
  /** rps, (a) with its 2 processes against one-process peers: information, not a goal. */
  "a/c": number | null;
  "a/d": number | null;
  /** rps, one process against one process: the goals a1/c ≥ 2, a1/d ≥ 2, federation tax e/a1 ≤ 1.2. */
  "a1/c": number | null;
  "a1/d": number | null;
  "e/a1": number | null;
  /** CPU per request of (a1) ÷ the floor's (goal ≤ 2). */
  "a1/f cpu": number | null;
  /** Each measured peer's CPU per request ÷ the floor's (f itself is 1). Empty without (f). */
  cpuToFloor: Partial<Record<PeerId, number>>;
}

/**
 * The ratios from the peers' median runs. The report computes them again from the figures
 * rather than reading the stored ones, so a file written before a ratio existed still shows
 * it where its peers were measured.
 */
export function ratiosOf(peers: Partial<Record<PeerId, PeerResult>>): ScenarioRatios {
  const median = (peer: PeerId) => {
    const result = peers[peer];
    return result?.status === "ok" ? result.median : null;
  };
  const divide = (top: number | undefined, bottom: number | undefined) =>
    top !== undefined && bottom !== undefined && Number.isFinite(top) && Number.isFinite(bottom) && bottom > 0
      ? top / bottom
      : null;
  const rps = (x: PeerId, y: PeerId) => divide(median(x)?.rps, median(y)?.rps);
  const floorCpu = median("f")?.cpuUsPerRequest;
  const cpuToFloor: Partial<Record<PeerId, number>> = {};
  for (const peer of peerIds) {
    const ratio = divide(median(peer)?.cpuUsPerRequest, floorCpu);
    if (ratio !== null) cpuToFloor[peer] = ratio;
  }
  return {
    "a/c": rps("a", "c"),
    "a/d": rps("a", "d"),
    "a1/c": rps("a1", "c"),
    "a1/d": rps("a1", "d"),
    "e/a1": rps("e", "a1"),
    "a1/f cpu": cpuToFloor.a1 ?? null,
    cpuToFloor,
  };
}

/**
 * The ratios of each round alone: a round runs every peer once, back to back, so its ratios
 * share one stretch of the machine's background load. Their spread says how far the median
 * ratios can be trusted near a goal's line. Empty unless every measured peer has the round.
 */
export function roundRatiosOf(peers: Partial<Record<PeerId, PeerResult>>): ScenarioRatios[] {
  const measured = peerIds.flatMap((peer) => {
    const result = peers[peer];
    return result?.status === "ok" ? [[peer, result] as const] : [];
  });
  const rounds = Math.min(...measured.map(([, result]) => result.runs.length));
  if (measured.length === 0 || rounds < 2) return [];
  return Array.from({ length: rounds }, (_, round) =>
    ratiosOf(Object.fromEntries(measured.map(([peer, result]) => [peer, { ...result, median: result.runs[round]! }]))),
  );
}

export interface ClosedLoopFigure {
  name: string;
  rate: number | null;
  unit: string;
  p50Ms: number | null;
  p99Ms: number | null;
  /** Subscription fan-out only: the gateway's CPU per delivered event, and events never delivered. */
  cpuUsPerDelivery?: number | null;
  lost?: number | null;
  /** Response cache staleness only: answers older than one already seen, plus changes never seen. */
  staleReads?: number | null;
  settings: string;
  /** The script's own summary line(s), or why it did not run. */
  output: string;
}

/** `--profile`: where (a1) spent its CPU in each scenario, from a V8 CPU profile of its own run. */
/** Scenarios 1 and 2 uncached (admin key), and scenario 1 answered from the response cache. */
export type ProfiledScenario = "1" | "2" | "1 cached";

export interface ProfileFigures {
  peer: "a1";
  /** Seconds of load profiled per scenario (after a warm-up). */
  seconds: number;
  scenarios: Partial<Record<ProfiledScenario, ProfileShares>>;
}

/** Scenario 1 with a storefront-scoped key (issue 19), answered from the response cache, beside the same peer uncached. */
export interface ResponseCacheFigure {
  peer: PeerId;
  cached: PeerResult;
  /** The peer's scenario 1 median rps in the same run (admin key: never cached). */
  uncachedRps: number | null;
  /** cached / uncached rps; the goal is ≥ 10. */
  ratio: number | null;
}

export interface BenchResults {
  generatedAt: string;
  machine: { nproc: number; cpuModel: string; memoryGb: number; node: string; loadAverageAtStart: number[] };
  /** True when the machine was busy (1-minute load ≥ 1.5 at the start): the figures are noisy. */
  noisy: boolean;
  settings: {
    connections: number;
    durationSeconds: number;
    runs: number;
    warmupSeconds: number;
    quick: boolean;
    /** Whether the servers had REDIS_URL (event bus, shared rate-limit buckets, caches). */
    redis: boolean;
  };
  dataset: { counts: Record<string, number>; seconds: number };
  comparison: Record<"1" | "2", ScenarioResult>;
  others: ClosedLoopFigure[];
  profile?: ProfileFigures;
  /** Absent in runs before issue 19, and when neither a nor a1 ran. */
  responseCache?: ResponseCacheFigure;
}

/** Writes a generated file already formatted as `npm run lint` (prettier --check) wants it. */
export async function writeFormatted(file: string, text: string): Promise<void> {
  const options = await resolveConfig(file);
  writeFileSync(file, await format(text, { ...options, filepath: file }));
}
