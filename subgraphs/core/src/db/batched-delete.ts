import { setTimeout as sleep } from "node:timers/promises";

/** Rows one retention statement deletes at most: a few milliseconds of locks and WAL each. */
export const retentionBatchSize = 1_000;

/**
 * Runs `deleteBatch(limit)` until it deletes fewer than `limit` rows, returning the total.
 * Each call is one short statement of its own (`DELETE … WHERE id IN (SELECT id … LIMIT n)`),
 * never one huge one: row locks, WAL and, on the embedded database, its single session are
 * held only for one batch. After each batch it pauses as long as the batch took, so the job
 * uses at most about half of a connection's time and the requests beside it keep the rest
 * (bench/retention.ts measures what it still costs them).
 */
export async function deleteInBatches(
  deleteBatch: (limit: number) => Promise<number>,
  limit: number = retentionBatchSize,
): Promise<number> {
  let total = 0;
  for (;;) {
    const startedAt = performance.now();
    const deleted = await deleteBatch(limit);
    total += deleted;
    if (deleted < limit) return total;
    await sleep(performance.now() - startedAt);
  }
}

/** The instant before which rows `retentionMs` old are due; undefined keeps everything. */
export function retentionCutoff(retentionMs: number | undefined, now = new Date()): Date | undefined {
  return retentionMs === undefined ? undefined : new Date(now.getTime() - retentionMs);
}
