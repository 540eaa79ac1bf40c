import { existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import {
  chartFile,
  peerIds,
  ratiosOf,
  resultsFile,
  roundRatiosOf,
  writeFormatted,
  type BenchResults,
  type PeerId,
  type ProfiledScenario,
  type ProfileFigures,
  type ScenarioResult,
} from "./lib/results";

// `npm run bench:report`: renders bench/results/latest.json as the figures section of
// BENCHMARKS.md (between its markers; the rest of the file is prose kept by hand) and as
// bench/results/chart.svg, drawn here as plain SVG so no browser or plotting package is needed.
// `npm run bench:report -- --save-profile-before="<which code>"` keeps the run's profile instead.
const benchmarksFile = path.resolve(__dirname, "../BENCHMARKS.md");
const profileBeforeFile = path.resolve(__dirname, "results/profile-before.json");
const startMarker = "<!-- bench:report:start -->";
const endMarker = "<!-- bench:report:end -->";

const fixed = (value: number | null | undefined, digits = 0) =>
  value === null || value === undefined || !Number.isFinite(value) ? "–" : value.toFixed(digits);

/** A ratio with its rounds' lowest and highest, when every round has one. */
function withSpread(ratio: number | null, rounds: (number | null)[]): string {
  const known = rounds.filter((round): round is number => round !== null);
  if (ratio === null || known.length === 0 || known.length < rounds.length) return fixed(ratio, 2);
  return `${fixed(ratio, 2)} (${fixed(Math.min(...known), 2)}–${fixed(Math.max(...known), 2)})`;
}

function scenarioRows(id: string, scenario: ScenarioResult): string[] {
  const { cpuToFloor } = ratiosOf(scenario.peers);
  return peerIds.flatMap((peer) => {
    const result = scenario.peers[peer];
    if (!result) return [];
    if (result.status !== "ok") return [`| ${id} | ${peer}: ${result.label} | not run (below) | | | | | |`];
    const { median } = result;
    return [
      `| ${id} | ${peer}: ${result.label} | ${fixed(median.rps)} | ${fixed(median.p50Ms, 1)} | ${fixed(median.p99Ms, 1)} | ${fixed(median.cpuUsPerRequest)} | ${fixed(cpuToFloor[peer], 2)} | ${median.failures} |`,
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
      `${settings.quick ? " (quick settings)" : ""}; real PostgreSQL${settings.redis ? " + Redis" : ", no Redis"}. ` +
      "Failures: answers other than 2xx or with GraphQL `errors`, socket errors and timeouts.",
    "",
    "| scenario | peer | rps | p50 ms | p99 ms | server CPU µs/request | CPU ÷ floor (f) | failures |",
    "|---|---|---:|---:|---:|---:|---:|---:|",
    ...Object.entries(results.comparison).flatMap(([id, scenario]) => scenarioRows(id, scenario)),
    ...notRunReasons(results),
    "",
    "One process against one process (issue 19's goals), then (a)'s two processes for information. " +
      "In brackets, the lowest and the highest of the rounds' own ratios: a round runs every peer once, back to back.",
    "",
    "| scenario | a1/c (goal ≥ 2) | a1/d (goal ≥ 2) | e/a1, federation tax (goal ≤ 1.2) | a1 CPU ÷ f CPU (goal ≤ 2) | a/c | a/d |",
    "|---|---:|---:|---:|---:|---:|---:|",
    ...Object.entries(results.comparison).map(([id, scenario]) => {
      const ratios = ratiosOf(scenario.peers);
      const rounds = roundRatiosOf(scenario.peers);
      const keys = ["a1/c", "a1/d", "e/a1", "a1/f cpu", "a/c", "a/d"] as const;
      return `| ${id}: ${scenario.name} | ${keys
        .map((key) =>
          withSpread(
            ratios[key],
            rounds.map((round) => round[key]),
          ),
        )
        .join(" | ")} |`;
    }),
  ];
  if (results.others.length > 0) {
    lines.push(
      "",
      "| scenario | rate | p50 ms | p99 ms | CPU µs/delivery | settings |",
      "|---|---:|---:|---:|---:|---|",
      ...results.others.map(
        (figure) =>
          `| ${figure.name} | ${figure.rate === null ? (figure.p50Ms === null ? `no figure: ${figure.output}` : "–") : `${figure.rate} ${figure.unit}`} | ${fixed(figure.p50Ms, 1)} | ${fixed(figure.p99Ms, 1)} | ${fixed(figure.cpuUsPerDelivery, 1)} | ${figure.settings} |`,
      ),
    );
  }
  lines.push(...renderResponseCache(results));
  lines.push("", ...renderGoals(results));
  return lines.join("\n");
}

/**
 * `--profile`'s shares of (a1)'s busy CPU time by owner, next to those of an earlier profile
 * (`bench/results/profile-before.json`, the same measurement of an older commit) when kept.
 */
export function renderProfile(after: ProfileFigures | undefined, before?: SavedProfile): string[] {
  if (!after) return [];
  // Profiles before issue 19's cached one have no "1 cached" column to show.
  const ids = (["1", "2", "1 cached"] as const).filter((id: ProfiledScenario) =>
    [after, before?.profile].some((figures) => figures?.scenarios[id]),
  );
  const percent = (figures: ProfileFigures | undefined, id: ProfiledScenario, owner: string) =>
    figures?.scenarios[id]?.shares.find((share) => share.owner === owner)?.percent;
  const owners = [
    ...new Set(
      [after, before?.profile].flatMap((figures) =>
        ids.flatMap((id) => figures?.scenarios[id]?.shares.slice(0, 10).map((share) => share.owner) ?? []),
      ),
    ),
  ].sort((x, y) => (percent(after, "1", y) ?? 0) - (percent(after, "1", x) ?? 0));
  const columns = ids.flatMap((id) => (before ? [`${id}: before`, `${id}: now`] : [`scenario ${id}`]));
  const cell = (value: number | undefined) => (value === undefined ? "–" : `${value.toFixed(1)} %`);
  return [
    `CPU profile of (a1), share of its busy time by owner over ${after.seconds} s of load per scenario` +
      (before ? `; "before" is ${before.label}.` : "."),
    "",
    `| owner | ${columns.join(" | ")} |`,
    `|---|${columns.map(() => "---:").join("|")}|`,
    ...owners.map(
      (owner) =>
        `| ${owner} | ${ids
          .flatMap((id) =>
            before
              ? [cell(percent(before.profile, id, owner)), cell(percent(after, id, owner))]
              : [cell(percent(after, id, owner))],
          )
          .join(" | ")} |`,
    ),
  ];
}

/** An earlier `--profile` kept for comparison: what it measured, and which code. */
export interface SavedProfile {
  label: string;
  profile: ProfileFigures;
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
  const ratioGoal = (goal: string, ratio: number | null, met: (ratio: number) => boolean) =>
    rows.push([goal, fixed(ratio, 2), verdict(ratio === null ? null : met(ratio))]);
  for (const [id, scenario] of Object.entries(results.comparison)) {
    const ratios = ratiosOf(scenario.peers);
    ratioGoal(`(a1) CPU per request ≤ 2× the floor (f), scenario ${id}`, ratios["a1/f cpu"], (ratio) => ratio <= 2);
    ratioGoal(`(a1)/(c) ≥ 2, scenario ${id}`, ratios["a1/c"], (ratio) => ratio >= 2);
    ratioGoal(`(a1)/(d) ≥ 2, scenario ${id}`, ratios["a1/d"], (ratio) => ratio >= 2);
    ratioGoal(`federation tax e/a1 ≤ 1.2, scenario ${id}`, ratios["e/a1"], (ratio) => ratio <= 1.2);
  }
  const closedLoopGoal = (prefix: string, label: string, minimum: number, maxP99Ms: number | null) => {
    const figure = results.others.find((other) => other.name.startsWith(prefix));
    const measured = figure && figure.rate !== null && figure.p99Ms !== null;
    rows.push([
      label,
      measured ? `${figure.rate} ${figure.unit}, p99 ${fixed(figure.p99Ms, 1)} ms` : "–",
      verdict(measured ? figure.rate! >= minimum && (maxP99Ms === null || figure.p99Ms! < maxP99Ms) : null),
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
  const staleness = results.others.find((other) => other.name.startsWith("response cache staleness"));
  const stalenessMeasured = staleness?.p99Ms != null && staleness.staleReads != null ? staleness : undefined;
  rows.push([
    "staleness p99 < 200 ms over 1,000 changes, 0 stale reads after that",
    stalenessMeasured
      ? `${stalenessMeasured.settings.split(" ")[0]} changes: p99 ${fixed(stalenessMeasured.p99Ms, 1)} ms, ${stalenessMeasured.staleReads} stale`
      : "–",
    verdict(
      stalenessMeasured?.settings.startsWith("1000 ")
        ? stalenessMeasured.p99Ms! < 200 && stalenessMeasured.staleReads === 0
        : null,
    ),
  ]);
  closedLoopGoal("createOrder", "createOrder ≥ 300/s with p99 < 100 ms", 300, 100);
  closedLoopGoal("Shopify webhook", "webhook ingest ≥ 1,000/s", 1000, null);
  const fanOut = results.others.find((other) => other.name.startsWith("subscription fan-out"));
  const fanOutMeasured =
    fanOut?.p99Ms != null && fanOut.cpuUsPerDelivery != null && fanOut.lost != null ? fanOut : undefined;
  rows.push([
    "10,000 subscribers on one process: p99 < 250 ms, ≤ 20 µs CPU per delivery, 0 lost",
    fanOutMeasured
      ? `${fanOutMeasured.settings.split(" ")[0]} subscribers: p99 ${fixed(fanOutMeasured.p99Ms, 0)} ms, ${fixed(fanOutMeasured.cpuUsPerDelivery, 1)} µs/delivery, ${fanOutMeasured.lost} lost`
      : "–",
    // A quick run's 1,000 subscribers show a figure but do not judge a goal set at 10,000.
    verdict(
      fanOutMeasured?.settings.startsWith("10000 ")
        ? fanOutMeasured.p99Ms! < 250 && fanOutMeasured.cpuUsPerDelivery! <= 20 && fanOutMeasured.lost === 0
        : null,
    ),
  ]);
  return [
    "| goal (issue 19) | figure | verdict |",
    "|---|---|---|",
    ...rows.map(([goal, figure, result]) => `| ${goal} | ${figure} | ${result} |`),
  ];
}

const escape = (text: string) => text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

/** Horizontal bars of rps per peer, one group per scenario, each group scaled to its own best. */
export function renderChart(results: BenchResults): string {
  const width = 820;
  const labelWidth = 300;
  const barArea = width - labelWidth - 250;
  const rowHeight = 26;
  const colours: Record<PeerId, string> = {
    a: "#2b6cb0",
    a1: "#4299e1",
    b: "#63b3ed",
    c: "#dd6b20",
    d: "#805ad5",
    e: "#38a169",
    f: "#718096",
  };
  const parts: string[] = [];
  let y = 56;
  for (const [id, scenario] of Object.entries(results.comparison)) {
    const { cpuToFloor } = ratiosOf(scenario.peers);
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
          `<text x="${(labelWidth + length + 6).toFixed(1)}" y="${y + 17}">${result.median.rps.toFixed(0)} rps · ${result.median.cpuUsPerRequest.toFixed(0)} µs CPU/req${peer !== "f" && cpuToFloor[peer] !== undefined ? ` (${cpuToFloor[peer].toFixed(1)}× f)` : ""}</text>`,
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
  // `--save-profile-before="<which code>"` keeps this run's profile as the one later runs are shown against.
  const saveAs = process.argv
    .find((arg) => arg.startsWith("--save-profile-before="))
    ?.split("=")
    .slice(1)
    .join("=");
  if (saveAs !== undefined) {
    if (!results.profile) throw new Error("bench/results/latest.json has no profile: run `npm run bench -- --profile`");
    await writeFormatted(
      profileBeforeFile,
      JSON.stringify({ label: saveAs, profile: results.profile } satisfies SavedProfile),
    );
    console.log(`kept the profile as ${path.relative(process.cwd(), profileBeforeFile)} ("${saveAs}")`);
    return;
  }
  // prettier has no SVG parser: the chart is written as drawn.
  writeFileSync(chartFile, renderChart(results));
  const current = readFileSync(benchmarksFile, "utf8");
  const start = current.indexOf(startMarker);
  const end = current.indexOf(endMarker);
  if (start < 0 || end < start) throw new Error(`BENCHMARKS.md has no ${startMarker} … ${endMarker} section`);
  const before = existsSync(profileBeforeFile)
    ? (JSON.parse(readFileSync(profileBeforeFile, "utf8")) as SavedProfile)
    : undefined;
  const profile = renderProfile(results.profile, before);
  const section =
    `${startMarker}\n\n${renderTable(results)}\n\n![rps per peer](bench/results/chart.svg)\n\n` +
    (profile.length > 0 ? `${profile.join("\n")}\n\n` : "");
  await writeFormatted(benchmarksFile, current.slice(0, start) + section + current.slice(end));
  console.log(`wrote ${path.relative(process.cwd(), chartFile)} and the figures in BENCHMARKS.md`);
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
