import { useState, type FormEvent } from "react";
import { Link } from "wouter";
import { useMutation, useQuery } from "urql";
import { refetchOn } from "../../api/client";
import { ActivationButton } from "../../components/activation-button";
import { ErrorNotice } from "../../components/error-notice";
import { Field } from "../../components/field";
import { formatDate } from "../../components/format";
import { Pager, usePaging } from "../../components/pager";
import { SecretOnce } from "../../components/secret-once";
import {
  CreatePlatformDocument,
  DeactivatePlatformDocument,
  PlatformsDocument,
  ReactivatePlatformDocument,
} from "../../generated/graphql";

const platformsContext = refetchOn("ClientApp");

/** The operator's platforms (client apps): create one, and stop or restart it. */
export function PlatformsPage() {
  const paging = usePaging();
  const [{ data, error, fetching }] = useQuery({
    query: PlatformsDocument,
    variables: paging.variables,
    context: platformsContext,
  });
  const [created, createPlatform] = useMutation(CreatePlatformDocument);
  const [deactivated, deactivate] = useMutation(DeactivatePlatformDocument);
  const [reactivated, reactivate] = useMutation(ReactivatePlatformDocument);
  const [name, setName] = useState("");
  const [newKey, setNewKey] = useState<{ name: string; apiKey: string } | null>(null);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const result = await createPlatform({ input: { name } });
    if (result.data) {
      setNewKey({ name: result.data.createClientApp.clientApp.name, apiKey: result.data.createClientApp.apiKey });
      setName("");
    }
  };

  const platforms = data?.clientApps;
  return (
    <>
      <h1>Platforms</h1>
      <form className="inline" onSubmit={submit} aria-label="Create a platform">
        <Field label="Platform name" required maxLength={200} value={name} onChange={(e) => setName(e.target.value)} />
        <button type="submit" disabled={created.fetching}>
          Create platform
        </button>
      </form>
      <ErrorNotice error={created.error ?? deactivated.error ?? reactivated.error} />
      {newKey && (
        <SecretOnce label={`Platform key of ${newKey.name}`} value={newKey.apiKey} onDismiss={() => setNewKey(null)} />
      )}
      <ErrorNotice error={error} />
      <div className="table-wrap">
        <table aria-busy={fetching}>
          <caption className="visually-hidden">Platforms</caption>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Status</th>
              <th scope="col">Created</th>
              <th scope="col">Actions</th>
            </tr>
          </thead>
          <tbody>
            {platforms?.edges.map(({ node }) => (
              <tr key={node.id}>
                <td>
                  <Link href={`/platforms/${node.id}`}>{node.name}</Link>
                </td>
                <td>
                  <span className={`badge ${node.isActive ? "ok" : "off"}`}>
                    {node.isActive ? "active" : "deactivated"}
                  </span>
                </td>
                <td>{formatDate(node.createdAt)}</td>
                <td>
                  <ActivationButton
                    name={node.name}
                    isActive={node.isActive}
                    consequence="Its keys and every one of its tenants are refused at once."
                    deactivate={() => void deactivate({ id: node.id })}
                    reactivate={() => void reactivate({ id: node.id })}
                  />
                </td>
              </tr>
            ))}
            {platforms?.edges.length === 0 && (
              <tr>
                <td colSpan={4}>No platforms yet.</td>
              </tr>
            )}
          </tbody>
        </table>
      </div>
      <Pager paging={paging} pageInfo={platforms?.pageInfo} totalCount={platforms?.totalCount} label="Platforms" />
    </>
  );
}
