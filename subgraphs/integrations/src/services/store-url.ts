import { badInput } from "../../../core/src/errors";

/**
 * A store's base URL as we store and call it: http(s), no credentials, query or fragment,
 * no trailing slash (WordPress may live in a sub-folder, so the path is kept).
 */
export function normalizeStoreUrl(input: string, field: string): string {
  let url: URL;
  try {
    url = new URL(input.trim());
  } catch {
    throw badInput(`${field} must be an http(s) URL`, { field });
  }
  if (url.protocol !== "https:" && url.protocol !== "http:")
    throw badInput(`${field} must be an http(s) URL`, { field });
  if (url.username || url.password) throw badInput(`${field} must not contain credentials`, { field });
  if (url.search || url.hash) throw badInput(`${field} must not have a query or fragment`, { field });
  return `${url.origin}${url.pathname.replace(/\/+$/, "")}`;
}
