import type { Database } from "../../subgraphs/core/src/db/database";

/** How many expired rows `insertExpiredRows` writes per table (100,000 in all). */
export const expiredRowCounts = {
  outboxEvents: 40_000,
  webhookReceipts: 20_000,
  webhookDeliveries: 15_000,
  webhookAttempts: 15_000,
  syncRuns: 10_000,
} as const;

/**
 * 100,000 finished rows `age` old (published events, processed receipts, delivered
 * deliveries with one attempt each, finished sync runs), written by the server itself with
 * generate_series in a few statements. They carry the marker `expired` (in aggregate, topic,
 * eventType and trigger) so a test tells them from the rows it means to keep.
 */
export async function insertExpiredRows(db: Database, clientId: string, age = "60 days"): Promise<void> {
  const counts = expiredRowCounts;
  await db.withSession((session) =>
    session.exec(`
      INSERT INTO "OutboxEvent" ("id", "clientId", "type", "aggregate", "payload", "createdAt", "publishedAt", "attempts")
      SELECT gen_random_uuid(), '${clientId}', 'stock.changed', 'expired', '{"onHand": 1}'::jsonb,
             now() - interval '${age}', now() - interval '${age}', 1
      FROM generate_series(1, ${counts.outboxEvents});

      INSERT INTO "WebhookReceipt" ("id", "clientId", "connectionId", "platform", "deliveryId", "topic", "status",
                                    "payload", "attempts", "createdAt", "processedAt")
      SELECT gen_random_uuid(), '${clientId}', '${clientId}', 'SHOPIFY', gen_random_uuid()::text, 'expired', 'PROCESSED',
             '{}'::jsonb, 1, now() - interval '${age}', now() - interval '${age}'
      FROM generate_series(1, ${counts.webhookReceipts});

      INSERT INTO "WebhookDelivery" ("id", "clientId", "endpointId", "eventId", "eventType", "payload", "status",
                                     "attempts", "createdAt", "deliveredAt")
      SELECT gen_random_uuid(), '${clientId}', '${clientId}', gen_random_uuid(), 'expired', '{}'::jsonb, 'SUCCEEDED',
             1, now() - interval '${age}', now() - interval '${age}'
      FROM generate_series(1, ${counts.webhookDeliveries});

      INSERT INTO "WebhookAttempt" ("id", "deliveryId", "at", "responseStatus", "durationMs")
      SELECT gen_random_uuid(), "id", "createdAt", 200, 12 FROM "WebhookDelivery" WHERE "eventType" = 'expired';

      INSERT INTO "SyncRun" ("id", "clientId", "connectionId", "trigger", "status", "startedAt", "finishedAt")
      SELECT gen_random_uuid(), '${clientId}', '${clientId}', 'expired', 'SUCCEEDED',
             now() - interval '${age}', now() - interval '${age}'
      FROM generate_series(1, ${counts.syncRuns});
    `),
  );
}
