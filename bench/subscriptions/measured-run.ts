import { fireEvents } from "./fire-events";
import { memoryKb, settle, type Gateway } from "./gateway";
import type { BenchOptions, Mode } from "./options";
import { fdCount, rssKb } from "./proc-readings";
import type { RunResult } from "./report";
import type { StockEvents } from "./stock-events";
import { SubscriberPool } from "./subscriber-pool";
import { PhaseTimeout, waitUntil } from "./waiting";

export interface RunSetting {
  gateway: Gateway;
  events: StockEvents;
  connectionParams: Record<string, string>;
  options: Pick<BenchOptions, "eventCount" | "spacingMs" | "clientThreads">;
  /** "embedded PGlite, in-memory event bus" and the like. */
  backend: string;
}

const percentile = (sorted: number[], q: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;

/** The same mutations with nobody subscribed: the cost of the mutation itself. */
export async function measureBaseline({ gateway, events, options }: RunSetting): Promise<RunResult> {
  await settle(gateway);
  const baseline = await fireEvents(gateway, events, options, 0, () => 0);
  return {
    n: 0,
    mode: "baseline",
    connectS: NaN,
    rssPerConnKb: NaN,
    heapPerConnKb: NaN,
    p50: NaN,
    p99: NaN,
    delivered: 0,
    expected: 0,
    cpuPerEventMs: baseline.cpu / options.eventCount,
    cpuPerDeliveryUs: NaN,
    notes: [],
  };
}

/**
 * N subscribers in one mode: connect them, prove them registered with a warm-up event, fire
 * the measured events, then close them and wait for the gateway to let go. A phase that runs
 * out of time ends the run with a note instead of failing the bench.
 */
export async function measureRun(setting: RunSetting, n: number, mode: Mode): Promise<RunResult> {
  const { gateway: gw, events, options } = setting;
  const { eventCount } = options;
  const notes: string[] = [];
  await settle(gw);
  const fdsBefore = fdCount(gw.pid);
  const memoryBefore = await memoryKb(gw);
  const rssBefore = memoryBefore.rss;
  const benchRssBefore = process.memoryUsage().rss;
  const problemsBefore = gw.problems.length;

  const subscribers = new SubscriberPool(
    n,
    mode,
    { url: gw.url, connectionParams: setting.connectionParams, productId: events.productId },
    options.clientThreads,
  );
  const connectStarted = performance.now();
  await subscribers.connect();
  const connectS = (performance.now() - connectStarted) / 1000;
  let rssAfter = rssKb(gw.pid);
  const fdsAfter = fdCount(gw.pid);
  const benchRssAfter = process.memoryUsage().rss;
  const result: RunResult = {
    n,
    mode,
    connectS,
    rssPerConnKb: (rssAfter - rssBefore) / n,
    heapPerConnKb: NaN,
    p50: NaN,
    p99: NaN,
    delivered: 0,
    expected: n * eventCount,
    cpuPerEventMs: NaN,
    cpuPerDeliveryUs: NaN,
    notes,
  };
  notes.push(
    `gateway fds ${fdsBefore} → ${fdsAfter} once connected; ` +
      `bench RSS ${((benchRssAfter - benchRssBefore) / 1024 / n).toFixed(1)} KB/conn`,
  );
  try {
    if (subscribers.connected < n) {
      throw new PhaseTimeout(
        `connected ${subscribers.connected} of ${n} (refused/failed ${subscribers.refused}, close codes ${JSON.stringify([...subscribers.closes])})`,
      );
    }
    // Warm-up event: proves every subscription is registered before the measured events.
    const warmupValue = events.nextValue();
    await subscribers.expectWarmup(warmupValue);
    const warmupStarted = performance.now();
    await events.fire(warmupValue);
    await waitUntil(
      () => subscribers.warmedUp >= n || gw.exited() !== null,
      30_000 + n * 10,
      `warm-up (${subscribers.warmedUp}/${n})`,
    ).catch((error: unknown) => {
      if (!(error instanceof PhaseTimeout)) throw error;
      notes.push(`warm-up event reached ${subscribers.warmedUp} of ${n} subscribers`);
    });
    if (subscribers.warmedUp >= n) {
      notes.push(`warm-up event reached all in ${((performance.now() - warmupStarted) / 1000).toFixed(2)} s`);
    }
    await settle(gw);
    // Every subscription is registered now: the memory they hold is in the RSS.
    const memoryAfter = await memoryKb(gw);
    rssAfter = memoryAfter.rss;
    result.rssPerConnKb = (rssAfter - rssBefore) / n;
    result.heapPerConnKb = (memoryAfter.heap - memoryBefore.heap) / n;
    notes.push(
      `gateway after subscribing${gw.inspector ? " (after GC)" : ""}: RSS ${(rssBefore / 1024).toFixed(0)} → ${(rssAfter / 1024).toFixed(0)} MB, ` +
        `heap ${(memoryBefore.heap / 1024).toFixed(0)} → ${(memoryAfter.heap / 1024).toFixed(0)} MB`,
    );

    // The measured events: their onHand values are known before they are fired.
    const values = events.upcoming(eventCount);
    await subscribers.expect(values);
    const fired = await fireEvents(gw, events, options, n, () => subscribers.delivered);
    if (fired.values.join() !== values.join()) throw new Error("fired values out of step");
    notes.push(...fired.failures);
    if (fired.timedOut) notes.push(`delivery phase ended: ${fired.timedOut}`);
    const latencies = (await subscribers.latencies()).sort((a, b) => a - b);
    const { delivered } = subscribers;
    Object.assign(result, {
      p50: percentile(latencies, 0.5),
      p99: percentile(latencies, 0.99),
      delivered,
      cpuPerEventMs: fired.cpu / eventCount,
      cpuPerDeliveryUs: delivered > 0 ? (fired.cpu * 1000) / delivered : NaN,
    });
    const lostPerEvent = await subscribers.lost(values);
    if (lostPerEvent.some((lost) => lost > 0)) notes.push(`not delivered, per event: ${lostPerEvent.join(" ")}`);
  } catch (error) {
    notes.push(error instanceof PhaseTimeout ? error.message : `failed: ${String(error)}`);
    if (gw.exited()) notes.push(`gateway exited (${gw.exited()})`);
  } finally {
    if (subscribers.duplicates) notes.push(`duplicate deliveries: ${subscribers.duplicates}`);
    if (subscribers.unexpected) notes.push(`deliveries of unknown events: ${subscribers.unexpected}`);
    if (subscribers.missingName) notes.push(`deliveries without product name: ${subscribers.missingName}`);
    if (subscribers.errors.length) notes.push(`errors: ${subscribers.errors.join(" | ")}`);
    // Close every client before the next run and wait for the gateway to let go of them.
    const unclosed = await subscribers.close();
    if (unclosed) notes.push(unclosed);
    await waitUntil(
      () => gw.exited() !== null || fdCount(gw.pid) <= fdsBefore + 5,
      30_000,
      "gateway releasing sockets",
      200,
    ).catch(() => undefined);
    await settle(gw);
    if (!gw.exited()) {
      const memoryClosed = await memoryKb(gw);
      notes.push(
        `after close: gateway fds ${fdCount(gw.pid)}, RSS ${(memoryClosed.rss / 1024).toFixed(0)} MB ` +
          `(${((memoryClosed.rss - rssBefore) / 1024).toFixed(0)} MB vs before connecting), ` +
          `heap ${(memoryClosed.heap / 1024).toFixed(0)} MB (${((memoryClosed.heap - memoryBefore.heap) / 1024).toFixed(0)} MB)`,
      );
    }
    const newProblems = gw.problems.slice(problemsBefore);
    if (newProblems.length) {
      notes.push(`gateway logged ${newProblems.length} warnings/errors, first: ${newProblems.slice(0, 3).join(" | ")}`);
    }
  }
  return result;
}
