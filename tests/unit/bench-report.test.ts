import { renderGoals, renderProfile, renderTable } from "../../bench/report";
import {
  peerLabels,
  ratiosOf,
  roundRatiosOf,
  type BenchResults,
  type PeerId,
  type PeerResult,
  type ProfileFigures,
} from "../../bench/lib/results";

/** A measured peer: `rps` requests/s at `cpuUs` µs of server CPU each. */
function measured(peer: PeerId, rps: number, cpuUs: number): PeerResult {
  const run = { rps, p50Ms: 10, p99Ms: 30, failures: 0, cpuMs: (rps * cpuUs) / 1000, cpuUsPerRequest: cpuUs };
  return { status: "ok", median: run, runs: [run], label: peerLabels[peer] };
}

function resultsWith(peers: Partial<Record<PeerId, PeerResult>>): BenchResults {
  const scenario = { name: "storefront listing", query: "{ products }", peers, ratios: ratiosOf(peers) };
  return {
    generatedAt: "2026-12-05T18:00:00.000Z",
    machine: { nproc: 2, cpuModel: "test CPU", memoryGb: 8, node: "v20.20.2", loadAverageAtStart: [0.5, 0.5, 0.5] },
    noisy: false,
    settings: { connections: 20, durationSeconds: 10, runs: 3, warmupSeconds: 3, quick: false, redis: true },
    dataset: { counts: {}, seconds: 1 },
    comparison: { "1": scenario, "2": { ...scenario, name: "PMS orders page" } },
    others: [],
  };
}

const goalRow = (lines: string[], goal: string) => lines.find((line) => line.startsWith(`| ${goal} |`));

test("every peer's CPU per request is divided by the floor's, and (a1)'s is judged against 2×", () => {
  const peers = {
    a: measured("a", 800, 2000),
    a1: measured("a1", 500, 1800),
    c: measured("c", 200, 4000),
    d: measured("d", 250, 5000),
    e: measured("e", 550, 1200),
    f: measured("f", 2000, 600),
  };
  const ratios = ratiosOf(peers);
  expect(ratios.cpuToFloor).toEqual({ a: 2000 / 600, a1: 3, c: 4000 / 600, d: 5000 / 600, e: 2, f: 1 });
  expect(ratios["a1/f cpu"]).toBe(3);
  expect(ratios["a1/c"]).toBe(2.5);
  expect(ratios["a1/d"]).toBe(2);
  expect(ratios["e/a1"]).toBe(1.1);
  expect(ratios["a/c"]).toBe(4);

  const goals = renderGoals(resultsWith(peers));
  expect(goalRow(goals, "(a1) CPU per request ≤ 2× the floor (f), scenario 1")).toContain("| 3.00 | missed |");
  expect(goalRow(goals, "(a1)/(c) ≥ 2, scenario 1")).toContain("| 2.50 | met |");
  expect(goalRow(goals, "(a1)/(d) ≥ 2, scenario 1")).toContain("| 2.00 | met |");
  expect(goalRow(goals, "federation tax e/a1 ≤ 1.2, scenario 2")).toContain("| 1.10 | met |");
  expect(renderTable(resultsWith(peers))).toContain("| 1 | a1: ours, subgraphs in-process, 1 process | 500 |");
});

test("a run from before the floor existed renders, with – where the floor's figures would be", () => {
  const peers = { a1: measured("a1", 500, 1800), c: measured("c", 200, 4000), e: measured("e", 550, 1200) };
  // As an older latest.json stored them: no a1 ratios, no floor, federation tax against (a).
  const older = resultsWith(peers);
  for (const scenario of Object.values(older.comparison)) {
    (scenario as { ratios: unknown }).ratios = { "a/c": null, "a/d": null, "e/a": null };
  }
  const table = renderTable(older);
  expect(table).toContain("| 1 | a1: ours, subgraphs in-process, 1 process | 500 | 10.0 | 30.0 | 1800 | – | 0 |");
  const goals = renderGoals(older);
  expect(goalRow(goals, "(a1) CPU per request ≤ 2× the floor (f), scenario 1")).toContain("| – | not measured |");
  expect(goalRow(goals, "(a1)/(d) ≥ 2, scenario 1")).toContain("| – | not measured |");
  // Ratios whose peers were measured are worked out from their figures.
  expect(goalRow(goals, "(a1)/(c) ≥ 2, scenario 1")).toContain("| 2.50 | met |");
});

test("a floor that was not run shows its reason, and no ratio to it", () => {
  const peers = {
    a1: measured("a1", 500, 1800),
    f: { status: "not run", reason: "wrong answer: its answer differs from peer a1's", label: peerLabels.f } as const,
  };
  const table = renderTable(resultsWith(peers));
  expect(table).toContain("- f not run (scenario 1, 2): wrong answer: its answer differs from peer a1's");
  expect(ratiosOf(peers)["a1/f cpu"]).toBeNull();
});

test("the fan-out goal needs 10,000 subscribers, p99 under 250 ms, at most 20 µs per delivery and none lost", () => {
  const fanOut = (subscribers: number, p99Ms: number, cpuUsPerDelivery: number, lost: number) => ({
    ...resultsWith({}),
    others: [
      {
        name: "subscription fan-out (scenario 5)",
        rate: null,
        unit: "event→delivery latency",
        p50Ms: p99Ms / 2,
        p99Ms,
        cpuUsPerDelivery,
        lost,
        settings: `${subscribers} graphql-ws subscribers on one gateway process, 10 events, same selection (shared), PostgreSQL`,
        output: "",
      },
    ],
  });
  const goal = "10,000 subscribers on one process: p99 < 250 ms, ≤ 20 µs CPU per delivery, 0 lost";
  expect(goalRow(renderGoals(fanOut(10000, 180, 18.5, 0)), goal)).toContain(
    "| 10000 subscribers: p99 180 ms, 18.5 µs/delivery, 0 lost | met |",
  );
  expect(goalRow(renderGoals(fanOut(10000, 180, 25, 0)), goal)).toContain("| missed |");
  expect(goalRow(renderGoals(fanOut(10000, 180, 18, 3)), goal)).toContain("| missed |");
  // A quick run's 1,000 subscribers do not judge a goal set at 10,000.
  expect(goalRow(renderGoals(fanOut(1000, 100, 10, 0)), goal)).toContain("| not measured |");
  expect(renderTable(fanOut(10000, 180, 18.5, 0))).toContain("| 18.5 |");
});

test("the profile of (a1) is shown by owner, next to the kept earlier one", () => {
  const profile = (gc: number, prisma: number): ProfileFigures => ({
    peer: "a1",
    seconds: 10,
    scenarios: {
      "1": {
        busySeconds: 9,
        shares: [
          { owner: "(garbage collector)", percent: gc },
          { owner: "@prisma/client", percent: prisma },
        ],
      },
      "2": { busySeconds: 9, shares: [{ owner: "(garbage collector)", percent: gc + 5 }] },
    },
  });
  const lines = renderProfile(profile(30, 0.5), { label: "commit abc", profile: profile(35, 16) });
  expect(lines[0]).toContain('"before" is commit abc');
  expect(lines).toContain("| (garbage collector) | 35.0 % | 30.0 % | 40.0 % | 35.0 % |");
  expect(lines).toContain("| @prisma/client | 16.0 % | 0.5 % | – | – |");
  expect(renderProfile(undefined)).toEqual([]);
  expect(renderProfile(profile(30, 1))).toContain("| (garbage collector) | 30.0 % | 35.0 % |");
  // A profile of the cached scenario gets its column; an earlier one without it shows none there.
  const withCached: ProfileFigures = {
    ...profile(30, 0.5),
    scenarios: {
      ...profile(30, 0.5).scenarios,
      "1 cached": { busySeconds: 9, shares: [{ owner: "express", percent: 25 }] },
    },
  };
  const cachedLines = renderProfile(withCached, { label: "commit abc", profile: profile(35, 16) });
  expect(cachedLines[2]).toBe("| owner | 1: before | 1: now | 2: before | 2: now | 1 cached: before | 1 cached: now |");
  expect(cachedLines).toContain("| express | – | – | – | – | – | 25.0 % |");
});

test("the staleness goal needs 1,000 changes, p99 under 200 ms and no stale read", () => {
  const staleness = (changes: number, p99Ms: number, staleReads: number) => ({
    ...resultsWith({}),
    others: [
      {
        name: "response cache staleness (scenario 1 cached)",
        rate: null,
        unit: "commit→first fresh answer",
        p50Ms: 20,
        p99Ms,
        staleReads,
        settings: `${changes} changes (names and stock) under cached storefront load, PostgreSQL + Redis`,
        output: "",
      },
    ],
  });
  const goal = "staleness p99 < 200 ms over 1,000 changes, 0 stale reads after that";
  expect(goalRow(renderGoals(staleness(1000, 150, 0)), goal)).toContain(
    "| 1000 changes: p99 150.0 ms, 0 stale | met |",
  );
  expect(goalRow(renderGoals(staleness(1000, 150, 2)), goal)).toContain("| missed |");
  expect(goalRow(renderGoals(staleness(1000, 250, 0)), goal)).toContain("| missed |");
  expect(goalRow(renderGoals(staleness(100, 50, 0)), goal)).toContain("| not measured |");
});

test("each ratio shows the lowest and highest of the rounds' own ratios next to the median's", () => {
  const rounds = (peer: PeerId, rpsByRound: number[]): PeerResult => {
    const runs = rpsByRound.map((rps) => ({
      rps,
      p50Ms: 10,
      p99Ms: 30,
      failures: 0,
      cpuMs: rps,
      cpuUsPerRequest: 1000,
    }));
    const median = [...runs].sort((x, y) => x.rps - y.rps)[1]!;
    return { status: "ok", median, runs, label: peerLabels[peer] };
  };
  // Round 2 was slow for both peers alike: its own ratio is 2, as the other rounds'.
  const peers = { a1: rounds("a1", [400, 200, 420]), c: rounds("c", [200, 100, 180]) };
  expect(roundRatiosOf(peers).map((round) => round["a1/c"])).toEqual([2, 2, 420 / 180]);
  expect(renderTable(resultsWith(peers))).toContain("| 1: storefront listing | 2.22 (2.00–2.33) | – |");
  // A single run has no spread to show.
  expect(renderTable(resultsWith({ a1: measured("a1", 400, 1000), c: measured("c", 200, 1000) }))).toContain(
    "| 1: storefront listing | 2.00 | – |",
  );
});
