import type { PrismaClient } from "../../subgraphs/core/src/db/generated/client";

/** Every row of every table of the database, as JSON text: what a leaked dump would show. */
export async function dumpEveryTable(prisma: PrismaClient): Promise<string> {
  const tables = await prisma.$queryRaw<{ name: string }[]>`
    SELECT table_name AS "name" FROM information_schema.tables
    WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'`;
  let dump = "";
  for (const { name } of tables) {
    const rows = await prisma.$queryRawUnsafe<{ row: string }[]>(
      `SELECT row_to_json(t)::text AS "row" FROM "${name}" t`,
    );
    dump += rows.map(({ row }) => row).join("\n");
  }
  return dump;
}

/** The secrets found in `where` (by their first characters, so a failure does not print them). */
export const leakedIn = (where: string, secrets: readonly string[]): string[] =>
  secrets.filter((secret) => secret && where.includes(secret)).map((secret) => `${secret.slice(0, 8)}…`);
