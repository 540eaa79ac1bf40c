import type { Database } from "../db/database";
import { prepared } from "../db/prepared";
import { Prisma, type Db } from "../db/types";
import type { Logger } from "../logger";
import { startLeasedQueue, type LeasedQueueWorker } from "../workers/leased-queue";
import type { DomainEvent, EventBus } from "./types";
import { failureText } from "../errors";

/**
 * Work that must exist exactly when its events count as published (the outbound webhook
 * deliveries): it runs in the transaction that marks them. It may run more than once for an
 * event (a dispatcher that died after publishing), so it must be idempotent.
 */
export type DurableEventHandler = (tx: Db, events: readonly DomainEvent[]) => Promise<void>;

export interface DispatcherOptions {
  db: Database;
  bus: EventBus;
  log: Logger;
  /** Run in the transaction that marks each batch published. */
  durableHandlers?: readonly DurableEventHandler[];
  /** Pause between passes that found nothing more to publish. */
  pollIntervalMs?: number;
  /** Rows leased, published and marked per pass. */
  batchSize?: number;
  /** Longest pause between retries while publishing fails. */
  maxBackoffMs?: number;
  /** How long a pass owns its rows; a dispatcher that died holding them frees them after this. */
  leaseMs?: number;
  /** Crash-test kill points: between the publish and the mark, and right after the mark commits. */
  afterPublish?: () => void;
  afterMark?: () => void;
}

/** `drain` publishes everything pending now and returns how many events that was; it rejects when publishing fails. */
export type Dispatcher = LeasedQueueWorker;

interface OutboxRow {
  id: string;
  clientId: string | null;
  type: DomainEvent["type"];
  aggregate: string;
  payload: DomainEvent["payload"];
  createdAt: Date;
}

// Publishing is one Redis round trip: a lease this long outlives any healthy publish, and a
// dead dispatcher's rows go to another after it.
const defaultLeaseMs = 10_000;

/**
 * Moves outbox rows to the bus. Each pass leases the oldest pending rows (one statement,
 * `FOR UPDATE SKIP LOCKED`), publishes them with no transaction open, then marks them
 * published in a short transaction that also runs the durable handlers. So any number of
 * dispatchers share the work, a slow bus holds no row lock or pool connection, and a crash
 * at any point loses nothing: rows not marked are leased again once their lease runs out and
 * published again (delivery is at least once; consumers drop ids they have seen). A failed
 * publish records the error, frees the rows at once and the loop backs off exponentially.
 * A batch is one lease and one lease runs at a time, so events go out in the order written.
 * Between polls, a commit in this process that says so (`db.outbox`) starts a pass at once.
 */
export function startDispatcher(options: DispatcherOptions): Dispatcher {
  const { db, bus, log } = options;
  const durableHandlers = options.durableHandlers ?? [];
  const batchSize = options.batchSize ?? 100;
  const leaseMs = options.leaseMs ?? defaultLeaseMs;

  async function hasPending(): Promise<boolean> {
    const rows = await db.prisma.$queryRaw<unknown[]>(
      prepared(Prisma.sql`
        SELECT 1 FROM "OutboxEvent"
        WHERE "publishedAt" IS NULL AND ("leaseUntil" IS NULL OR "leaseUntil" < now())
        LIMIT 1`),
    );
    return rows.length > 0;
  }

  /** The next batch as one lease; none when nothing is pending. */
  async function lease(): Promise<DomainEvent[][]> {
    // Idle passes cost one indexed read instead of a write.
    if (!(await hasPending())) return [];
    const rows = await db.prisma.$queryRaw<OutboxRow[]>(
      prepared(Prisma.sql`
        UPDATE "OutboxEvent" SET "leaseUntil" = now() + ${leaseMs} * interval '1 millisecond',
          "attempts" = "attempts" + 1
        WHERE "id" IN (
          SELECT "id" FROM "OutboxEvent"
          WHERE "publishedAt" IS NULL AND ("leaseUntil" IS NULL OR "leaseUntil" < now())
          ORDER BY "id"
          LIMIT ${batchSize}
          FOR UPDATE SKIP LOCKED)
        RETURNING "id", "clientId", "type", "aggregate", "payload", "createdAt"`),
    );
    if (rows.length === 0) return [];
    // RETURNING keeps no order; uuid v7 ids sort in the order the events were written.
    return [rows.sort((a, b) => (a.id < b.id ? -1 : 1)).map(toDomainEvent)];
  }

  async function markPublished(events: readonly DomainEvent[]): Promise<void> {
    const ids = events.map((event) => event.id);
    await db.prisma.$transaction(async (tx) => {
      for (const handle of durableHandlers) await handle(tx, events);
      await tx.$executeRaw(
        prepared(Prisma.sql`
          UPDATE "OutboxEvent" SET "publishedAt" = now(), "leaseUntil" = NULL
          WHERE "id" = ANY(${ids}::uuid[]) AND "publishedAt" IS NULL`),
      );
    });
  }

  /**
   * Publishing cannot be cut short, so a stopping dispatcher finishes the batch and marks it
   * rather than publish it twice.
   */
  async function publish(events: readonly DomainEvent[]): Promise<void> {
    try {
      await bus.publish(events);
    } catch (error) {
      await release(events, error);
      throw error;
    }
    options.afterPublish?.();
    await markPublished(events);
    options.afterMark?.();
  }

  /** A failed publish: the rows are free for the next pass at once, with the reason kept. */
  async function release(events: readonly DomainEvent[], error: unknown): Promise<void> {
    const ids = events.map((event) => event.id);
    try {
      await db.prisma.$executeRaw`
        UPDATE "OutboxEvent" SET "leaseUntil" = NULL, "lastError" = ${failureText(error)}
        WHERE "id" = ANY(${ids}::uuid[]) AND "publishedAt" IS NULL`;
    } catch (recordError) {
      log.warn({ err: recordError }, "Could not record a failed outbox publish");
    }
  }

  const worker = startLeasedQueue({
    queue: { lease, process: publish, itemCount: (events) => events.length },
    pollIntervalMs: options.pollIntervalMs ?? 50,
    maxBackoffMs: options.maxBackoffMs ?? 5_000,
    log,
    failureMessage: "Publishing outbox events failed",
  });
  const stopListening = db.outbox.onCommitted(worker.wake);
  return {
    ...worker,
    async stop() {
      stopListening();
      await worker.stop();
    },
  };
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
