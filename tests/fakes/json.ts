/**
 * JSON as the real stores speak it: 64-bit integers. Integers a double cannot hold exactly
 * become bigint when read and are written back as JSON numbers, so a fake shop with ids above
 * 2^53 answers, and checks what it is sent, digit for digit (as Shopify does).
 */
const stringOrInteger = /"[^"\\]*(?:\\.[^"\\]*)*"|-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/g;
const marker = "\u0001int64:";

export function parseJson64(text: string): unknown {
  const marked = text.replace(stringOrInteger, (token) =>
    token.startsWith('"') || !/^-?\d+$/.test(token) || Number.isSafeInteger(Number(token))
      ? token
      : `"\\u0001int64:${token}"`,
  );
  return JSON.parse(marked, (_key, value: unknown) =>
    typeof value === "string" && value.startsWith(marker) ? BigInt(value.slice(marker.length)) : value,
  );
}

export function stringifyJson64(value: unknown): string {
  return JSON.stringify(value, (_key, item: unknown) =>
    typeof item === "bigint" ? `${marker}${item.toString()}` : item,
  ).replace(/"\\u0001int64:(-?\d+)"/g, "$1");
}
