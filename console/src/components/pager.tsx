import { useState } from "react";

export interface PageInfo {
  hasNextPage: boolean;
  endCursor?: string | null;
}

/**
 * Forward paging over a connection (`first`/`after`): the cursors of the pages already seen
 * are kept so that Previous goes back without asking the API for `before`.
 */
export function usePaging(pageSize = 20) {
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  const after = cursors[cursors.length - 1] ?? null;
  return {
    variables: { first: pageSize, after },
    page: cursors.length,
    next: (endCursor: string) => setCursors((seen) => [...seen, endCursor]),
    previous: () => setCursors((seen) => (seen.length > 1 ? seen.slice(0, -1) : seen)),
    reset: () => setCursors([null]),
  };
}

export function Pager(props: {
  paging: ReturnType<typeof usePaging>;
  pageInfo: PageInfo | undefined;
  totalCount?: number;
  label: string;
}) {
  const { paging, pageInfo, totalCount } = props;
  return (
    <nav className="pager" aria-label={`${props.label} pages`}>
      <button type="button" onClick={paging.previous} disabled={paging.page === 1}>
        Previous
      </button>
      <span>
        Page {paging.page}
        {totalCount !== undefined && ` · ${totalCount} in all`}
      </span>
      <button
        type="button"
        onClick={() => pageInfo?.endCursor && paging.next(pageInfo.endCursor)}
        disabled={!pageInfo?.hasNextPage}
      >
        Next
      </button>
    </nav>
  );
}
