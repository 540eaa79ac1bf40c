import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { root } from "./processes";

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

/** Where one profiled process spent its busy CPU time, by owner, largest first. */
export interface ProfileShares {
  busySeconds: number;
  /** Percent of busy time per owner (package, project folder, or native work such as GC). */
  shares: { owner: string; percent: number }[];
}

const projectUrl = `file://${root}/`;

/** The nearest node_modules package or project folder up the stack; GC and other native work apart. */
function ownerOf(node: ProfileNode, parents: Map<number, ProfileNode>): string {
  const own = node.callFrame.functionName;
  // GC, idle and the like have no URL and no JS caller worth naming.
  if (own.startsWith("(")) return own;
  for (let current: ProfileNode | undefined = node; current; current = parents.get(current.id)) {
    const { url } = current.callFrame;
    const inPackage = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
    if (inPackage) return inPackage[1]!;
    if (url.startsWith(projectUrl)) return url.slice(projectUrl.length).split("/").slice(0, 2).join("/");
  }
  return `native: ${own}`;
}

/** The shares of a `.cpuprofile` over its last `lastSeconds` (so start-up does not dilute the load). */
export function summarizeProfile(file: string, lastSeconds: number): ProfileShares {
  const profile = JSON.parse(readFileSync(file, "utf8")) as Profile;
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
  return {
    busySeconds: busy / 1e6,
    shares: [...totals]
      .sort((a, b) => b[1] - a[1])
      .map(([owner, micros]) => ({ owner, percent: busy > 0 ? (100 * micros) / busy : 0 })),
  };
}

/** The `.cpuprofile` files a directory holds. */
export function profilesIn(dir: string): string[] {
  return readdirSync(dir)
    .filter((name) => name.endsWith(".cpuprofile"))
    .map((name) => path.join(dir, name));
}
