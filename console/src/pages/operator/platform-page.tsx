import { useState, type FormEvent } from "react";
import { Link, useParams } from "wouter";
import { useMutation, useQuery } from "urql";
import { refetchOn } from "../../api/client";
import { ErrorNotice } from "../../components/error-notice";
import { Field } from "../../components/field";
import { Pager, usePaging } from "../../components/pager";
import { IssueKeyForm } from "../../components/keys/issue-key-form";
import { KeyTable } from "../../components/keys/key-table";
import type { ScopeOption } from "../../components/keys/scope-choice";
import { SecretOnce } from "../../components/secret-once";
import {
  ConsoleAccountsDocument,
  CreateConsoleAccountDocument,
  DeactivateConsoleAccountDocument,
  IssueConsolePasswordTokenDocument,
  PlatformKeysDocument,
  RevokePlatformKeyDocument,
  RotatePlatformKeyDocument,
  type PlatformKeyScope,
} from "../../generated/graphql";
import { setPasswordLink } from "../sign-in/set-password-link";

const keysContext = refetchOn("PlatformKey");
const accountsContext = refetchOn("ConsoleAccount");

const platformKeyScopes: ScopeOption<PlatformKeyScope>[] = [
  { value: "ADMIN", label: "Admin (everything of the platform)" },
  { value: "TENANTS_READ", label: "Read tenants" },
  { value: "TENANTS_MANAGE", label: "Manage tenants" },
  { value: "KEYS_MANAGE", label: "Manage keys" },
];
/** One platform for the operator: its platform keys (rotate with grace, revoke) and its admins. */
export function PlatformPage() {
  const { id } = useParams<{ id: string }>();
  return (
    <>
      <p>
        <Link href="/platforms">← Platforms</Link>
      </p>
      <h1>Platform</h1>
      <p className="hint">
        Platform id <code>{id}</code>
      </p>
      <PlatformKeys clientAppId={id} />
      <PlatformAdmins clientAppId={id} />
    </>
  );
}

/** A platform's keys: the operator names the platform, a platform admin passes null for its own. */
export function PlatformKeys({ clientAppId }: { clientAppId: string | null }) {
  const paging = usePaging();
  const [{ data, error, fetching }] = useQuery({
    query: PlatformKeysDocument,
    variables: { clientAppId, ...paging.variables },
    context: keysContext,
  });
  const [rotated, rotate] = useMutation(RotatePlatformKeyDocument);
  const [revoked, revoke] = useMutation(RevokePlatformKeyDocument);
  const keys = data?.platformKeys;
  return (
    <section aria-labelledby="platform-keys">
      <h2 id="platform-keys">Platform keys</h2>
      <IssueKeyForm
        noun="platform key"
        options={platformKeyScopes}
        graceHint="The platform's keys with the same scopes keep working this long; 0 stops them at once."
        busy={rotated.fetching}
        issue={async (scopes, gracePeriodSeconds) =>
          (await rotate({ clientAppId, scopes, gracePeriodSeconds })).data?.rotatePlatformKey.apiKey
        }
      />
      <ErrorNotice error={rotated.error ?? revoked.error} />
      <ErrorNotice error={error} />
      <KeyTable
        noun="platform key"
        keys={keys?.edges.map(({ node }) => node)}
        busy={fetching}
        revoke={(id) => void revoke({ id })}
      />
      <Pager paging={paging} pageInfo={keys?.pageInfo} totalCount={keys?.totalCount} label="Platform keys" />
    </section>
  );
}

/** A platform's admins: the operator names the platform, a platform admin passes null for its own. */
export function PlatformAdmins({ clientAppId }: { clientAppId: string | null }) {
  const paging = usePaging();
  const [{ data, error }] = useQuery({
    query: ConsoleAccountsDocument,
    variables: { clientAppId, ...paging.variables },
    context: accountsContext,
  });
  const [created, create] = useMutation(CreateConsoleAccountDocument);
  const [deactivated, deactivate] = useMutation(DeactivateConsoleAccountDocument);
  const [reissued, reissue] = useMutation(IssueConsolePasswordTokenDocument);
  const [email, setEmail] = useState("");
  const [name, setName] = useState("");
  const [link, setLink] = useState<{ who: string; url: string } | null>(null);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const result = await create({ input: { email, name, kind: "PLATFORM_ADMIN", clientAppId } });
    if (result.data) {
      const { account, setPasswordToken } = result.data.createConsoleAccount;
      setLink({ who: account.email, url: setPasswordLink(setPasswordToken.token) });
      setEmail("");
      setName("");
    }
  };
  const accounts = data?.consoleAccounts;
  return (
    <section aria-labelledby="platform-admins">
      <h2 id="platform-admins">Platform admins</h2>
      <form className="inline" onSubmit={submit} aria-label="Invite a platform admin">
        <Field label="Admin email" type="email" required value={email} onChange={(e) => setEmail(e.target.value)} />
        <Field label="Admin name" required maxLength={200} value={name} onChange={(e) => setName(e.target.value)} />
        <button type="submit" disabled={created.fetching}>
          Invite admin
        </button>
      </form>
      <ErrorNotice error={created.error ?? deactivated.error ?? reissued.error} />
      {link && (
        <SecretOnce label={`Set-password link for ${link.who}`} value={link.url} onDismiss={() => setLink(null)} />
      )}
      <ErrorNotice error={error} />
      <div className="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Email</th>
              <th scope="col">Status</th>
              <th scope="col">Actions</th>
            </tr>
          </thead>
          <tbody>
            {accounts?.edges.map(({ node }) => (
              <tr key={node.id}>
                <td>{node.name}</td>
                <td>{node.email}</td>
                <td>
                  <span className={`badge ${node.isActive ? "ok" : "off"}`}>
                    {node.isActive ? "active" : "deactivated"}
                  </span>
                </td>
                <td className="actions">
                  {node.isActive && (
                    <>
                      <button
                        type="button"
                        className="secondary"
                        aria-label={`New set-password link for ${node.email}`}
                        onClick={async () => {
                          const result = await reissue({ id: node.id });
                          if (result.data)
                            setLink({
                              who: node.email,
                              url: setPasswordLink(result.data.issueConsolePasswordToken.token),
                            });
                        }}
                      >
                        New set-password link
                      </button>
                      <button
                        type="button"
                        className="danger"
                        aria-label={`Deactivate ${node.email}`}
                        onClick={() => void deactivate({ id: node.id })}
                      >
                        Deactivate
                      </button>
                    </>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <Pager paging={paging} pageInfo={accounts?.pageInfo} totalCount={accounts?.totalCount} label="Platform admins" />
    </section>
  );
}
