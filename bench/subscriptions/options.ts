import { availableParallelism } from "node:os";

export type Mode = "shared" | "root-alias" | "unshared";

export interface BenchOptions {
  /** Subscriber counts, one run per count and mode. */
  sizes: number[];
  /** Measured events per run. */
  eventCount: number;
  spacingMs: number;
  modes: Mode[];
  /** `unshared` costs one fetch per subscriber per event: above this many subscribers it is skipped. */
  unsharedMax: number;
  /** A full GC before each memory reading, through the gateway's inspector (off with --no-gc). */
  collectGarbage: boolean;
  /** Worker threads the subscribers are spread over (--client-threads, default one per core). */
  clientThreads: number;
}

const usage =
  "Usage: npm run bench:subscriptions -- [N…] [--events=M] [--modes=shared,root-alias,unshared] [--client-threads=T]";

export function parseOptions(argv: string[]): BenchOptions {
  const flags = new Map(
    argv.filter((arg) => arg.startsWith("--")).map((arg) => arg.slice(2).split("=") as [string, string]),
  );
  const positional = argv.filter((arg) => !arg.startsWith("--")).map(Number);
  const options: BenchOptions = {
    sizes: positional.length > 0 ? positional : [1000, 5000, 10000],
    eventCount: Number(flags.get("events") ?? 20),
    spacingMs: 200,
    modes: (flags.get("modes") ?? "shared,root-alias,unshared").split(",") as Mode[],
    unsharedMax: Number(flags.get("unshared-max") ?? 1000),
    collectGarbage: !flags.has("no-gc"),
    clientThreads: Number(flags.get("client-threads") ?? availableParallelism()),
  };
  const { sizes, eventCount, clientThreads } = options;
  const positiveInteger = (value: number) => Number.isInteger(value) && value >= 1;
  if (!sizes.every(positiveInteger) || !positiveInteger(eventCount) || !positiveInteger(clientThreads)) {
    throw new Error(usage);
  }
  return options;
}
