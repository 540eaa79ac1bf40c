import { generateApiKey, hashApiKey, isWellFormedApiKey } from "../../subgraphs/core/src/auth/api-key-format";

describe("API key format", () => {
  test("platform and client keys look like the integration guide's: prefix + 64 hex", () => {
    expect(generateApiKey("PLATFORM").key).toMatch(/^pk_[0-9a-f]{64}$/);
    expect(generateApiKey("CLIENT").key).toMatch(/^sk_[0-9a-f]{64}$/);
  });

  test("a generated key passes its own checksum, and only for its kind", () => {
    const { key } = generateApiKey("CLIENT");
    expect(isWellFormedApiKey(key, "CLIENT")).toBe(true);
    expect(isWellFormedApiKey(key, "PLATFORM")).toBe(false);
  });

  test("any single mistyped character is caught by the checksum", () => {
    const { key } = generateApiKey("PLATFORM");
    for (let index = 3; index < key.length; index++) {
      const replacement = key[index] === "0" ? "1" : "0";
      expect(isWellFormedApiKey(key.slice(0, index) + replacement + key.slice(index + 1), "PLATFORM")).toBe(false);
    }
  });

  test("truncated, padded, upper-case and foreign strings are refused", () => {
    const { key } = generateApiKey("CLIENT");
    for (const bad of [key.slice(0, -1), `${key}0`, key.toUpperCase(), "", "sk_", `Bearer ${key}`]) {
      expect(isWellFormedApiKey(bad, "CLIENT")).toBe(false);
    }
  });

  test("only a SHA-256 hash and a short prefix are kept", () => {
    const { key, hash, prefix } = generateApiKey("CLIENT");
    expect(hash).toBe(hashApiKey(key));
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(hash).not.toContain(key.slice(3, 20));
    expect(key.startsWith(prefix)).toBe(true);
    expect(prefix.length).toBeLessThan(16);
  });

  test("two keys never repeat", () => {
    const keys = new Set(Array.from({ length: 1000 }, () => generateApiKey("CLIENT").key));
    expect(keys.size).toBe(1000);
  });
});
