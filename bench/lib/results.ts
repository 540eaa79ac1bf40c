import { writeFileSync } from "node:fs";
import path from "node:path";
import { format, resolveConfig } from "prettier";
import type { LoadRun } from "./load";

/** The file `npm run bench` writes and `npm run bench:report` renders. */
export const resultsFile = path.resolve(__dirname, "../results/latest.json");
export const chartFile = path.resolve(__dirname, "../results/chart.svg");

export type PeerId = "a" | "a1" | "b" | "c" | "d" | "e";

export const peerLabels: Record<PeerId, string> = {
  a: "ours, subgraphs in-process, 2 processes",
  a1: "ours, subgraphs in-process, 1 process",
  b: "our gateway, subgraphs over HTTP",
  c: "stock @apollo/gateway, HTTP subgraphs",
  d: "Hive Gateway (JS), HTTP subgraphs",
  e: "monolith: one graphql-js schema",
};

export type PeerResult = (
  { status: "ok"; median: LoadRun; runs: LoadRun[] } | { status: "not run"; reason: string }
) & {
  label: string;
};

export interface ScenarioResult {
  name: string;
  query: string;
  peers: Partial<Record<PeerId, PeerResult>>;
  /** rps ratios; null when a peer has no figure. */
  ratios: { "a/c": number | null; "a/d": number | null; "e/a": number | null };
}

export interface ClosedLoopFigure {
  name: string;
  rate: number | null;
  unit: string;
  p50Ms: number | null;
  p99Ms: number | null;
  settings: string;
  /** The script's own summary line(s), or why it did not run. */
  output: string;
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
  /** Absent in runs before issue 19, and when neither a nor a1 ran. */
  responseCache?: ResponseCacheFigure;
}

/** Writes a generated file already formatted as `npm run lint` (prettier --check) wants it. */
export async function writeFormatted(file: string, text: string): Promise<void> {
  const options = await resolveConfig(file);
  writeFileSync(file, await format(text, { ...options, filepath: file }));
}
