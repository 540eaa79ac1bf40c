import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";

// Where a profiled server spent its CPU, by package: reads the .cpuprofile files that
// `BENCH_NODE_ARGS="--cpu-prof --cpu-prof-dir=DIR" npm run bench -- …` leaves in DIR and
// prints, per file, the share of busy time by owner (the nearest node_modules package or
// project folder up the stack; native work such as GC and socket writes counted apart).
// Only the last `--last=S` seconds (default 20) count, so start-up does not dilute the load.
// Usage: node -r @swc-node/register bench/profile-summary.ts DIR [--last=20] [--top=15]
interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  startTime: number;
  samples: number[];
  timeDeltas: number[];
}

const [dir = "."] = process.argv.slice(2).filter((arg) => !arg.startsWith("--"));
const option = (name: string, fallback: number) =>
  Number(process.argv.find((arg) => arg.startsWith(`--${name}=`))?.split("=")[1] ?? fallback);
const lastSeconds = option("last", 20);
const top = option("top", 15);
const root = `file://${path.resolve(__dirname, "..")}/`;

function ownerOf(node: ProfileNode, parents: Map<number, ProfileNode>): string {
  const own = node.callFrame.functionName;
  // GC, idle and the like have no URL and no JS caller worth naming.
  if (own.startsWith("(")) return own;
  for (let current: ProfileNode | undefined = node; current; current = parents.get(current.id)) {
    const { url } = current.callFrame;
    const inPackage = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
    if (inPackage) return inPackage[1]!;
    if (url.startsWith(root)) return url.slice(root.length).split("/").slice(0, 2).join("/");
  }
  return `native: ${own}`;
}

for (const file of readdirSync(dir).filter((name) => name.endsWith(".cpuprofile"))) {
  const profile = JSON.parse(readFileSync(path.join(dir, file), "utf8")) as Profile;
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parents = new Map<number, ProfileNode>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parents.set(child, node);
  const times: number[] = [];
  let clock = profile.startTime;
  for (const delta of profile.timeDeltas) times.push((clock += delta));
  const from = (times.at(-1) ?? 0) - lastSeconds * 1e6;
  const totals = new Map<string, number>();
  let busy = 0;
  profile.samples.forEach((id, index) => {
    const node = byId.get(id);
    if (!node || times[index]! < from || node.callFrame.functionName === "(idle)") return;
    const delta = profile.timeDeltas[index]!;
    const owner = ownerOf(node, parents);
    totals.set(owner, (totals.get(owner) ?? 0) + delta);
    busy += delta;
  });
  console.log(`${file}: ${(busy / 1e6).toFixed(1)} s busy in the last ${lastSeconds} s`);
  for (const [owner, micros] of [...totals].sort((a, b) => b[1] - a[1]).slice(0, top)) {
    console.log(`  ${((100 * micros) / busy).toFixed(1).padStart(5)} %  ${owner}`);
  }
}
