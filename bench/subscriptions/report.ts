import type { Mode } from "./options";

/** One line of the table: a subscriber count and mode, or the baseline with nobody subscribed. */
export interface RunResult {
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

export function printRunLine(result: RunResult): void {
  console.log(
    `  N=${result.n} ${result.mode}: connect ${result.connectS.toFixed(1)} s, p50 ${result.p50} ms, p99 ${result.p99} ms, ` +
      `${result.delivered}/${result.expected} delivered`,
  );
  for (const note of result.notes) console.log(`      ${note}`);
}

export interface Summary {
  backend: string;
  eventCount: number;
  results: RunResult[];
  stopReason: string | null;
  gatewayProblems: number;
}

export function printSummary({ backend, eventCount, results, stopReason, gatewayProblems }: Summary): void {
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
  if (gatewayProblems) console.log(`gateway warnings/errors during the bench: ${gatewayProblems}`);
}
