import type { Request } from "express";

interface PageInfo {
  hasNextPage?: unknown;
  endCursor?: unknown;
}

/**
 * `Link: <…?after=…>; rel="next"` for a connection with more pages (RFC 8288, as GitHub
 * pages): the same request with `after` moved to the page's end cursor.
 */
export function linkToNextPage(req: Request, value: unknown): string | undefined {
  if (!value || typeof value !== "object" || !("pageInfo" in value)) return undefined;
  const { hasNextPage, endCursor } = (value.pageInfo ?? {}) as PageInfo;
  if (hasNextPage !== true || typeof endCursor !== "string") return undefined;
  const url = new URL(req.originalUrl, `${req.protocol}://${req.get("host") ?? "localhost"}`);
  url.searchParams.set("after", endCursor);
  return `<${url.href}>; rel="next"`;
}
