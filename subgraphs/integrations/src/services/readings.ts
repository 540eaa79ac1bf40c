import { readingCountCap, type DatabaseReading } from "../../../core/src/module/definition";

/** The integrations' backlogs, as `/metrics` reports them. */
export const integrationReadings: readonly DatabaseReading<"integrations">[] = [
  {
    name: "omnistack_webhook_receipts_received",
    help: `Store webhook receipts stored and not processed yet, status RECEIVED (counted up to ${readingCountCap})`,
    type: "gauge",
    read: async (prisma) => {
      const [row] = await prisma.$queryRaw<{ count: number }[]>`
        SELECT count(*)::int AS count FROM (
          SELECT 1 FROM "WebhookReceipt" WHERE "status" = 'RECEIVED' LIMIT ${readingCountCap}
        ) AS received`;
      return [{ value: row?.count ?? 0 }];
    },
  },
  {
    name: "omnistack_sync_runs_total",
    help: "Store sync runs recorded, by status (RUNNING, SUCCEEDED, FAILED)",
    type: "counter",
    labelNames: ["status"],
    read: async (prisma) => {
      const rows = await prisma.$queryRaw<{ status: string; count: number }[]>`
        SELECT "status"::text AS status, count(*)::int AS count FROM "SyncRun" GROUP BY "status"`;
      return rows.map((row) => ({ labels: { status: row.status }, value: row.count }));
    },
  },
];
