import { createHash, timingSafeEqual } from "node:crypto";
import type { IncomingHttpHeaders } from "node:http";
import { authenticateKeys } from "../../../subgraphs/clients/src/services/authenticate";
import { anonymous, type AuthContext } from "../../../subgraphs/core/src/auth/context";
import type { PrismaClient } from "../../../subgraphs/core/src/db/generated/client";
import { unauthenticated } from "../../../subgraphs/core/src/errors";

export const headers = {
  platformKey: "x-api-key",
  clientKey: "client-x-api-key",
  adminKey: "x-admin-key",
} as const;

function single(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

function sameSecret(given: string, expected: string): boolean {
  // Hashing first gives equal lengths, so the comparison time says nothing about the key.
  const digest = (text: string) => createHash("sha256").update(text).digest();
  return timingSafeEqual(digest(given), digest(expected));
}

/**
 * Turns the request's keys into an AuthContext. Presenting a key that is wrong fails the
 * request at once (401/403); presenting none yields the anonymous context, which may only
 * introspect (see plugins/require-credentials).
 */
export async function authenticateRequest(
  prisma: PrismaClient,
  adminKey: string,
  requestHeaders: IncomingHttpHeaders,
): Promise<AuthContext> {
  const presentedAdminKey = single(requestHeaders[headers.adminKey]);
  const platformKey = single(requestHeaders[headers.platformKey]);
  const clientKey = single(requestHeaders[headers.clientKey]);
  const isAdmin = presentedAdminKey !== undefined && sameSecret(presentedAdminKey, adminKey);
  if (presentedAdminKey !== undefined && !isAdmin) throw unauthenticated();
  if (platformKey === undefined && clientKey === undefined) return { ...anonymous, isAdmin };
  const auth = await authenticateKeys(prisma, { platformKey, clientKey });
  return { ...auth, isAdmin };
}
