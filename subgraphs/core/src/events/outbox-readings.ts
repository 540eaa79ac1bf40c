import { readingCountCap, type DatabaseReading } from "../module/definition";

/** How far the dispatcher is behind: core's own table, read like a module's. */
export const outboxReadings: readonly DatabaseReading<"core">[] = [
  {
    name: "omnistack_outbox_pending_events",
    help: `Outbox events not yet published to the event bus (counted up to ${readingCountCap})`,
    type: "gauge",
    read: async (prisma) => {
      const [row] = await prisma.$queryRaw<{ count: number }[]>`
        SELECT count(*)::int AS count FROM (
          SELECT 1 FROM "OutboxEvent" WHERE "publishedAt" IS NULL LIMIT ${readingCountCap}
        ) AS pending`;
      return [{ value: row?.count ?? 0 }];
    },
  },
  {
    name: "omnistack_outbox_oldest_pending_age_seconds",
    help: "Age of the oldest unpublished outbox event; 0 when none is pending",
    type: "gauge",
    // Outbox ids are UUIDv7, so the lowest pending id is the oldest pending event (an index scan).
    read: async (prisma) => {
      const [row] = await prisma.$queryRaw<{ age: number }[]>`
        SELECT EXTRACT(EPOCH FROM (now() - "createdAt"))::float8 AS age FROM "OutboxEvent"
        WHERE "publishedAt" IS NULL ORDER BY "id" LIMIT 1`;
      return [{ value: Math.max(0, row?.age ?? 0) }];
    },
  },
];
