import type { Database } from "../db/database";
import type { Logger } from "../logger";
import { startPollingLoop, type PollingLoop } from "../workers/polling-loop";
import type { DomainEvent, EventBus } from "./types";
import { failureText } from "../errors";

export interface DispatcherOptions {
  db: Database;
  bus: EventBus;
  log: Logger;
  /** Pause between passes that found nothing more to publish. */
  pollIntervalMs?: number;
  /** Rows claimed, published and marked per transaction. */
  batchSize?: number;
  /** Longest pause between retries while publishing fails. */
  maxBackoffMs?: number;
}

/** `drain` publishes everything pending now and returns how many events that was; it rejects when publishing fails. */
export type Dispatcher = PollingLoop;

interface OutboxRow {
  id: string;
  clientId: string | null;
  type: DomainEvent["type"];
  aggregate: string;
  payload: DomainEvent["payload"];
  createdAt: Date;
}

// A pass holds its row locks while it publishes: long enough for a slow Redis, short enough
// that a stuck publish lets the rows go to another dispatcher.
const passTimeoutMs = 15_000;

/**
 * Moves outbox rows to the bus. Each pass claims the oldest pending rows with
 * `FOR UPDATE SKIP LOCKED`, publishes them and marks them published in one transaction, so
 * any number of dispatchers share the work without publishing a row twice. A failed publish
 * rolls the pass back: the rows stay pending, their attempts and lastError are recorded, and
 * the loop backs off exponentially. A crash before the commit re-publishes those rows on the
 * next pass: delivery is at least once and consumers drop ids they have seen.
 */
export function startDispatcher(options: DispatcherOptions): Dispatcher {
  const { db, bus, log } = options;
  const pollIntervalMs = options.pollIntervalMs ?? 50;
  const batchSize = options.batchSize ?? 100;
  const maxBackoffMs = options.maxBackoffMs ?? 5_000;

  async function hasPending(): Promise<boolean> {
    const rows = await db.prisma.$queryRaw<unknown[]>`
      SELECT 1 FROM "OutboxEvent" WHERE "publishedAt" IS NULL LIMIT 1`;
    return rows.length > 0;
  }

  /** One batch; returns how many events it published. */
  async function pass(): Promise<number> {
    // Idle passes cost one indexed read instead of a transaction.
    if (!(await hasPending())) return 0;
    let claimed: string[] = [];
    try {
      return await db.prisma.$transaction(
        async (tx) => {
          const rows = await tx.$queryRaw<OutboxRow[]>`
            SELECT "id", "clientId", "type", "aggregate", "payload", "createdAt" FROM "OutboxEvent"
            WHERE "publishedAt" IS NULL
            ORDER BY "id"
            LIMIT ${batchSize}
            FOR UPDATE SKIP LOCKED`;
          if (rows.length === 0) return 0;
          claimed = rows.map((row) => row.id);
          await bus.publish(rows.map(toDomainEvent));
          await tx.$executeRaw`
            UPDATE "OutboxEvent" SET "publishedAt" = now(), "attempts" = "attempts" + 1
            WHERE "id" = ANY(${claimed}::uuid[])`;
          return rows.length;
        },
        { timeout: passTimeoutMs },
      );
    } catch (error) {
      if (claimed.length > 0) await recordFailure(claimed, error);
      throw error;
    }
  }

  async function recordFailure(ids: string[], error: unknown): Promise<void> {
    const message = failureText(error);
    try {
      await db.prisma.$executeRaw`
        UPDATE "OutboxEvent" SET "attempts" = "attempts" + 1, "lastError" = ${message}
        WHERE "id" = ANY(${ids}::uuid[]) AND "publishedAt" IS NULL`;
    } catch (recordError) {
      log.warn({ err: recordError }, "Could not record a failed outbox publish");
    }
  }

  return startPollingLoop({
    processNext: pass,
    pollIntervalMs,
    maxBackoffMs,
    log,
    failureMessage: "Publishing outbox events failed",
  });
}

function toDomainEvent(row: OutboxRow): DomainEvent {
  return {
    id: row.id,
    type: row.type,
    clientId: row.clientId,
    aggregate: row.aggregate,
    payload: row.payload,
    createdAt: row.createdAt.toISOString(),
  } as DomainEvent;
}
