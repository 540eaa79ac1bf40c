import { withAdvisoryLock } from "../db/advisory-lock";
import type { Database } from "../db/database";
import type { Logger } from "../logger";
import { startPollingLoop, type PollingLoop } from "./polling-loop";
import { failureText } from "../errors";

export type PeriodicJob = PollingLoop;

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
  /** 1 when this process ran the job now, 0 when it was not due or another process holds it. */
  async function runIfDue(): Promise<number> {
    const outcome = await withAdvisoryLock(db, `job:${name}`, async () => {
      const last = await db.prisma.jobRun.findUnique({ where: { name } });
      if (last && Date.now() - last.lastRunAt.getTime() < intervalMs) return 0;
      const startedAt = new Date();
      let error: string | null = null;
      try {
        log.info({ job: name, ...(await options.run()) }, "Job ran");
      } catch (failure) {
        error = failureText(failure);
        log.warn({ job: name, err: failure }, "Job failed");
      }
      const row = { lastRunAt: startedAt, lastDurationMs: Date.now() - startedAt.getTime(), lastError: error };
      await db.prisma.jobRun.upsert({ where: { name }, create: { name, ...row }, update: row });
      return 1;
    });
    return outcome.acquired ? outcome.result : 0;
  }

  return startPollingLoop({
    processNext: runIfDue,
    // Checked a fifth of an interval apart (1 s to 1 min): a run is at most that late.
    pollIntervalMs: Math.min(Math.max(intervalMs / 5, 1000), 60_000),
    log,
    failureMessage: `Job ${name} could not be scheduled`,
  });
}
