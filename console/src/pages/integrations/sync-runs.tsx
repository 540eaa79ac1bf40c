import { useQuery } from "urql";
import { refetchOn } from "../../api/client";
import { ErrorNotice } from "../../components/error-notice";
import { formatDate } from "../../components/format";
import { Pager, usePaging } from "../../components/pager";
import { SyncRunsDocument } from "../../generated/graphql";

const runsContext = refetchOn("SyncRun");

/** A connection's stock sync runs, newest first: what each pushed, skipped and failed. */
export function SyncRuns({ connectionId }: { connectionId: string }) {
  const paging = usePaging();
  const [{ data, error, fetching }] = useQuery({
    query: SyncRunsDocument,
    variables: { connectionId, ...paging.variables },
    context: runsContext,
  });
  const runs = data?.syncRuns;
  return (
    <section aria-labelledby="sync-runs">
      <h2 id="sync-runs">Sync runs</h2>
      <ErrorNotice error={error} />
      <div className="table-wrap">
        <table aria-busy={fetching}>
          <thead>
            <tr>
              <th scope="col">Started</th>
              <th scope="col">Trigger</th>
              <th scope="col">Status</th>
              <th scope="col">Pushed</th>
              <th scope="col">Unchanged</th>
              <th scope="col">Refused</th>
              <th scope="col">Finished</th>
              <th scope="col">Error</th>
            </tr>
          </thead>
          <tbody>
            {runs?.edges.map(({ node }) => (
              <tr key={node.id}>
                <td>{formatDate(node.startedAt)}</td>
                <td>{node.trigger.toLowerCase()}</td>
                <td>
                  <span className={`badge ${node.status === "FAILED" ? "off" : "ok"}`}>
                    {node.status.toLowerCase()}
                  </span>
                </td>
                <td>{node.pushed}</td>
                <td>{node.skipped}</td>
                <td>{node.failed}</td>
                <td>{formatDate(node.finishedAt)}</td>
                <td>{node.error ?? "—"}</td>
              </tr>
            ))}
            {runs?.edges.length === 0 && (
              <tr>
                <td colSpan={8}>No sync runs yet.</td>
              </tr>
            )}
          </tbody>
        </table>
      </div>
      <Pager paging={paging} pageInfo={runs?.pageInfo} totalCount={runs?.totalCount} label="Sync runs" />
    </section>
  );
}
