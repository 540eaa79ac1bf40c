import path from "node:path";
import { profilesIn, summarizeProfile } from "./lib/profile";

// Where a profiled server spent its CPU, by package: reads the .cpuprofile files that
// `BENCH_NODE_ARGS="--cpu-prof --cpu-prof-dir=DIR" npm run bench -- …` leaves in DIR and
// prints, per file, the share of busy time by owner (the nearest node_modules package or
// project folder up the stack; native work such as GC and socket writes counted apart).
// Only the last `--last=S` seconds (default 20) count, so start-up does not dilute the load.
// `npm run bench -- --profile` takes such profiles of (a1) itself and keeps them in the results.
// Usage: node -r @swc-node/register bench/profile-summary.ts DIR [--last=20] [--top=15]
const [dir = "."] = process.argv.slice(2).filter((arg) => !arg.startsWith("--"));
const option = (name: string, fallback: number) =>
  Number(process.argv.find((arg) => arg.startsWith(`--${name}=`))?.split("=")[1] ?? fallback);
const lastSeconds = option("last", 20);
const top = option("top", 15);

for (const file of profilesIn(dir)) {
  const { busySeconds, shares } = summarizeProfile(file, lastSeconds);
  console.log(`${path.basename(file)}: ${busySeconds.toFixed(1)} s busy in the last ${lastSeconds} s`);
  for (const { owner, percent } of shares.slice(0, top)) {
    console.log(`  ${percent.toFixed(1).padStart(5)} %  ${owner}`);
  }
}
