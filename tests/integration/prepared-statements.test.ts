import { v7 as uuidv7 } from "uuid";
import { openDatabase, type Database } from "../../subgraphs/core/src/db/database";
import { prepared, statementName } from "../../subgraphs/core/src/db/prepared";
import { queryRows } from "../../subgraphs/core/src/db/row-queries";
import { Prisma } from "../../subgraphs/core/src/db/types";
import { createTestDatabase, type TestDatabase } from "../helpers/database";

// The hottest statements are prepared once per connection (issue 19): marked ones get the same
// name everywhere, unmarked ones none; on PostgreSQL both routes (the driver's reads and
// Prisma's raw statements) really prepare them, and a migration adding a column does not
// break a prepared statement, which names its columns.

let database: TestDatabase;
const clientId = uuidv7();

beforeAll(async () => {
  database = await createTestDatabase();
  await database.db.prisma.location.create({ data: { clientId, name: "Shop", code: "SHOP" } });
});
afterAll(() => database.drop());

const locations = (id: string) =>
  prepared(Prisma.sql`select id, name, code from "Location" where "clientId" = ${id}::uuid`);

test("a marked statement has one name, derived from its text; an unmarked one runs unnamed", () => {
  const text = locations(clientId).text;
  expect(statementName(text)).toMatch(/^omni_[\w-]{24}$/);
  expect(statementName(locations(uuidv7()).text)).toBe(statementName(text));
  expect(statementName(prepared(Prisma.sql`select 1`).text)).not.toBe(statementName(text));
  expect(statementName(Prisma.sql`select id from "Location"`.text)).toBeUndefined();
});

describe("on PostgreSQL", () => {
  let single: Database;
  const preparedNames = () =>
    single.withSession((session) => session.query<{ name: string }>("select name from pg_prepared_statements"));

  beforeAll(async () => {
    // One connection, so the session that lists prepared statements is the one that ran them.
    if (database.url) single = await openDatabase({ kind: "postgres", url: database.url, poolSize: 1 });
  });
  afterAll(() => single?.close());

  const onPostgres = process.env.DATABASE_URL ? test : test.skip;

  onPostgres("both routes prepare a marked statement on the connection, and only a marked one", async () => {
    const read = locations(clientId);
    expect(await queryRows(single.prisma, read)).toEqual([expect.objectContaining({ name: "Shop", code: "SHOP" })]);
    await single.prisma.$queryRaw(prepared(Prisma.sql`select count(*)::int as count from "Location"`));
    await single.prisma.$queryRaw(Prisma.sql`select count(*)::int as unmarked from "Location"`);
    const names = (await preparedNames()).map((row) => row.name);
    expect(names.sort()).toEqual(
      [
        statementName(read.text),
        statementName(prepared(Prisma.sql`select count(*)::int as count from "Location"`).text),
      ].sort(),
    );
  });

  onPostgres("a prepared statement still answers after a migration adds a column to its table", async () => {
    expect(await queryRows(single.prisma, locations(clientId))).toHaveLength(1);
    await database.db.withSession((session) => session.exec(`alter table "Location" add column "addedLater" text`));
    expect(await queryRows(single.prisma, locations(clientId))).toEqual([
      expect.objectContaining({ name: "Shop", code: "SHOP" }),
    ]);
  });
});
