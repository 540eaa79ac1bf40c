import type { Logger } from "../logger";

export interface PollingLoop {
  /** Ends the loop; resolves once the item in flight has committed or rolled back. */
  stop(): Promise<void>;
  /** Processes every item due now and returns how many were claimed (tests, benches). */
  drain(): Promise<number>;
}

/**
 * Runs `processNext` (claim one due item, handle it, report whether there was one) until
 * nothing is due, then waits `pollIntervalMs`. Passes never overlap, so `stop` and
 * `drain` see a quiet worker. The timer never keeps a process alive on its own.
 */
export function startPollingLoop(options: {
  processNext: () => Promise<boolean>;
  pollIntervalMs: number;
  log: Logger;
  /** Logged when a pass fails outside any item (the claim itself). */
  failureMessage: string;
}): PollingLoop {
  const { processNext, pollIntervalMs, log } = options;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let queue: Promise<unknown> = Promise.resolve();
  const exclusive = <T>(work: () => Promise<T>): Promise<T> => {
    const result = queue.then(work);
    queue = result.catch(() => undefined);
    return result;
  };

  async function pass(): Promise<number> {
    let processed = 0;
    while (!stopped && (await processNext())) processed++;
    return processed;
  }

  function schedule(delayMs: number): void {
    if (stopped) return;
    timer = setTimeout(tick, delayMs);
    timer.unref();
  }

  function tick(): void {
    timer = undefined;
    exclusive(pass).then(
      () => schedule(pollIntervalMs),
      (error: unknown) => {
        log.warn({ err: error }, options.failureMessage);
        schedule(Math.max(pollIntervalMs, 1_000));
      },
    );
  }

  schedule(0);

  return {
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await queue;
    },
    drain: () =>
      exclusive(async () => {
        let total = 0;
        while (await processNext()) total++;
        return total;
      }),
  };
}
