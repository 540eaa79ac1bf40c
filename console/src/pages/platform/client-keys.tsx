import { useMutation, useQuery } from "urql";
import { refetchOn } from "../../api/client";
import { ErrorNotice } from "../../components/error-notice";
import { IssueKeyForm } from "../../components/keys/issue-key-form";
import { KeyTable } from "../../components/keys/key-table";
import { RevokeTenantKeyDocument, RotateTenantKeyDocument, TenantKeysDocument } from "../../generated/graphql";
import { clientKeyScopes } from "./key-scopes";

const keysContext = refetchOn("ApiKeyInfo");

/** A tenant's client keys (client-x-api-key): issue one with grace for those it replaces, revoke one. */
export function ClientKeys({ clientId }: { clientId: string }) {
  const [{ data, error, fetching }] = useQuery({
    query: TenantKeysDocument,
    variables: { clientId },
    context: keysContext,
  });
  const [rotated, rotate] = useMutation(RotateTenantKeyDocument);
  const [revoked, revoke] = useMutation(RevokeTenantKeyDocument);
  return (
    <section aria-labelledby="client-keys">
      <h2 id="client-keys">Client keys</h2>
      <IssueKeyForm
        noun="client key"
        options={clientKeyScopes}
        graceHint="The tenant's keys with the same scopes keep working this long; 0 stops them at once."
        busy={rotated.fetching}
        issue={async (scopes, gracePeriodSeconds) =>
          (await rotate({ clientId, scopes, gracePeriodSeconds })).data?.rotateClientApiKey.apiKey
        }
      />
      <ErrorNotice error={rotated.error ?? revoked.error} />
      <ErrorNotice error={error} />
      <KeyTable noun="client key" keys={data?.apiKeys} busy={fetching} revoke={(id) => void revoke({ id })} />
    </section>
  );
}
