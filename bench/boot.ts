import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

// Boot time: from spawning `npm start`'s command to the first answered `me` query, on the
// embedded database, for a first start (creates and migrates the database, seeds) and a
// restart. Prints the median of N runs of each.
const runs = Number(process.argv[2] ?? 3);
const root = path.resolve(__dirname, "..");

async function bootOnce(dataDir: string): Promise<number> {
  const startedAt = performance.now();
  const { DATABASE_URL, ...inherited } = process.env;
  const env = { ...inherited, OMNI_DATA_DIR: dataDir, PORT: "0" };
  const child = spawn(process.execPath, ["-r", "@swc-node/register", "gateway/src/main.ts"], {
    cwd: root,
    env,
    stdio: ["ignore", "pipe", "inherit"],
  });
  try {
    const url = await new Promise<string>((resolve, reject) => {
      let output = "";
      child.stdout.on("data", (chunk: Buffer) => {
        output += chunk.toString();
        const match = /GraphQL:\s+(http:\/\/\S+)/.exec(output);
        if (match?.[1]) resolve(match[1]);
      });
      child.once("exit", (code) => reject(new Error(`exited with ${code}`)));
    });
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
    child.kill("SIGTERM");
    await new Promise((resolve) => child.once("exit", resolve));
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
