import autocannon from "autocannon";
import { cpuMs } from "./processes";

export interface LoadSettings {
  connections: number;
  durationSeconds: number;
}

export interface LoadRun {
  rps: number;
  p50Ms: number;
  p99Ms: number;
  /** Responses other than 2xx, answers with GraphQL errors, socket errors and timeouts. */
  failures: number;
  /** CPU time the peer's server processes spent during the run, in ms. */
  cpuMs: number;
  /** That CPU time per answered request, in µs. */
  cpuUsPerRequest: number;
}

/**
 * A GraphQL server reports a failed field with 200 and `errors` beside partial data: a run
 * that counted only statuses would take those answers for right ones.
 */
const answeredWithoutErrors = (body: string): boolean => !body.includes('"errors":');

/**
 * One fixed-connection autocannon run (closed loop: each connection sends its next request
 * when the previous answer arrived) against `url`, with the servers' CPU time around it.
 */
export async function loadRun(
  url: string,
  request: { headers: Record<string, string>; body: string },
  settings: LoadSettings,
  serverPids: number[],
): Promise<LoadRun> {
  const cpuBefore = serverPids.reduce((sum, pid) => sum + cpuMs(pid), 0);
  const result = await autocannon({
    url,
    method: "POST",
    headers: request.headers,
    body: request.body,
    connections: settings.connections,
    duration: settings.durationSeconds,
    verifyBody: answeredWithoutErrors,
  });
  const cpu = serverPids.reduce((sum, pid) => sum + cpuMs(pid), 0) - cpuBefore;
  const answered = result.requests.total;
  return {
    rps: result.requests.average,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    failures: result.non2xx + result.mismatches + result.errors + result.timeouts,
    cpuMs: cpu,
    cpuUsPerRequest: answered > 0 ? (cpu * 1000) / answered : NaN,
  };
}

/** The run with the median rate (runs sorted by rps; the middle one, or the lower middle). */
export function medianRun(runs: LoadRun[]): LoadRun {
  const sorted = [...runs].sort((a, b) => a.rps - b.rps);
  return sorted[Math.floor((sorted.length - 1) / 2)]!;
}
