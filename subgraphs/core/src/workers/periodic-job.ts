import { withAdvisoryLock } from "../db/advisory-lock";
import type { Database } from "../db/database";
import type { Logger } from "../logger";

export interface PeriodicJob {
  /** Ends the job; resolves once a run in progress has finished. */
  stop(): Promise<void>;
  /** Runs the job now if it is due (tests); returns whether it ran. */
  tick(): Promise<boolean>;
}

export interface PeriodicJobOptions {
  db: Database;
  /** Unique per job: names its advisory lock and its JobRun row. */
  name: string;
  intervalMs: number;
  log: Logger;
  /** The work; what it returns is logged with the run. */
  run: () => Promise<Record<string, unknown>>;
}

/**
 * Runs `run` once per interval across every worker process: each process checks a fifth of
 * an interval apart, and under the job's advisory lock, only one that finds the JobRun row an
 * interval old runs it and stamps the row. A crash mid-run leaves the row as it was, so the
 * job is due again at once for the next worker. Timers never keep a process alive.
 */
export function startPeriodicJob(options: PeriodicJobOptions): PeriodicJob {
  const { db, name, intervalMs, log } = options;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<boolean> = Promise.resolve(false);

  async function runIfDue(): Promise<boolean> {
    const outcome = await withAdvisoryLock(db, `job:${name}`, async () => {
      const last = await db.prisma.jobRun.findUnique({ where: { name } });
      if (last && Date.now() - last.lastRunAt.getTime() < intervalMs) return false;
      const startedAt = new Date();
      let error: string | null = null;
      try {
        log.info({ job: name, ...(await options.run()) }, "Job ran");
      } catch (failure) {
        error = failure instanceof Error ? failure.message : String(failure);
        log.warn({ job: name, err: failure }, "Job failed");
      }
      const row = { lastRunAt: startedAt, lastDurationMs: Date.now() - startedAt.getTime(), lastError: error };
      await db.prisma.jobRun.upsert({ where: { name }, create: { name, ...row }, update: row });
      return true;
    });
    return outcome.acquired && outcome.result;
  }

  function tick(): Promise<boolean> {
    running = running.then(runIfDue, runIfDue).catch((error: unknown) => {
      log.warn({ job: name, err: error }, "Job could not be scheduled");
      return false;
    });
    return running;
  }

  function schedule(): void {
    if (stopped) return;
    timer = setTimeout(() => void tick().finally(schedule), Math.min(Math.max(intervalMs / 5, 1000), 60_000));
    timer.unref();
  }

  void tick().finally(schedule);

  return {
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
    tick,
  };
}
