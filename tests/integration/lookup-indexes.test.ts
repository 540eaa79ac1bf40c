import { createTestDatabase, type TestDatabase } from "../helpers/database";

/**
 * Lookups made on every request of a kind must find their rows by an index, whatever the
 * tables hold. The planner is told to avoid sequential scans (with a handful of rows it would
 * rightly prefer one), so the plan shows which index it has for the lookup, if any.
 */
let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(() => database.drop());

async function planOf(sql: string): Promise<string> {
  return database.db.withSession(async (session) => {
    await session.exec("SET enable_seqscan = off");
    try {
      const rows = await session.query<{ "QUERY PLAN": string }>(`EXPLAIN ${sql}`);
      return rows.map((row) => row["QUERY PLAN"]).join("\n");
    } finally {
      await session.exec("RESET enable_seqscan");
    }
  });
}

test("a Shopify delivery's connection is found by platform and store URL, not by scanning every tenant's", async () => {
  // The delivery names its store only: the unique index, led by the tenant, cannot serve it.
  const plan = await planOf(`
    select id from "Connection"
    where platform = 'SHOPIFY' and "storeUrl" = 'shop.myshopify.com' and status in ('ACTIVE', 'PAUSED')`);
  expect(plan).toContain("Connection_platform_storeUrl_idx");
});
