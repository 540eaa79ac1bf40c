import { formatDate } from "../format";

export interface KeyRow {
  id: string;
  prefix: string;
  scopes: readonly string[];
  createdAt: string;
  expiresAt?: string | null;
  lastUsedAt?: string | null;
  revokedAt?: string | null;
}

/** Keys by prefix (their secrets are never shown again), with a revoke button each. */
export function KeyTable(props: {
  noun: string;
  keys: KeyRow[] | undefined;
  busy?: boolean;
  revoke: (id: string) => void;
}) {
  return (
    <div className="table-wrap">
      <table aria-busy={props.busy}>
        <caption className="visually-hidden">{`${props.noun[0]!.toUpperCase()}${props.noun.slice(1)}s`}</caption>
        <thead>
          <tr>
            <th scope="col">Prefix</th>
            <th scope="col">Scopes</th>
            <th scope="col">Created</th>
            <th scope="col">Expires</th>
            <th scope="col">Last used</th>
            <th scope="col">Actions</th>
          </tr>
        </thead>
        <tbody>
          {props.keys?.map((key) => (
            <tr key={key.id}>
              <td>
                <code>{key.prefix}…</code>
              </td>
              <td>{key.scopes.join(", ")}</td>
              <td>{formatDate(key.createdAt)}</td>
              <td>{formatDate(key.expiresAt)}</td>
              <td>{formatDate(key.lastUsedAt)}</td>
              <td>
                {key.revokedAt ? (
                  <span className="badge off">revoked {formatDate(key.revokedAt)}</span>
                ) : (
                  <button
                    type="button"
                    className="danger"
                    aria-label={`Revoke ${props.noun} ${key.prefix}`}
                    onClick={() => {
                      if (confirm(`Revoke ${key.prefix}…? It stops at once on every gateway.`)) props.revoke(key.id);
                    }}
                  >
                    Revoke
                  </button>
                )}
              </td>
            </tr>
          ))}
          {props.keys?.length === 0 && (
            <tr>
              <td colSpan={6}>No {props.noun}s.</td>
            </tr>
          )}
        </tbody>
      </table>
    </div>
  );
}
