import path from "node:path";
import { Worker } from "node:worker_threads";
import type { Mode } from "./options";
import type { Command, Tally, ThreadShare } from "./subscriber-thread";
import type { SubscriberTarget } from "./subscribers";

type WithoutId<C> = C extends unknown ? Omit<C, "id"> : never;

/** Handshakes in flight across all threads while connecting. */
const connectsInFlight = 200;

const emptyTally = (): Tally => ({
  delivered: 0,
  duplicates: 0,
  unexpected: 0,
  missingName: 0,
  warmedUp: 0,
  connected: 0,
  refused: 0,
  closed: 0,
  errors: [],
  closes: [],
});

class SubscriberThread {
  tally = emptyTally();
  private readonly worker: Worker;
  private readonly pending = new Map<number, (result: unknown) => void>();
  private nextId = 0;

  constructor(share: ThreadShare) {
    // Through `require`, so that the thread loads TypeScript with the hook this process was started with.
    this.worker = new Worker(`require(${JSON.stringify(path.join(__dirname, "subscriber-thread.ts"))})`, {
      eval: true,
      workerData: share,
    });
    this.worker.on("message", (message: { tally?: Tally; id?: number; result?: unknown }) => {
      if (message.tally) this.tally = message.tally;
      if (message.id !== undefined) {
        this.pending.get(message.id)?.(message.result);
        this.pending.delete(message.id);
      }
    });
    this.worker.on("error", (error) => this.tally.errors.push(`subscriber thread: ${error.message}`));
  }

  call<T>(command: WithoutId<Command>): Promise<T> {
    const id = this.nextId++;
    return new Promise((resolve) => {
      this.pending.set(id, resolve as (result: unknown) => void);
      this.worker.postMessage({ ...command, id });
    });
  }

  terminate(): Promise<number> {
    return this.worker.terminate();
  }
}

/**
 * The bench's N subscribers spread over `threads` worker threads: one thread taking its turn
 * at 10,000 sockets' frames would count its own backlog as the gateway's latency. The
 * counters are the threads' sums, refreshed every 20 ms; latencies and losses are collected
 * once the deliveries are in.
 */
export class SubscriberPool {
  private readonly threads: SubscriberThread[];

  constructor(
    readonly n: number,
    mode: Mode,
    target: SubscriberTarget,
    threadCount: number,
  ) {
    const count = Math.max(1, Math.min(threadCount, n));
    this.threads = Array.from({ length: count }, (_, k) => {
      const first = Math.floor((k * n) / count);
      const next = Math.floor(((k + 1) * n) / count);
      return new SubscriberThread({
        n: next - first,
        first,
        mode,
        target,
        inFlight: Math.ceil(connectsInFlight / count),
      });
    });
  }

  private sum(key: Exclude<keyof Tally, "errors" | "closes">): number {
    return this.threads.reduce((total, thread) => total + thread.tally[key], 0);
  }

  get delivered() {
    return this.sum("delivered");
  }
  get duplicates() {
    return this.sum("duplicates");
  }
  get unexpected() {
    return this.sum("unexpected");
  }
  get missingName() {
    return this.sum("missingName");
  }
  get warmedUp() {
    return this.sum("warmedUp");
  }
  get connected() {
    return this.sum("connected");
  }
  get refused() {
    return this.sum("refused");
  }
  get errors(): string[] {
    return this.threads.flatMap((thread) => thread.tally.errors).slice(0, 5);
  }
  get closes(): Map<number, number> {
    const closes = new Map<number, number>();
    for (const thread of this.threads) {
      for (const [code, count] of thread.tally.closes) closes.set(code, (closes.get(code) ?? 0) + count);
    }
    return closes;
  }

  async connect(): Promise<void> {
    await Promise.all(this.threads.map((thread) => thread.call({ op: "connect" })));
  }

  async expect(values: number[]): Promise<void> {
    await Promise.all(this.threads.map((thread) => thread.call({ op: "expect", values })));
  }

  async expectWarmup(value: number): Promise<void> {
    await Promise.all(this.threads.map((thread) => thread.call({ op: "expectWarmup", value })));
  }

  /** Per value, how many subscribers never received it. */
  async lost(values: number[]): Promise<number[]> {
    const perThread = await Promise.all(this.threads.map((thread) => thread.call<number[]>({ op: "lost", values })));
    return values.map((_, k) => perThread.reduce((sum, lost) => sum + lost[k]!, 0));
  }

  async latencies(): Promise<number[]> {
    const perThread = await Promise.all(this.threads.map((thread) => thread.call<number[]>({ op: "latencies" })));
    return perThread.flat();
  }

  /** Closes every client, then the threads; a note when some sockets did not close in 30 s. */
  async close(): Promise<string | undefined> {
    const unclosed = await Promise.all(this.threads.map((thread) => thread.call<string | undefined>({ op: "close" })));
    await Promise.all(this.threads.map((thread) => thread.terminate()));
    return unclosed.filter(Boolean).join("; ") || undefined;
  }
}
