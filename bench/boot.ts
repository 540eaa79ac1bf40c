import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { compiledEntry, launch } from "../gateway/src/process/launcher";
import { printed } from "../gateway/src/process/readiness";

// Boot time: from spawning `npm start`'s command to the first answered `me` query, on the
// embedded database, for a first start (creates and migrates the database, seeds) and a
// restart. Prints the median of N runs of each.
const runs = Number(process.argv[2] ?? 3);
/** As long as the tests give a start: past it the run is broken, not slow. */
const readyTimeoutMs = 120_000;

async function bootOnce(dataDir: string): Promise<number> {
  const startedAt = performance.now();
  const { DATABASE_URL, ...inherited } = process.env;
  const env = { ...inherited, OMNI_DATA_DIR: dataDir, PORT: "0" };
  const gateway = launch({
    name: "gateway",
    ...compiledEntry("gateway/src/main.ts"),
    env,
    stderr: "inherit",
    keepOutput: "until-ready",
  });
  try {
    const url = (await gateway.ready(printed(/GraphQL:\s+(http:\/\/\S+)/), readyTimeoutMs))[1]!;
    const keys = JSON.parse(readFileSync(path.join(dataDir, "demo-keys.json"), "utf8")) as Record<string, string>;
    const response = await fetch(url, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "x-api-key": keys.platformApiKey ?? "",
        "client-x-api-key": keys.clientApiKey ?? "",
      },
      body: JSON.stringify({ query: "{ me { client { id } } }" }),
    });
    if (response.status !== 200) throw new Error(`me answered ${response.status}`);
    return performance.now() - startedAt;
  } finally {
    await gateway.stop();
  }
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? NaN;

async function main(): Promise<void> {
  const first: number[] = [];
  const restart: number[] = [];
  for (let run = 0; run < runs; run++) {
    const dataDir = mkdtempSync(path.join(tmpdir(), "omni-boot-"));
    try {
      first.push(await bootOnce(dataDir));
      restart.push(await bootOnce(dataDir));
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  }
  const format = (values: number[]) =>
    `median ${(median(values) / 1000).toFixed(2)} s (${values.map((v) => (v / 1000).toFixed(2)).join(", ")})`;
  console.log(`boot to first served request, embedded PGlite, ${runs} runs`);
  console.log(`  first start (create db, migrate, seed): ${format(first)}`);
  console.log(`  restart:                                 ${format(restart)}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
