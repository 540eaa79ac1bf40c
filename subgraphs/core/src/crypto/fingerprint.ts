import { createHash } from "node:crypto";

/**
 * JSON with object keys sorted and absent values (`undefined`, `null`) left out, so that two
 * spellings of one request (keys in another order, an optional field sent as null or not at
 * all) read the same. Arrays keep their order: lines in another order are another request.
 * Values with a `toJSON` (Date, Decimal) are written as it says.
 */
export function canonicalJson(value: unknown): string {
  const normalised = (item: unknown): unknown => {
    const plain =
      typeof (item as { toJSON?: unknown })?.toJSON === "function" ? (item as { toJSON(): unknown }).toJSON() : item;
    if (Array.isArray(plain)) return plain.map(normalised);
    if (plain === null || typeof plain !== "object") return plain;
    return Object.fromEntries(
      Object.entries(plain)
        .filter(([, field]) => field !== undefined && field !== null)
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
        .map(([key, field]) => [key, normalised(field)]),
    );
  };
  return JSON.stringify(normalised(value));
}

/** SHA-256 (hex) of a value's canonical JSON: equal for equal requests, however spelled. */
export const fingerprintOf = (value: unknown): string =>
  createHash("sha256").update(canonicalJson(value)).digest("hex");
