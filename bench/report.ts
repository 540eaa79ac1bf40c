import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import {
  chartFile,
  resultsFile,
  writeFormatted,
  type BenchResults,
  type PeerId,
  type ScenarioResult,
} from "./lib/results";

// `npm run bench:report`: renders bench/results/latest.json as the figures section of
// BENCHMARKS.md (between its markers; the rest of the file is prose kept by hand) and as
// bench/results/chart.svg, drawn here as plain SVG so no browser or plotting package is needed.
const benchmarksFile = path.resolve(__dirname, "../BENCHMARKS.md");
const startMarker = "<!-- bench:report:start -->";
const endMarker = "<!-- bench:report:end -->";
const peerIds: PeerId[] = ["a", "a1", "b", "c", "d", "e"];

const fixed = (value: number | null | undefined, digits = 0) =>
  value === null || value === undefined || !Number.isFinite(value) ? "–" : value.toFixed(digits);

function scenarioRows(id: string, scenario: ScenarioResult): string[] {
  return peerIds.flatMap((peer) => {
    const result = scenario.peers[peer];
    if (!result) return [];
    if (result.status !== "ok") return [`| ${id} | ${peer}: ${result.label} | not run (below) | | | | |`];
    const { median } = result;
    return [
      `| ${id} | ${peer}: ${result.label} | ${fixed(median.rps)} | ${fixed(median.p50Ms, 1)} | ${fixed(median.p99Ms, 1)} | ${fixed(median.cpuUsPerRequest)} | ${median.failures} |`,
    ];
  });
}

/** Why each peer without a figure has none, once per distinct reason. */
function notRunReasons(results: BenchResults): string[] {
  const reasons = new Map<string, string>();
  for (const [id, scenario] of Object.entries(results.comparison)) {
    for (const peer of peerIds) {
      const result = scenario.peers[peer];
      if (result?.status !== "not run") continue;
      const key = `${peer}\n${result.reason}`;
      reasons.set(key, `${reasons.has(key) ? `${reasons.get(key)}, ` : ""}${id}`);
    }
  }
  if (reasons.size === 0) return [];
  return [
    "",
    ...[...reasons].map(([key, scenarios]) => {
      const [peer, reason] = key.split("\n");
      return `- ${peer} not run (scenario ${scenarios}): ${reason}`;
    }),
  ];
}

/** The figures as Markdown: comparison table, ratios, other scenarios. */
export function renderTable(results: BenchResults): string {
  const { settings } = results;
  const lines = [
    `Run ${results.generatedAt} on ${results.machine.nproc} cores (${results.machine.cpuModel}), Node ${results.machine.node}, ` +
      `load average at start ${results.machine.loadAverageAtStart.join(" / ")}` +
      (results.noisy
        ? " — **NOISY: other work was running on the machine; compare the peers with each other, not these absolute figures with other runs.**"
        : "."),
    "",
    `Scenarios 1–2: autocannon, ${settings.connections} connections, ${settings.durationSeconds} s per run, ` +
      `${settings.warmupSeconds} s warm-up, median of ${settings.runs} run${settings.runs === 1 ? "" : "s"} (by rps)` +
      `${settings.quick ? " (quick settings)" : ""}; real PostgreSQL${settings.redis ? " + Redis" : ", no Redis"}.`,
    "",
    "| scenario | peer | rps | p50 ms | p99 ms | server CPU µs/request | failures |",
    "|---|---|---:|---:|---:|---:|---:|",
    ...Object.entries(results.comparison).flatMap(([id, scenario]) => scenarioRows(id, scenario)),
    ...notRunReasons(results),
    "",
    "| scenario | a/c (goal ≥ 3) | a/d (goal ≥ 1) | e/a, federation tax (goal ≤ 1.5) |",
    "|---|---:|---:|---:|",
    ...Object.entries(results.comparison).map(
      ([id, scenario]) =>
        `| ${id}: ${scenario.name} | ${fixed(scenario.ratios["a/c"], 2)} | ${fixed(scenario.ratios["a/d"], 2)} | ${fixed(scenario.ratios["e/a"], 2)} |`,
    ),
  ];
  if (results.others.length > 0) {
    lines.push(
      "",
      "| scenario | rate | p50 ms | p99 ms | settings |",
      "|---|---:|---:|---:|---|",
      ...results.others.map(
        (figure) =>
          `| ${figure.name} | ${figure.rate === null ? (figure.p50Ms === null ? `no figure: ${figure.output}` : "–") : `${figure.rate} ${figure.unit}`} | ${fixed(figure.p50Ms, 1)} | ${fixed(figure.p99Ms, 1)} | ${figure.settings} |`,
      ),
    );
  }
  lines.push(...renderResponseCache(results));
  lines.push("", ...renderGoals(results));
  return lines.join("\n");
}

/** Scenario 1 cached (storefront key) against uncached, same peer, same run (issue 19). */
function renderResponseCache(results: BenchResults): string[] {
  const figure = results.responseCache;
  if (!figure) return [];
  const { cached } = figure;
  const measured =
    cached.status === "ok"
      ? [
          fixed(cached.median.rps),
          fixed(cached.median.p50Ms, 1),
          fixed(cached.median.p99Ms, 1),
          fixed(cached.median.cpuUsPerRequest),
          String(cached.median.failures),
        ]
      : [`not run: ${cached.reason}`, "", "", "", ""];
  const cells = [...measured, fixed(figure.uncachedRps), fixed(figure.ratio, 1)];
  return [
    "",
    `Scenario 1 answered from the response cache (a storefront-scoped key), peer ${figure.peer}, against its uncached figure above (admin key):`,
    "",
    "| scenario | cached rps | p50 ms | p99 ms | server CPU µs/request | failures | uncached rps | cached/uncached (goal ≥ 10) |",
    "|---|---:|---:|---:|---:|---:|---:|---:|",
    `| 1, cached | ${cells.join(" | ")} |`,
  ];
}

type Verdict = "met" | "missed" | "not measured";

/** The issue's goals, each with the figure it is judged on. */
export function renderGoals(results: BenchResults): string[] {
  const verdict = (ok: boolean | null): Verdict => (ok === null ? "not measured" : ok ? "met" : "missed");
  const rows: [string, string, Verdict][] = [];
  for (const [id, scenario] of Object.entries(results.comparison)) {
    const { ratios } = scenario;
    rows.push(
      [
        `federation tax e/a ≤ 1.5, scenario ${id}`,
        fixed(ratios["e/a"], 2),
        verdict(ratios["e/a"] === null ? null : ratios["e/a"] <= 1.5),
      ],
      [`a/c ≥ 3, scenario ${id}`, fixed(ratios["a/c"], 2), verdict(ratios["a/c"] === null ? null : ratios["a/c"] >= 3)],
      [`a ≥ d, scenario ${id}`, fixed(ratios["a/d"], 2), verdict(ratios["a/d"] === null ? null : ratios["a/d"] >= 1)],
    );
  }
  const closedLoopGoal = (prefix: string, label: string, minimum: number) => {
    const figure = results.others.find((other) => other.name.startsWith(prefix));
    const measured = figure && figure.rate !== null && figure.p99Ms !== null;
    rows.push([
      label,
      measured ? `${figure.rate} ${figure.unit}, p99 ${fixed(figure.p99Ms, 1)} ms` : "–",
      verdict(measured ? figure.rate! >= minimum && figure.p99Ms! < 100 : null),
    ]);
  };
  if (results.responseCache) {
    const { ratio } = results.responseCache;
    rows.push([
      "scenario 1 cached ≥ 10 × uncached (issue 19)",
      fixed(ratio, 1),
      verdict(ratio === null ? null : ratio >= 10),
    ]);
  }
  closedLoopGoal("createOrder", "createOrder ≥ 300 orders/s with p99 < 100 ms (real PostgreSQL)", 300);
  closedLoopGoal("Shopify webhook", "webhook ingest ≥ 1,000 deliveries/s with p99 < 100 ms", 1000);
  return [
    "| goal (issue 7) | figure | verdict |",
    "|---|---|---|",
    ...rows.map(([goal, figure, result]) => `| ${goal} | ${figure} | ${result} |`),
  ];
}

const escape = (text: string) => text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

/** Horizontal bars of rps per peer, one group per scenario, each group scaled to its own best. */
export function renderChart(results: BenchResults): string {
  const width = 760;
  const labelWidth = 300;
  const barArea = width - labelWidth - 190;
  const rowHeight = 26;
  const colours: Record<PeerId, string> = {
    a: "#2b6cb0",
    a1: "#4299e1",
    b: "#63b3ed",
    c: "#dd6b20",
    d: "#805ad5",
    e: "#38a169",
  };
  const parts: string[] = [];
  let y = 56;
  for (const [id, scenario] of Object.entries(results.comparison)) {
    const best = Math.max(
      1,
      ...peerIds.map((peer) => {
        const result = scenario.peers[peer];
        return result?.status === "ok" ? result.median.rps : 0;
      }),
    );
    parts.push(
      `<text x="10" y="${y}" font-weight="bold">Scenario ${id}: ${escape(scenario.name)} (requests/s, higher is better)</text>`,
    );
    y += 12;
    for (const peer of peerIds) {
      const result = scenario.peers[peer];
      if (!result) continue;
      parts.push(`<text x="10" y="${y + 17}">${peer}: ${escape(result.label)}</text>`);
      if (result.status === "ok") {
        const length = Math.max(1, (result.median.rps / best) * barArea);
        parts.push(
          `<rect x="${labelWidth}" y="${y + 4}" width="${length.toFixed(1)}" height="${rowHeight - 8}" fill="${colours[peer]}"/>`,
          `<text x="${(labelWidth + length + 6).toFixed(1)}" y="${y + 17}">${result.median.rps.toFixed(0)} rps · ${result.median.cpuUsPerRequest.toFixed(0)} µs CPU/req</text>`,
        );
      } else {
        parts.push(`<text x="${labelWidth}" y="${y + 17}" fill="#888">not run (see BENCHMARKS.md)</text>`);
      }
      y += rowHeight;
    }
    y += 28;
  }
  const title = `OmniStack Gateway vs peers, ${results.generatedAt.slice(0, 10)}${results.noisy ? " (noisy machine)" : ""}`;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${y}" viewBox="0 0 ${width} ${y}" font-family="sans-serif" font-size="13">`,
    `<rect width="100%" height="100%" fill="#fff"/>`,
    `<text x="10" y="24" font-size="16" font-weight="bold">${escape(title)}</text>`,
    ...parts,
    "</svg>",
    "",
  ].join("\n");
}

async function main(): Promise<void> {
  const results = JSON.parse(readFileSync(resultsFile, "utf8")) as BenchResults;
  // prettier has no SVG parser: the chart is written as drawn.
  writeFileSync(chartFile, renderChart(results));
  const current = readFileSync(benchmarksFile, "utf8");
  const start = current.indexOf(startMarker);
  const end = current.indexOf(endMarker);
  if (start < 0 || end < start) throw new Error(`BENCHMARKS.md has no ${startMarker} … ${endMarker} section`);
  const section = `${startMarker}\n\n${renderTable(results)}\n\n![rps per peer](bench/results/chart.svg)\n\n`;
  await writeFormatted(benchmarksFile, current.slice(0, start) + section + current.slice(end));
  console.log(`wrote ${path.relative(process.cwd(), chartFile)} and the figures in BENCHMARKS.md`);
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
