import { v7 as uuidv7 } from "uuid";
import { Prisma } from "../db/generated/client";
import { ownTransaction, type InTransaction } from "../db/module-db";
import type { DomainEvent, EventPayloads, EventType } from "./types";

/** An event as its change describes it; the outbox gives it its id and time. */
export type NewEvent<T extends EventType = EventType> = {
  [K in T]: Omit<DomainEvent<K>, "id" | "createdAt">;
}[T];

/** uuid's v7 is monotonic within the process, so events of one change keep their order. */
export const newEventId = (): string => uuidv7();

const toRow = (event: NewEvent) => ({
  id: newEventId(),
  type: event.type,
  clientId: event.clientId,
  aggregate: event.aggregate,
  payload: event.payload as unknown as Prisma.InputJsonValue,
});

/**
 * Appends an event to the outbox. Call it with the transaction of the change it describes:
 * the event then exists exactly when the change was committed, and the dispatcher publishes it.
 */
export async function recordEvent(tx: InTransaction, event: NewEvent): Promise<void> {
  await ownTransaction<"core">(tx).outboxEvent.create({ data: toRow(event) });
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

/** One SQL expression per field of an event type's payload: the compiler keeps them in step with the type. */
export type PayloadSql<T extends EventType> = { readonly [K in keyof EventPayloads[T]]-?: Prisma.Sql };

/**
 * Events made from the rows of a statement, one per row, for a hot path whose payload holds
 * figures only that statement knows (a level as its update left it). `id`, `aggregate` and
 * every payload field are expressions over the rows of `from`.
 */
export interface EventsFromRows<T extends EventType> {
  type: T;
  clientId: string | null;
  /** The rows, as a FROM clause with its conditions: one event each. */
  from: Prisma.Sql;
  /** An id from `newEventId` per row. */
  id: Prisma.Sql;
  aggregate: Prisma.Sql;
  payload: PayloadSql<T>;
}

/** The INSERT of events made from a statement's rows, as a CTE of that statement. */
export function insertEventsFromRowsSql<T extends EventType>(events: EventsFromRows<T>): Prisma.Sql {
  const fields = Object.entries<Prisma.Sql>(events.payload).map(([name, value]) => Prisma.sql`${name}::text, ${value}`);
  return Prisma.sql`
    INSERT INTO "OutboxEvent" ("id", "type", "clientId", "aggregate", "payload")
    SELECT ${events.id}, ${events.type}::text, ${events.clientId}::uuid, ${events.aggregate},
      jsonb_build_object(${Prisma.join(fields)})
    FROM ${events.from}`;
}

/** The events of one change in one statement, in the order given. */
export async function recordEvents(tx: InTransaction, events: readonly NewEvent[]): Promise<void> {
  if (events.length === 0) return;
  await ownTransaction<"core">(tx).outboxEvent.createMany({ data: events.map(toRow) });
}
