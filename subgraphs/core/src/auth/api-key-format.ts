import { createHash, randomBytes } from "node:crypto";
import { crc32 } from "node:zlib";

/**
 * Key layout: `pk_` (platform), `sk_` (client) or `pub_` (publishable: a browser storefront's,
 * public by design) + 56 random hex + 8 hex CRC32 of everything before it. The checksum lets
 * us refuse a mistyped or truncated key without a database read, and lets secret scanners
 * recognise our keys (and tell the public `pub_` ones from the secrets).
 */
export type ApiKeyKind = "PLATFORM" | "CLIENT" | "PUBLISHABLE";

const prefixOf: Record<ApiKeyKind, string> = { PLATFORM: "pk_", CLIENT: "sk_", PUBLISHABLE: "pub_" };
const keyPattern = /^(pk|sk|pub)_[0-9a-f]{64}$/;

/** How much of a key is kept in clear to help people tell their keys apart. */
const displayPrefixLength = 11;

export interface GeneratedKey {
  key: string;
  hash: string;
  prefix: string;
}

export function generateApiKey(kind: ApiKeyKind): GeneratedKey {
  const body = prefixOf[kind] + randomBytes(28).toString("hex");
  const key = body + checksum(body);
  return { key, hash: hashApiKey(key), prefix: key.slice(0, displayPrefixLength) };
}

/** Whether the key claims to be publishable (says nothing of its validity): those travel alone. */
export function looksPublishable(key: string | undefined): boolean {
  return key?.startsWith(prefixOf.PUBLISHABLE) === true;
}

/** True when the key has our shape, the expected kind and a matching checksum. */
export function isWellFormedApiKey(key: string, kind: ApiKeyKind): boolean {
  if (!keyPattern.test(key) || !key.startsWith(prefixOf[kind])) return false;
  return checksum(key.slice(0, -8)) === key.slice(-8);
}

export function hashApiKey(key: string): string {
  return createHash("sha256").update(key).digest("hex");
}

function checksum(text: string): string {
  return crc32(text).toString(16).padStart(8, "0");
}
