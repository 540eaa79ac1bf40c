import { useState, type FormEvent } from "react";
import { useMutation, useQuery } from "urql";
import { refetchOn } from "../../api/client";
import { ErrorNotice } from "../../components/error-notice";
import { formatDate } from "../../components/format";
import { Pager, usePaging } from "../../components/pager";
import { SecretOnce } from "../../components/secret-once";
import { TextAreaField } from "../../components/text-area-field";
import {
  IssuePublishableKeyDocument,
  PublishableKeysDocument,
  RevokePublishableKeyDocument,
} from "../../generated/graphql";

const keysContext = refetchOn("PublishableKeyInfo");

/** A tenant's publishable keys for browser storefronts, each tied to the origins it may be sent from. */
export function PublishableKeys({ clientId }: { clientId: string }) {
  const paging = usePaging();
  const [{ data, error, fetching }] = useQuery({
    query: PublishableKeysDocument,
    variables: { clientId, ...paging.variables },
    context: keysContext,
  });
  const [issuedKey, issue] = useMutation(IssuePublishableKeyDocument);
  const [revoked, revoke] = useMutation(RevokePublishableKeyDocument);
  const [origins, setOrigins] = useState("");
  const [issued, setIssued] = useState<string | null>(null);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const allowedOrigins = origins
      .split("\n")
      .map((line) => line.trim())
      .filter(Boolean);
    const result = await issue({ clientId, allowedOrigins });
    if (result.data) {
      setIssued(result.data.issuePublishableKey.publishableKey);
      setOrigins("");
    }
  };
  const keys = data?.publishableKeys;

  return (
    <section aria-labelledby="publishable-keys">
      <h2 id="publishable-keys">Publishable keys</h2>
      <form className="inline" onSubmit={submit} aria-label="Issue a publishable key">
        <TextAreaField
          label="Allowed origins"
          rows={3}
          required
          value={origins}
          onChange={(event) => setOrigins(event.target.value)}
          placeholder="https://shop.example"
          hint="One origin per line, scheme://host[:port], no path."
        />
        <button type="submit" disabled={issuedKey.fetching}>
          Issue publishable key
        </button>
      </form>
      <ErrorNotice error={issuedKey.error ?? revoked.error} />
      {issued && <SecretOnce label="New publishable key" value={issued} onDismiss={() => setIssued(null)} />}
      <ErrorNotice error={error} />
      <div className="table-wrap">
        <table aria-busy={fetching}>
          <caption className="visually-hidden">Publishable keys</caption>
          <thead>
            <tr>
              <th scope="col">Prefix</th>
              <th scope="col">Allowed origins</th>
              <th scope="col">Created</th>
              <th scope="col">Last used</th>
              <th scope="col">Actions</th>
            </tr>
          </thead>
          <tbody>
            {keys?.edges.map(({ node }) => (
              <tr key={node.id}>
                <td>
                  <code>{node.prefix}…</code>
                </td>
                <td>{node.allowedOrigins.join(", ")}</td>
                <td>{formatDate(node.createdAt)}</td>
                <td>{formatDate(node.lastUsedAt)}</td>
                <td>
                  {node.revokedAt ? (
                    <span className="badge off">revoked {formatDate(node.revokedAt)}</span>
                  ) : (
                    <button
                      type="button"
                      className="danger"
                      aria-label={`Revoke publishable key ${node.prefix}`}
                      onClick={() => {
                        if (confirm(`Revoke ${node.prefix}…? Storefronts using it stop at once.`))
                          void revoke({ id: node.id });
                      }}
                    >
                      Revoke
                    </button>
                  )}
                </td>
              </tr>
            ))}
            {keys?.edges.length === 0 && (
              <tr>
                <td colSpan={5}>No publishable keys.</td>
              </tr>
            )}
          </tbody>
        </table>
      </div>
      <Pager paging={paging} pageInfo={keys?.pageInfo} totalCount={keys?.totalCount} label="Publishable keys" />
    </section>
  );
}
