import DataLoader from "dataloader";
import { isUuid } from "../ids";

/**
 * A per-request loader of rows by id: one `where id in (…)` per tick, answers in key
 * order, null for ids the (already tenant-scoped) fetch did not return or that are not
 * ids at all.
 */
export function byIdLoader<T extends { id: string }>(
  fetch: (ids: string[]) => Promise<T[]>,
): DataLoader<string, T | null> {
  return new DataLoader(async (ids) => {
    const valid = ids.filter(isUuid);
    const rows = valid.length > 0 ? await fetch(valid) : [];
    const byId = new Map(rows.map((row) => [row.id, row]));
    return ids.map((id) => byId.get(id) ?? null);
  });
}

/** A per-request loader of the rows belonging to each key (children of a parent), one query per tick. */
export function groupLoader<T>(
  fetch: (keys: string[]) => Promise<T[]>,
  keyOf: (row: T) => string,
): DataLoader<string, T[]> {
  return new DataLoader(async (keys) => {
    const valid = keys.filter(isUuid);
    return groupByKey(keys, valid.length > 0 ? await fetch(valid) : [], keyOf);
  });
}

/** The rows of each key, in the keys' order (empty for a key no row has); rows of other keys are dropped. */
export function groupByKey<T>(keys: readonly string[], rows: readonly T[], keyOf: (row: T) => string): T[][] {
  const groups = new Map<string, T[]>(keys.map((key) => [key, []]));
  for (const row of rows) groups.get(keyOf(row))?.push(row);
  return keys.map((key) => groups.get(key) ?? []);
}
