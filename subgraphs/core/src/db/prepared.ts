import { createHash } from "node:crypto";
import { Prisma } from "./generated/client";

/**
 * Ends a statement that PostgreSQL should parse and plan once per connection instead of on
 * every call. For the hottest statements (createOrder's, a webhook's receipt) parsing,
 * analysing and planning were ~40 % of the database's CPU per call (issue 19's profile).
 *
 * Only for statements whose text is the same on every call (lists passed as arrays, not
 * expanded into placeholders), since each distinct text stays prepared on every connection,
 * and whose result names its columns: a prepared `SELECT *` fails once a migration adds a
 * column ("cached plan must not change result type"), an explicit column list does not.
 */
const preparedMark = "\n/* prepared */";

/** `query` marked to be prepared (see `preparedMark`). */
export const prepared = (query: Prisma.Sql): Prisma.Sql => Prisma.sql`${query}${Prisma.raw(preparedMark)}`;

/**
 * Past this many distinct marked texts in one process new ones run unprepared: a statement
 * whose text varied by mistake must cost parsing again, not grow every connection's memory.
 */
const maxPreparedTexts = 200;
const names = new Map<string, string>();

/**
 * The driver's statement name for a marked text (the same text, the same name, on every
 * connection and replica), or undefined to run it unnamed, parsed each time as before.
 */
export function statementName(text: string): string | undefined {
  if (!text.endsWith(preparedMark)) return undefined;
  let name = names.get(text);
  if (name === undefined && names.size < maxPreparedTexts) {
    name = `omni_${createHash("sha256").update(text).digest("base64url").slice(0, 24)}`;
    names.set(text, name);
  }
  return name;
}
