import type { Logger } from "../logger";

export interface PollingLoop {
  /** Ends the loop; resolves once the work in flight has committed or rolled back. */
  stop(): Promise<void>;
  /** Processes everything due now and returns how many items that was (tests, benches, shutdown). */
  drain(): Promise<number>;
  /**
   * Runs a pass now instead of at the next poll, or right after the one running. A loop
   * backing off after failures keeps its pause.
   */
  wake(): void;
}

export interface PollingLoopOptions {
  /** Claims what is due (one item or a batch), handles it, returns how many: 0 when nothing was due. */
  processNext: () => Promise<number>;
  /** Pause after a pass that found nothing more due. */
  pollIntervalMs: number;
  /** Longest pause between passes while they keep failing (the pause doubles each time). */
  maxBackoffMs?: number;
  log: Logger;
  /** Logged when a pass fails outside any item (the claim itself, a bus that is down). */
  failureMessage: string;
}

/**
 * Runs `processNext` until nothing is due, then waits `pollIntervalMs`. A pass that throws
 * is retried after a pause that doubles with each failure in a row, up to `maxBackoffMs`.
 * Passes never overlap, so `stop` and `drain` see a quiet worker. The timer never keeps a
 * process alive on its own.
 */
export function startPollingLoop(options: PollingLoopOptions): PollingLoop {
  const { processNext, pollIntervalMs, log } = options;
  const maxBackoffMs = options.maxBackoffMs ?? 5_000;
  let stopped = false;
  let failures = 0;
  let timer: NodeJS.Timeout | undefined;
  /** Woken during a pass: what it was woken for may have committed after the pass last looked. */
  let wokenDuringPass = false;
  let queue: Promise<unknown> = Promise.resolve();
  const exclusive = <T>(work: () => Promise<T>): Promise<T> => {
    const result = queue.then(work);
    queue = result.catch(() => undefined);
    return result;
  };

  async function pass(): Promise<number> {
    let total = 0;
    for (let processed = await processNext(); processed > 0; processed = stopped ? 0 : await processNext()) {
      total += processed;
    }
    return total;
  }

  function schedule(delayMs: number): void {
    if (stopped) return;
    timer = setTimeout(tick, delayMs);
    timer.unref();
  }

  function tick(): void {
    timer = undefined;
    wokenDuringPass = false;
    exclusive(pass).then(
      () => {
        if (failures > 0) log.info({ failures }, `${options.failureMessage}: working again`);
        failures = 0;
        schedule(wokenDuringPass ? 0 : pollIntervalMs);
      },
      (error: unknown) => {
        failures++;
        const retryInMs = Math.min(maxBackoffMs, pollIntervalMs * 2 ** failures);
        log.warn({ err: error, failures, retryInMs }, options.failureMessage);
        schedule(retryInMs);
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
    wake() {
      if (stopped || failures > 0) return;
      if (timer === undefined) {
        wokenDuringPass = true;
        return;
      }
      clearTimeout(timer);
      tick();
    },
    drain: () =>
      exclusive(async () => {
        let total = 0;
        for (let processed = await processNext(); processed > 0; processed = await processNext()) total += processed;
        return total;
      }),
  };
}
