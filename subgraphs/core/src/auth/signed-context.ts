import { createHmac, timingSafeEqual } from "node:crypto";
import type { AuthContext } from "./context";

/** Header carrying the gateway's resolved AuthContext to subgraphs. */
export const contextHeader = "x-omni-context";

// A signed context older than this is refused, so a captured header cannot be replayed later.
const maxAgeMs = 5 * 60_000;

interface SignedPayload {
  auth: AuthContext;
  requestId: string;
  issuedAt: number;
}

export function signContext(secret: string, auth: AuthContext, requestId: string, now = Date.now()): string {
  const body = Buffer.from(JSON.stringify({ auth, requestId, issuedAt: now } satisfies SignedPayload)).toString(
    "base64url",
  );
  return `${body}.${mac(secret, body)}`;
}

/** The payload when the header is authentic and fresh, otherwise null. */
export function verifyContext(
  secret: string,
  header: string | undefined,
  now = Date.now(),
): { auth: AuthContext; requestId: string } | null {
  if (!header) return null;
  const [body, signature, extra] = header.split(".");
  if (!body || !signature || extra !== undefined) return null;
  const expected = Buffer.from(mac(secret, body));
  const given = Buffer.from(signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return null;
  let payload: SignedPayload;
  try {
    payload = JSON.parse(Buffer.from(body, "base64url").toString("utf8")) as SignedPayload;
  } catch {
    return null;
  }
  if (typeof payload.issuedAt !== "number" || Math.abs(now - payload.issuedAt) > maxAgeMs) return null;
  return { auth: payload.auth, requestId: payload.requestId };
}

function mac(secret: string, body: string): string {
  return createHmac("sha256", secret).update(body).digest("base64url");
}
