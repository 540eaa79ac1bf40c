import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";

const algorithm = "aes-256-gcm";
const version = "v1";
const ivBytes = 12;
const tagBytes = 16;

export class SecretBoxError extends Error {
  override name = "SecretBoxError";
}

/**
 * Seals store secrets for storage: AES-256-GCM, a fresh 12-byte IV per value, the auth tag
 * kept, as `v1.<iv>.<tag>.<ciphertext>` (base64url). The version prefix leaves room for a
 * later key or algorithm without guessing what an old value is.
 *
 * `context` is bound as additional authenticated data (e.g. `Connection.accessToken:<clientId>`):
 * a sealed value copied to another row or column no longer opens.
 */
export class SecretBox {
  private readonly key: Buffer;

  constructor(hexKey: string) {
    if (!/^[0-9a-fA-F]{64}$/.test(hexKey)) throw new SecretBoxError("The encryption key must be 64 hex characters");
    this.key = Buffer.from(hexKey, "hex");
  }

  seal(plaintext: string, context: string): string {
    const iv = randomBytes(ivBytes);
    const cipher = createCipheriv(algorithm, this.key, iv, { authTagLength: tagBytes });
    cipher.setAAD(Buffer.from(context, "utf8"));
    const ciphertext = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
    const tag = cipher.getAuthTag();
    return [version, iv, tag, ciphertext]
      .map((part) => (typeof part === "string" ? part : part.toString("base64url")))
      .join(".");
  }

  /** Throws SecretBoxError when the value was not sealed by this key for this context, or was altered. */
  open(sealed: string, context: string): string {
    const parts = sealed.split(".");
    if (parts.length !== 4 || parts[0] !== version) throw new SecretBoxError("Not a sealed value of a known version");
    const [iv, tag, ciphertext] = parts.slice(1).map((part) => Buffer.from(part, "base64url")) as [
      Buffer,
      Buffer,
      Buffer,
    ];
    if (iv.length !== ivBytes || tag.length !== tagBytes) throw new SecretBoxError("Malformed sealed value");
    const decipher = createDecipheriv(algorithm, this.key, iv, { authTagLength: tagBytes });
    decipher.setAAD(Buffer.from(context, "utf8"));
    decipher.setAuthTag(tag);
    try {
      return Buffer.concat([decipher.update(ciphertext), decipher.final()]).toString("utf8");
    } catch {
      throw new SecretBoxError("The sealed value does not open with this key");
    }
  }
}
