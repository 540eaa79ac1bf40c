import { cpuMs } from "../lib/processes";
import type { Gateway } from "./gateway";
import type { StockEvents } from "./stock-events";
import { sleep } from "./waiting";

export interface Fired {
  values: number[];
  /** Gateway CPU time from the first event to the last delivery, in ms. */
  cpu: number;
  /** Why the wait for deliveries ended before all arrived; null when they did. */
  timedOut: string | null;
  failures: string[];
}

/**
 * Fires the M events on a fixed schedule, `spacingMs` apart from the first, and waits for
 * their deliveries (or for deliveries to stop arriving). The schedule does not wait for a
 * mutation to answer: when fired relative to the previous fire, an event whose mutation was
 * held up by the gateway's writes went out late and the next at once after it, so the
 * gateway's backlog slowed the load instead of showing in the latencies.
 */
export async function fireEvents(
  gateway: Gateway,
  events: StockEvents,
  { eventCount, spacingMs }: { eventCount: number; spacingMs: number },
  expectedPerEvent: number,
  delivered: () => number,
): Promise<Fired> {
  const values: number[] = [];
  const failures: string[] = [];
  const cpuBefore = cpuMs(gateway.pid);
  const firstAt = Date.now();
  const mutations: Promise<unknown>[] = [];
  for (let k = 0; k < eventCount; k++) {
    await sleep(Math.max(0, firstAt + k * spacingMs - Date.now()));
    const value = events.nextValue();
    values.push(value);
    mutations.push(
      events
        .fire(value)
        .catch((error: unknown) =>
          failures.push(`setInventory #${k + 1} failed: ${error instanceof Error ? error.message : String(error)}`),
        ),
    );
  }
  await Promise.all(mutations);
  let timedOut: string | null = null;
  const expected = expectedPerEvent * eventCount;
  // Done when all arrived; give up when nothing new arrived for 15 s, or after 180 s.
  const hardEnd = Date.now() + 180_000;
  let lastCount = delivered();
  let lastProgress = Date.now();
  while (delivered() < expected) {
    if (gateway.exited()) throw new Error(`gateway exited (${gateway.exited()})`);
    await sleep(20);
    if (delivered() !== lastCount) {
      lastCount = delivered();
      lastProgress = Date.now();
    } else if (Date.now() - lastProgress > 15_000) {
      timedOut = "no delivery for 15 s";
      break;
    }
    if (Date.now() > hardEnd) {
      timedOut = "delivery phase over 180 s";
      break;
    }
  }
  return { values, cpu: cpuMs(gateway.pid) - cpuBefore, timedOut, failures };
}
