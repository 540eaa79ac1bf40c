import type { Logger } from "../logger";
import { startPollingLoop, type PollingLoop } from "./polling-loop";

/**
 * A queue table as its owner sees it: the SQL (which table, which lease column, which
 * outcome columns) stays with the owner; the loop only leases, runs and counts.
 */
export interface LeasedQueue<Lease> {
  /**
   * Leases up to `limit` due leases in one statement (`FOR UPDATE SKIP LOCKED`, then a lease
   * column moved past the longest healthy run), so other workers skip them until the lease
   * runs out and a worker that died holding them loses nothing. `busyKeys` are the keys
   * (`keyOf`) in flight in this process: leave them out. Returns [] when nothing is due.
   */
  lease(limit: number, busyKeys: readonly string[]): Promise<Lease[]>;
  /**
   * Does the work with no transaction open (network calls hold no row lock or pool
   * connection), then records the outcome in a short transaction that checks the lease is
   * still held: a lost lease means another worker owns the item now. A failure it records
   * (a retry on its `RetryPolicy`, or giving up) resolves; a rejection fails the pass, so the
   * loop backs off and `drain` rejects. `stopping` aborts when the worker stops: the work
   * then hands its item back (frees the lease) unrecorded, or finishes if it cannot be cut.
   */
  process(lease: Lease, stopping: AbortSignal): Promise<void>;
  /** Leases with one key never run at once in this process (one delivery per webhook endpoint). */
  keyOf?(lease: Lease): string;
  /** Items a lease holds, for the counts `drain` returns: a batch leased as one; 1 when left out. */
  itemCount?(lease: Lease): number;
}

export interface LeasedQueueOptions<Lease> {
  queue: LeasedQueue<Lease>;
  /** Leases processed at once by this process. */
  concurrency?: number;
  /** Pause after a pass that found nothing due. */
  pollIntervalMs: number;
  /** Longest pause between passes while they keep failing. */
  maxBackoffMs?: number;
  log: Logger;
  /** Logged when a pass fails (the lease statement, or a `process` that rejected). */
  failureMessage: string;
}

/**
 * `stop` aborts the work in flight, which hands its items back, and resolves once it has;
 * `drain` processes everything due now, waits for it and returns how many items that was.
 */
export type LeasedQueueWorker = PollingLoop;

/**
 * Runs a leased queue: each pass leases as many items as there are free slots and starts
 * them; while every slot is taken it waits for one to free, so the next lease follows at
 * once. With one slot the passes are strictly one after another, as the outbox needs.
 */
export function startLeasedQueue<Lease>(options: LeasedQueueOptions<Lease>): LeasedQueueWorker {
  const { queue } = options;
  const concurrency = options.concurrency ?? 1;
  const inFlight = new Set<Promise<void>>();
  const busyKeys = new Set<string>();
  const failures: unknown[] = [];
  const stopping = new AbortController();

  function start(lease: Lease): void {
    const key = queue.keyOf?.(lease);
    if (key !== undefined) busyKeys.add(key);
    const work: Promise<void> = queue
      .process(lease, stopping.signal)
      .catch((error: unknown) => {
        failures.push(error);
      })
      .finally(() => {
        inFlight.delete(work);
        if (key !== undefined) busyKeys.delete(key);
      });
    inFlight.add(work);
  }

  /** A failure of work started by an earlier pass is this pass's, so it is not lost. */
  function throwEarlierFailure(): void {
    if (failures.length > 0) throw failures.shift();
  }

  async function processNext(): Promise<number> {
    throwEarlierFailure();
    if (stopping.signal.aborted) return 0;
    const leases = await queue.lease(concurrency - inFlight.size, [...busyKeys]);
    for (const lease of leases) start(lease);
    if (inFlight.size >= concurrency) await Promise.race(inFlight);
    throwEarlierFailure();
    return leases.reduce((total, lease) => total + (queue.itemCount?.(lease) ?? 1), 0);
  }

  const loop = startPollingLoop({
    processNext,
    pollIntervalMs: options.pollIntervalMs,
    maxBackoffMs: options.maxBackoffMs,
    log: options.log,
    failureMessage: options.failureMessage,
  });

  return {
    async stop() {
      stopping.abort();
      await loop.stop();
      await Promise.all(inFlight);
    },
    wake: loop.wake,
    async drain() {
      let total = 0;
      for (;;) {
        const leased = await loop.drain();
        total += leased;
        if (inFlight.size > 0) await Promise.race(inFlight);
        else if (leased === 0) return total;
      }
    },
  };
}
