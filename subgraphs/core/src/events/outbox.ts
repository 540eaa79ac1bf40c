import { v7 as uuidv7 } from "uuid";
import { Prisma } from "../db/generated/client";
import type { Db } from "../db/types";
import type { DomainEvent, EventType } from "./types";

/** An event as its change describes it; the outbox gives it its id and time. */
export type NewEvent<T extends EventType = EventType> = {
  [K in T]: Omit<DomainEvent<K>, "id" | "createdAt">;
}[T];

const toRow = (event: NewEvent) => ({
  // uuid's v7 is monotonic within the process, so events of one change keep their order.
  id: uuidv7(),
  type: event.type,
  clientId: event.clientId,
  aggregate: event.aggregate,
  payload: event.payload as unknown as Prisma.InputJsonValue,
});

/**
 * Appends an event to the outbox. Call it with the transaction of the change it describes:
 * the event then exists exactly when the change was committed, and the dispatcher publishes it.
 */
export async function recordEvent(db: Db, event: NewEvent): Promise<void> {
  await db.outboxEvent.create({ data: toRow(event) });
}

/**
 * The INSERT of events as SQL, for a hot path that writes its change in one statement (as a
 * CTE of it): same rows as recordEvents, one round trip fewer. A statement that may decide
 * against its change passes that decision as `when`: no event without the change.
 */
export function insertEventsSql(events: readonly NewEvent[], when: Prisma.Sql = Prisma.sql`true`): Prisma.Sql {
  const rows = events.map(toRow);
  return Prisma.sql`
    INSERT INTO "OutboxEvent" ("id", "type", "clientId", "aggregate", "payload")
    SELECT * FROM unnest(
      ${rows.map((row) => row.id)}::uuid[], ${rows.map((row) => row.type)}::text[],
      ${rows.map((row) => row.clientId)}::uuid[], ${rows.map((row) => row.aggregate)}::text[],
      ${rows.map((row) => JSON.stringify(row.payload))}::jsonb[])
    WHERE ${when}`;
}

/** The events of one change in one statement, in the order given. */
export async function recordEvents(db: Db, events: readonly NewEvent[]): Promise<void> {
  if (events.length === 0) return;
  await db.outboxEvent.createMany({ data: events.map(toRow) });
}
