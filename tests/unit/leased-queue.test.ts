import { silentLogger } from "../../subgraphs/core/src/logger";
import {
  startLeasedQueue,
  type LeasedQueue,
  type LeasedQueueWorker,
} from "../../subgraphs/core/src/workers/leased-queue";
import { waitFor } from "../helpers/wait";

interface Job {
  id: number;
  key: string;
}

/**
 * An in-memory queue table: `lease` takes due jobs whose key is not busy, as the SQL of a
 * real queue does; each job's work waits until the test lets it finish.
 */
function memoryQueue(jobs: Job[], options: { fail?: (job: Job) => Error | undefined } = {}) {
  const due = [...jobs];
  const running = new Map<number, () => void>();
  const done: number[] = [];
  const handedBack: number[] = [];
  let mostAtOnce = 0;
  let leaseCalls = 0;
  const queue: LeasedQueue<Job> = {
    async lease(limit, busyKeys) {
      leaseCalls++;
      const taken: Job[] = [];
      for (const job of [...due]) {
        if (taken.length === limit) break;
        if (busyKeys.includes(job.key) || taken.some((other) => other.key === job.key)) continue;
        taken.push(job);
        due.splice(due.indexOf(job), 1);
      }
      return taken;
    },
    async process(job, stopping) {
      mostAtOnce = Math.max(mostAtOnce, running.size + 1);
      const finished = new Promise<void>((resolve) => running.set(job.id, resolve));
      stopping.addEventListener("abort", () => running.get(job.id)?.());
      await finished;
      running.delete(job.id);
      if (stopping.aborted) {
        due.push(job);
        handedBack.push(job.id);
        return;
      }
      const failure = options.fail?.(job);
      if (failure) throw failure;
      done.push(job.id);
    },
    keyOf: (job) => job.key,
  };
  const finish = (id: number) => running.get(id)?.();
  const add = (more: Job[]) => due.push(...more);
  return {
    queue,
    running,
    done,
    handedBack,
    finish,
    add,
    mostAtOnce: () => mostAtOnce,
    leaseCalls: () => leaseCalls,
  };
}

/** The first pass has come and gone: nothing due was found, nothing runs. */
function workerIsIdle(memory: ReturnType<typeof memoryQueue>): boolean {
  return memory.leaseCalls() > 0 && memory.running.size === 0;
}

const jobs = (count: number, key: (index: number) => string): Job[] =>
  Array.from({ length: count }, (_, index) => ({ id: index, key: key(index) }));

const workers: LeasedQueueWorker[] = [];
afterEach(async () => {
  await Promise.all(workers.splice(0).map((worker) => worker.stop()));
});

function start(queue: LeasedQueue<Job>, concurrency: number, pollIntervalMs = 5): LeasedQueueWorker {
  const worker = startLeasedQueue({
    queue,
    concurrency,
    pollIntervalMs,
    maxBackoffMs: 20,
    log: silentLogger,
    failureMessage: "test queue failed",
  });
  workers.push(worker);
  return worker;
}

test("runs at most `concurrency` jobs at once, and fills a freed slot at once", async () => {
  const memory = memoryQueue(jobs(10, (index) => `endpoint-${index}`));
  // No poll within the test: a freed slot is filled by the pass that waited for it.
  start(memory.queue, 3, 60_000);
  await waitFor(() => memory.running.size === 3);
  memory.finish([...memory.running.keys()][0]!);
  await waitFor(() => memory.done.length === 1 && memory.running.size === 3);
  while (memory.done.length < 10) {
    for (const id of memory.running.keys()) memory.finish(id);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  expect(memory.mostAtOnce()).toBe(3);
});

test("never runs two jobs with one key at once, while other keys go on", async () => {
  const memory = memoryQueue([
    { id: 1, key: "slow" },
    { id: 2, key: "slow" },
    { id: 3, key: "fast" },
    { id: 4, key: "fast" },
  ]);
  start(memory.queue, 16);
  await waitFor(() => memory.running.has(1) && memory.running.has(3));
  expect(memory.running.size).toBe(2);
  memory.finish(3);
  await waitFor(() => memory.running.has(4));
  expect(memory.running.has(2)).toBe(false);
  memory.finish(4);
  memory.finish(1);
  await waitFor(() => memory.running.has(2));
  memory.finish(2);
  await waitFor(() => memory.done.length === 4);
  expect(memory.done).toEqual([3, 4, 1, 2]);
});

test("drain waits for the work it started and says how many jobs that was", async () => {
  const memory = memoryQueue([]);
  // The first pass finds nothing; the next one is a minute away, so drain does all the work.
  const worker = start(memory.queue, 4, 60_000);
  await new Promise((resolve) => setTimeout(resolve, 20));
  memory.add(jobs(5, (index) => `endpoint-${index % 2}`));
  const finishing = setInterval(() => memory.running.forEach((finish) => finish()), 2);
  try {
    expect(await worker.drain()).toBe(5);
    expect(memory.done.sort()).toEqual([0, 1, 2, 3, 4]);
    expect(await worker.drain()).toBe(0);
  } finally {
    clearInterval(finishing);
  }
});

test("stop aborts the work in flight, which hands its jobs back, and leases nothing more", async () => {
  const memory = memoryQueue(jobs(4, (index) => `endpoint-${index}`));
  const worker = start(memory.queue, 2);
  await waitFor(() => memory.running.size === 2);
  await worker.stop();
  expect(memory.handedBack.sort()).toEqual([0, 1]);
  expect(memory.done).toEqual([]);
  expect(memory.running.size).toBe(0);
});

test("a job whose work rejects fails the pass: drain rejects with its error", async () => {
  const memory = memoryQueue([{ id: 1, key: "a" }], { fail: () => new Error("bus down") });
  const worker = start(memory.queue, 1, 60_000);
  const draining = worker.drain();
  await waitFor(() => memory.running.has(1));
  memory.finish(1);
  await expect(draining).rejects.toThrow("bus down");
});

test("wake runs a pass now instead of at the next poll", async () => {
  const memory = memoryQueue([]);
  const worker = start(memory.queue, 1, 60_000);
  await waitFor(() => workerIsIdle(memory));
  memory.add([{ id: 1, key: "a" }]);
  worker.wake();
  await waitFor(() => memory.running.has(1), 5_000, "the woken pass");
  memory.finish(1);
  await waitFor(() => memory.done.length === 1);
});

test("a wake while a pass is looking is kept: another pass follows at once", async () => {
  // Each lease sees the queue as it was when asked, and answers when the test lets it (the
  // first two; later ones at once, so the worker can stop).
  const due: Job[] = [];
  const leases: { answer: () => void }[] = [];
  const processed: number[] = [];
  const queue: LeasedQueue<Job> = {
    lease: (limit) => {
      const seen = due.splice(0, limit);
      if (leases.length >= 2) return Promise.resolve(seen);
      return new Promise((resolve) => leases.push({ answer: () => resolve(seen) }));
    },
    async process(job) {
      processed.push(job.id);
    },
  };
  const worker = start(queue, 1, 60_000);
  await waitFor(() => leases.length === 1);
  // Committed after that lease looked, and woken while it is still out: it found nothing.
  due.push({ id: 7, key: "a" });
  worker.wake();
  leases[0]!.answer();
  await waitFor(() => leases.length === 2, 5_000, "the pass after the wake");
  leases[1]!.answer();
  await waitFor(() => processed.includes(7));
});
