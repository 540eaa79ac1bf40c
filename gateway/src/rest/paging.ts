import type { Request } from "express";

interface PageInfo {
  hasNextPage?: unknown;
  endCursor?: unknown;
  hasPreviousPage?: unknown;
  startCursor?: unknown;
}

/**
 * The `Link` header of a connection (RFC 8288, as GitHub pages): `rel="next"`, the same
 * request moved forward with `first`/`after` from the page's end cursor, and `rel="prev"`,
 * moved backward with `last`/`before` from its start cursor. Each keeps the page size the
 * request asked for (the default one when it named none).
 */
export function pageLinks(req: Request, value: unknown): string | undefined {
  if (!value || typeof value !== "object" || !("pageInfo" in value)) return undefined;
  const { hasNextPage, endCursor, hasPreviousPage, startCursor } = (value.pageInfo ?? {}) as PageInfo;
  const here = new URL(req.originalUrl, `${req.protocol}://${req.get("host") ?? "localhost"}`);
  const size = here.searchParams.get("first") ?? here.searchParams.get("last");
  const moved = (cursorName: "after" | "before", cursor: string, sizeName: "first" | "last"): string => {
    const url = new URL(here);
    for (const name of ["first", "after", "last", "before"]) url.searchParams.delete(name);
    if (size !== null) url.searchParams.set(sizeName, size);
    url.searchParams.set(cursorName, cursor);
    return url.href;
  };
  const links: string[] = [];
  if (hasNextPage === true && typeof endCursor === "string") {
    links.push(`<${moved("after", endCursor, "first")}>; rel="next"`);
  }
  if (hasPreviousPage === true && typeof startCursor === "string") {
    links.push(`<${moved("before", startCursor, "last")}>; rel="prev"`);
  }
  return links.length > 0 ? links.join(", ") : undefined;
}
