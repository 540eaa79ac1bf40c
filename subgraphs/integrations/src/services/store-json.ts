/**
 * JSON to and from the stores, with their 64-bit ids kept exact.
 *
 * Shopify sends ids as JSON numbers, and real ones are above 2^53 (its own sample order is
 * 820982911946154508): `JSON.parse` rounds them to the nearest double (…500), so the
 * SalesLog key, the order's externalId and the ids we send back would name another object.
 * Node 20's `JSON.parse` reviver does not see the source text of a number (`context.source`
 * came with Node 21), so the text is rewritten first: every integer literal a double cannot
 * hold exactly is quoted, and arrives as its exact decimal string. Everything that reads
 * store ids already takes a number or a string, and the receipt's stored JSONB keeps the
 * string. JSON.parse itself still checks the syntax.
 */

// A whole string literal (skipped as it is, so digits inside strings are never touched), or a number.
const stringOrNumber = /"[^"\\]*(?:\\.[^"\\]*)*"|-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/g;

export function parseStoreJson(text: string): unknown {
  const exact = text.replace(stringOrNumber, (token) =>
    token.startsWith('"') || !/^-?\d+$/.test(token) || Number.isSafeInteger(Number(token)) ? token : `"${token}"`,
  );
  return JSON.parse(exact);
}

// Stands in for a bigint while JSON.stringify runs; no store value we send holds a NUL.
const bigintMarker = "\u0000bigint:";
const markedBigint = /"\\u0000bigint:(-?\d+)"/g;

/**
 * JSON.stringify that writes a bigint as the JSON number it is (Shopify wants its ids as
 * numbers, e.g. `inventory_item_id` in inventory_levels/set), where JSON.stringify throws.
 */
export function stringifyStoreJson(value: unknown): string {
  const text = JSON.stringify(value, (_key, item: unknown) =>
    typeof item === "bigint" ? `${bigintMarker}${item.toString()}` : item,
  );
  return text.replace(markedBigint, "$1");
}
