import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { getHeapStatistics } from "node:v8";
import { clockTicks } from "./lib/processes";
import { createApi } from "./subscriptions/api";
import { openBackend } from "./subscriptions/backend";
import { readCapacity, whyNotFit } from "./subscriptions/capacity";
import { startGateway, stopGateway, type Gateway } from "./subscriptions/gateway";
import { measureBaseline, measureRun, type RunSetting } from "./subscriptions/measured-run";
import { parseOptions } from "./subscriptions/options";
import { memAvailableKb, rssKb } from "./subscriptions/proc-readings";
import { printRunLine, printSummary, type RunResult } from "./subscriptions/report";
import { createStockEvents } from "./subscriptions/stock-events";

// Subscription fan-out: the gateway runs as `npm start` does, in its own process (embedded
// PGlite, or a fresh database on DATABASE_URL's server, and Redis when REDIS_URL is set);
// this process opens N graphql-ws connections with one `stockChanged` subscription each,
// spread over --client-threads worker threads (default one per core), then fires M
// `setInventory` mutations over HTTP on a fixed schedule, 200 ms apart from the first
// whether or not the previous one has answered (fire-events.ts says why). Per N and mode it
// prints the connect time, the gateway's RSS per connection, event→delivery p50/p99,
// deliveries received vs expected and the gateway's CPU time per fired event. The modes (shared, root-alias, unshared) are the
// documents of subscribers.ts; `unshared` costs ~ms of gateway CPU per subscriber per event,
// so it runs only up to --unshared-max subscribers.
//
// What a latency includes: from the event's `at` (taken by the inventory service before its
// transaction commits) through the commit, the outbox dispatcher's poll (up to 50 ms), the
// bus, the gateway's execution and its writes, the kernel, to the moment the client thread's
// `ws` hands it the frame (before graphql-ws parses it); same machine, same clock. It also
// includes the time that frame waited while its client thread handled the frames that came
// before it (~20–60 µs each): with all 10,000 sockets on one thread, an event's last frame
// was handled a median 0.06–0.2 s after the gateway's last write (more as the machine's load
// rose), with two threads 0.01–0.12 s. On a 2-core machine the threads still share the cores
// with the gateway, so the figures are an upper bound on the gateway's own time. They leave
// out what a mutation waited in the gateway before the service took `at`; the mutations'
// own times are not reported.
// Usage: npm run bench:subscriptions -- [N…=1000 5000 10000] [--events=20]
//          [--modes=shared,root-alias,unshared] [--unshared-max=1000] [--client-threads=T] [--no-gc]
const options = parseOptions(process.argv.slice(2));

/** The table's rows, run by run; a run that would not fit the machine ends the bench early. */
async function measureAll(setting: RunSetting): Promise<{ results: RunResult[]; stopReason: string | null }> {
  const { gateway: gw } = setting;
  const { eventCount, spacingMs, modes, sizes, unsharedMax } = options;
  const capacity = readCapacity(gw.pid);
  console.log(
    `subscriptions bench: ${setting.backend}, ${eventCount} events ${spacingMs} ms apart per run, modes ${modes.join(", ")}, ` +
      `subscribers over ${options.clientThreads} client threads`,
  );
  console.log(
    `  open files limit: bench ${capacity.benchOpenFiles}, gateway ${capacity.gatewayOpenFiles}; ephemeral ports ${capacity.ephemeralPorts}; ` +
      `MemAvailable ${(memAvailableKb() / 1024).toFixed(0)} MB; V8 heap limit ${(getHeapStatistics().heap_size_limit / 2 ** 20).toFixed(0)} MB; ` +
      `CLK_TCK ${clockTicks}; gateway pid ${gw.pid}, RSS ${(rssKb(gw.pid) / 1024).toFixed(0)} MB`,
  );

  const results = [await measureBaseline(setting)];
  let perConnKb = 0; // gateway + bench, from the last run: to tell whether the next N fits in memory
  for (const n of sizes) {
    const unfit = whyNotFit(n, gw.pid, capacity, perConnKb);
    if (unfit) return { results, stopReason: unfit };
    for (const mode of modes) {
      if (gw.exited()) break;
      if (mode === "unshared" && n > unsharedMax) {
        console.log(`  N=${n} unshared: skipped (above --unshared-max=${unsharedMax})`);
        continue;
      }
      const benchRssBefore = process.memoryUsage().rss;
      const result = await measureRun(setting, n, mode);
      results.push(result);
      perConnKb = Math.max(
        perConnKb,
        result.rssPerConnKb + (process.memoryUsage().rss - benchRssBefore) / 1024 / n,
        result.rssPerConnKb * 2,
      );
      printRunLine(result);
    }
    if (gw.exited()) {
      const last = gw.problems.length ? `: ${gw.problems.at(-1)}` : "";
      return { results, stopReason: `gateway exited (${gw.exited()}) during N=${n}${last}` };
    }
  }
  return { results, stopReason: null };
}

async function main(): Promise<void> {
  const dataDir = mkdtempSync(path.join(tmpdir(), "omni-bench-subs-"));
  const backend = await openBackend();
  let gateway: Gateway | undefined;
  try {
    gateway = await startGateway(backend.env, dataDir, options);
    const keys = JSON.parse(readFileSync(path.join(dataDir, "demo-keys.json"), "utf8")) as Record<string, string>;
    const connectionParams = { "x-api-key": keys.platformApiKey ?? "", "client-x-api-key": keys.clientApiKey ?? "" };
    const events = await createStockEvents(createApi(gateway.url, connectionParams));
    const setting = { gateway, events, connectionParams, options, backend: backend.description };
    const { results, stopReason } = await measureAll(setting);
    printSummary({
      backend: backend.description,
      eventCount: options.eventCount,
      results,
      stopReason,
      gatewayProblems: gateway.problems.length,
    });
  } finally {
    if (gateway) await stopGateway(gateway);
    rmSync(dataDir, { recursive: true, force: true });
    await backend.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
