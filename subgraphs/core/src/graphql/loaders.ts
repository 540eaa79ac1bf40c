import DataLoader from "dataloader";

/**
 * A per-request loader of rows by id: one `where id in (…)` per tick, answers in key
 * order, null for ids the (already tenant-scoped) fetch did not return.
 */
export function byIdLoader<T extends { id: string }>(
  fetch: (ids: string[]) => Promise<T[]>,
): DataLoader<string, T | null> {
  return new DataLoader(async (ids) => {
    const rows = await fetch([...ids]);
    const byId = new Map(rows.map((row) => [row.id, row]));
    return ids.map((id) => byId.get(id) ?? null);
  });
}
