import type { PublishableOriginsReader } from "../../../subgraphs/core/src/auth/credentials";
import type { PrismaClient } from "../../../subgraphs/core/src/db/generated/client";
import type { AnyModuleDefinition } from "../../../subgraphs/core/src/module/definition";

/** The module that resolves keys also says which origins its publishable keys list. */
export function publishableOriginsReaderOf(modules: readonly AnyModuleDefinition[]): PublishableOriginsReader {
  const readers = modules.flatMap((module) => (module.publishableOrigins ? [module.publishableOrigins] : []));
  return readers[0] ?? (() => Promise.resolve([]));
}

/** An origin the snapshot lacks reads it again once it is this old: a new key's origin works within a second. */
const missRefreshMs = 1_000;

/**
 * Every origin an active publishable key lists, for CORS. A snapshot answers origins it has
 * for `ttlMs` (the key cache's lifetime); an origin it lacks has it read again when it is a
 * second old, so a newly issued key works within a second while preflights from made-up
 * origins cost at most one query a second. A revocation or a deactivated tenant drops the
 * snapshot at once (event feed).
 */
export class PublishableOrigins {
  private snapshot: { origins: ReadonlySet<string>; takenAt: number } | undefined;
  private loading: Promise<ReadonlySet<string>> | undefined;
  private generation = 0;

  constructor(
    private readonly prisma: PrismaClient,
    private readonly read: PublishableOriginsReader,
    private readonly ttlMs: number,
  ) {}

  async has(origin: string): Promise<boolean> {
    const snapshot = this.snapshot;
    const age = snapshot ? Date.now() - snapshot.takenAt : Infinity;
    if (snapshot && age < this.ttlMs && snapshot.origins.has(origin)) return true;
    if (snapshot && age < Math.min(this.ttlMs, missRefreshMs)) return false;
    return (await this.reload()).has(origin);
  }

  invalidate(): void {
    this.generation++;
    this.snapshot = undefined;
    this.loading = undefined;
  }

  private reload(): Promise<ReadonlySet<string>> {
    if (this.loading) return this.loading;
    const generation = this.generation;
    const loading = this.read(this.prisma).then(
      (origins) => {
        const set = new Set(origins);
        // A snapshot read across an invalidation may predate it: used once, not kept.
        if (generation === this.generation) {
          this.snapshot = { origins: set, takenAt: Date.now() };
          this.loading = undefined;
        }
        return set;
      },
      (error: unknown) => {
        if (generation === this.generation) this.loading = undefined;
        throw error;
      },
    );
    this.loading = loading;
    return loading;
  }
}
