import { cpuPerOperation, formatCpu, type CpuPerOperation, type cpuMeter } from "./cpu-meter";

export interface LoadResult {
  rate: number;
  p50: number;
  p99: number;
  failures: number;
  /** With a meter: who spent how much CPU per successful call. */
  cpu?: CpuPerOperation;
}

/**
 * `concurrency` callers each calling `call` back to back for `durationMs`: the rate of
 * successful calls per second and their latency percentiles, and with a meter the CPU each
 * call cost, by process.
 */
export async function closedLoop(
  concurrency: number,
  durationMs: number,
  call: () => Promise<unknown>,
  meter?: ReturnType<typeof cpuMeter>,
): Promise<LoadResult> {
  const latencies: number[] = [];
  let failures = 0;
  const before = meter?.snapshot();
  const endAt = performance.now() + durationMs;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < endAt) {
        const startedAt = performance.now();
        try {
          await call();
          latencies.push(performance.now() - startedAt);
        } catch {
          failures++;
        }
      }
    }),
  );
  const cpu = before && cpuPerOperation(before, meter!.snapshot(), latencies.length);
  latencies.sort((a, b) => a - b);
  const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? NaN;
  return { rate: latencies.length / (durationMs / 1000), p50: at(0.5), p99: at(0.99), failures, ...(cpu && { cpu }) };
}

/** A warm-up, then `runs` measured runs printed one by one; returns the run with the median rate. */
export async function medianOfRuns(
  runs: number,
  seconds: number,
  unit: string,
  measure: (durationMs: number) => Promise<LoadResult>,
): Promise<LoadResult> {
  await measure(3000);
  const results: LoadResult[] = [];
  for (let run = 1; run <= runs; run++) {
    const result = await measure(seconds * 1000);
    results.push(result);
    console.log(
      `run ${run}: ${result.rate.toFixed(0)} ${unit}/s, p50 ${result.p50.toFixed(1)} ms, p99 ${result.p99.toFixed(1)} ms, failures ${result.failures}${result.cpu ? `; ${formatCpu(result.cpu)}` : ""}`,
    );
  }
  return [...results].sort((a, b) => a.rate - b.rate)[Math.floor(results.length / 2)]!;
}
