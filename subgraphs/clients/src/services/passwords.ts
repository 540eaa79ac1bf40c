import { hash, verify, type Options } from "@node-rs/argon2";
import { badInput } from "../../../core/src/errors";

// OWASP's argon2id floor (m=19 MiB, t=2, p=1): about 50 ms here, paid once per sign-in.
// 2 is the library's Algorithm.Argon2id, a const enum isolated modules cannot read.
const options: Options = { algorithm: 2, memoryCost: 19_456, timeCost: 2, parallelism: 1 };

/** ASVS 2.1: at least 12 characters, long passphrases allowed, no composition rules. */
const minLength = 12;
const maxLength = 256;

export function checkPasswordPolicy(password: unknown): string {
  if (typeof password !== "string" || [...password].length < minLength || password.length > maxLength) {
    throw badInput(`A password must be ${minLength} to ${maxLength} characters`, { argument: "password" });
  }
  return password;
}

export const hashPassword = (password: string): Promise<string> => hash(password, options);

// Verified when no account matches, so the answer takes as long as for a wrong password and
// does not tell which emails have accounts.
let decoyHash: Promise<string> | undefined;

/** False for a wrong password or no stored hash; the comparison is the library's, constant-time. */
export async function verifyPassword(storedHash: string | null, password: string): Promise<boolean> {
  if (storedHash === null) {
    decoyHash ??= hash("decoy password that matches nothing", options);
    await verify(await decoyHash, password).catch(() => false);
    return false;
  }
  return verify(storedHash, password).catch(() => false);
}
