import { useState, type FormEvent } from "react";
import { useQuery } from "urql";
import { ErrorNotice } from "../../components/error-notice";
import { Field } from "../../components/field";
import { formatDate } from "../../components/format";
import { Pager, usePaging } from "../../components/pager";
import { AuditLogDocument, type AuditLogFilter, type AuditLogQuery } from "../../generated/graphql";

type Entry = AuditLogQuery["auditLog"]["edges"][number]["node"];

const emptyFilter = { entityType: "", action: "", actorId: "" };

/** The tenant's audit log, newest first: who changed what and when, with the entity before and after. */
export function AuditPage() {
  const paging = usePaging();
  const [draft, setDraft] = useState(emptyFilter);
  const [filter, setFilter] = useState<AuditLogFilter | null>(null);
  const [{ data, error, fetching }] = useQuery({
    query: AuditLogDocument,
    variables: { filter, ...paging.variables },
  });
  const apply = (event: FormEvent) => {
    event.preventDefault();
    paging.reset();
    const chosen = Object.entries(draft).filter(([, value]) => value.trim() !== "");
    setFilter(chosen.length ? Object.fromEntries(chosen.map(([name, value]) => [name, value.trim()])) : null);
  };
  const log = data?.auditLog;
  return (
    <>
      <h1>Audit log</h1>
      <form className="inline" onSubmit={apply} aria-label="Filter the audit log">
        <Field
          label="Entity type"
          placeholder="Product"
          maxLength={100}
          value={draft.entityType}
          onChange={(event) => setDraft({ ...draft, entityType: event.target.value })}
        />
        <Field
          label="Action"
          placeholder="product.published"
          maxLength={100}
          value={draft.action}
          onChange={(event) => setDraft({ ...draft, action: event.target.value })}
        />
        <Field
          label="Actor id"
          placeholder="key, user or account id"
          maxLength={100}
          value={draft.actorId}
          onChange={(event) => setDraft({ ...draft, actorId: event.target.value })}
        />
        <button type="submit">Filter</button>
      </form>
      <ErrorNotice error={error} />
      <div className="table-wrap">
        <table aria-busy={fetching}>
          <caption className="visually-hidden">Audit log entries</caption>
          <thead>
            <tr>
              <th scope="col">When</th>
              <th scope="col">Who</th>
              <th scope="col">What</th>
              <th scope="col">Change</th>
            </tr>
          </thead>
          <tbody>
            {log?.edges.map(({ node }) => (
              <tr key={node.id}>
                <td>{formatDate(node.at)}</td>
                <td>
                  <Actor entry={node} />
                </td>
                <td>
                  <code>{node.action}</code>
                  <div className="hint wrap-anywhere">
                    {node.entityType} {node.entityId}
                  </div>
                </td>
                <td>
                  <Change entry={node} />
                </td>
              </tr>
            ))}
            {log?.edges.length === 0 && (
              <tr>
                <td colSpan={4}>No entries{filter ? " match the filter" : ""}.</td>
              </tr>
            )}
          </tbody>
        </table>
      </div>
      <Pager paging={paging} pageInfo={log?.pageInfo} totalCount={log?.totalCount} label="Audit log" />
    </>
  );
}

function Actor({ entry }: { entry: Entry }) {
  const actor = entry.actorUserId
    ? { kind: "User", id: entry.actorUserId }
    : entry.actorAccountId
      ? { kind: "Console account", id: entry.actorAccountId }
      : entry.actorKeyId
        ? { kind: "API key", id: entry.actorKeyId }
        : null;
  if (!actor) return <>The operator</>;
  return (
    <span className="wrap-anywhere">
      {actor.kind} <code>{actor.id}</code>
      {entry.actorKeyId && actor.kind !== "API key" && (
        <div className="hint">
          via key <code>{entry.actorKeyId}</code>
        </div>
      )}
    </span>
  );
}

/** Before and after as indented JSON, folded away until asked for: entries are many, changes long. */
function Change({ entry }: { entry: Entry }) {
  if (entry.before === null && entry.after === null) return <>—</>;
  return (
    <details className="audit-change">
      <summary aria-label={`Before and after of ${entry.action} ${entry.entityId}`}>Before and after</summary>
      <div className="audit-json">
        <div>
          <h4>Before</h4>
          <pre>{entry.before === null ? "—" : JSON.stringify(entry.before, null, 2)}</pre>
        </div>
        <div>
          <h4>After</h4>
          <pre>{entry.after === null ? "—" : JSON.stringify(entry.after, null, 2)}</pre>
        </div>
      </div>
    </details>
  );
}
