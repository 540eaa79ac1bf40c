import { mkdtempSync, readFileSync, statSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { loadConfig } from "../../subgraphs/core/src/config";
import { SecretBox, SecretBoxError } from "../../subgraphs/core/src/crypto/secret-box";
import { resolveSecrets } from "../../subgraphs/core/src/secrets";

const key = "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff";

describe("secret box", () => {
  const box = new SecretBox(key);

  test("a sealed value opens to the plaintext and does not contain it", () => {
    const sealed = box.seal("shpat_0123456789abcdef", "Connection.accessTokenEnc:client-1");
    expect(sealed).toMatch(/^v1\.[\w-]{16}\.[\w-]{22}\.[\w-]+$/);
    expect(sealed).not.toContain("shpat_");
    expect(box.open(sealed, "Connection.accessTokenEnc:client-1")).toBe("shpat_0123456789abcdef");
  });

  test("the same plaintext seals differently every time (a fresh IV per value)", () => {
    expect(box.seal("same", "ctx")).not.toBe(box.seal("same", "ctx"));
  });

  test("a value does not open under another context, another key, or after any change", () => {
    const sealed = box.seal("secret", "Connection.accessTokenEnc:client-1");
    expect(() => box.open(sealed, "Connection.accessTokenEnc:client-2")).toThrow(SecretBoxError);
    expect(() => new SecretBox("f".repeat(64)).open(sealed, "Connection.accessTokenEnc:client-1")).toThrow(
      SecretBoxError,
    );
    const parts = sealed.split(".");
    const flipped = Buffer.from(parts[3]!, "base64url");
    flipped[0] = flipped[0]! ^ 1;
    const tampered = [...parts.slice(0, 3), flipped.toString("base64url")].join(".");
    expect(() => box.open(tampered, "Connection.accessTokenEnc:client-1")).toThrow(SecretBoxError);
    expect(() => box.open("v2.a.b.c", "x")).toThrow(SecretBoxError);
    expect(() => box.open("plaintext", "x")).toThrow(SecretBoxError);
  });

  test("the key must be 64 hex characters", () => {
    expect(() => new SecretBox("abc")).toThrow(SecretBoxError);
  });
});

describe("encryption key", () => {
  test("configured, it is used as given", () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), "omni-secrets-"));
    const config = loadConfig({
      OMNI_DATA_DIR: dataDir,
      OMNI_ADMIN_KEY: "ak_configured_admin_key",
      OMNI_INTERNAL_SECRET: "i".repeat(32),
      OMNI_ENCRYPTION_KEY: key,
    });
    expect(resolveSecrets(config).encryptionKey).toBe(key);
  });

  test("unset, it is generated once into the data dir, readable by its owner only", () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), "omni-secrets-"));
    const config = loadConfig({ OMNI_DATA_DIR: dataDir });
    const first = resolveSecrets(config);
    expect(first.encryptionKey).toMatch(/^[0-9a-f]{64}$/);
    expect(resolveSecrets(config).encryptionKey).toBe(first.encryptionKey);
    const file = path.join(dataDir, "secrets.json");
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(JSON.parse(readFileSync(file, "utf8"))).toMatchObject({ encryptionKey: first.encryptionKey });
  });
});
