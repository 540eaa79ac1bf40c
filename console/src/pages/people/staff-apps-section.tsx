import { useState, type FormEvent } from "react";
import { useMutation, useQuery } from "urql";
import { refetchOn } from "../../api/client";
import { ErrorNotice } from "../../components/error-notice";
import { Field } from "../../components/field";
import { formatDate } from "../../components/format";
import { RegisterStaffAppDocument, RevokeStaffAppDocument, StaffAppsDocument } from "../../generated/graphql";

const appsContext = refetchOn("StaffApp");

/**
 * A tenant's staff apps, whose id is the appId their sign-in sends. Tenant staff act on their
 * own tenant (no clientId); a platform admin names the tenant.
 */
export function StaffAppsSection({ clientId = null }: { clientId?: string | null }) {
  const [{ data, error, fetching }] = useQuery({
    query: StaffAppsDocument,
    variables: { clientId },
    context: appsContext,
  });
  const [registered, register] = useMutation(RegisterStaffAppDocument);
  const [revoked, revoke] = useMutation(RevokeStaffAppDocument);
  const [name, setName] = useState("");
  const [newApp, setNewApp] = useState<{ name: string; id: string } | null>(null);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const result = await register({ clientId, name });
    if (result.data) {
      setNewApp(result.data.registerStaffApp);
      setName("");
    }
  };

  return (
    <section aria-labelledby="staff-apps">
      <h2 id="staff-apps">Staff apps</h2>
      <form className="inline" onSubmit={submit} aria-label="Register a staff app">
        <Field label="Staff app name" required maxLength={200} value={name} onChange={(e) => setName(e.target.value)} />
        <button type="submit" disabled={registered.fetching}>
          Register staff app
        </button>
      </form>
      <ErrorNotice error={registered.error ?? revoked.error} />
      {newApp && (
        <p className="notice" role="status">
          Staff app {newApp.name} registered. Its appId, which the app sends with each sign-in: <code>{newApp.id}</code>
        </p>
      )}
      <ErrorNotice error={error} />
      <div className="table-wrap">
        <table aria-busy={fetching}>
          <caption className="visually-hidden">Staff apps</caption>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">appId</th>
              <th scope="col">Registered</th>
              <th scope="col">Actions</th>
            </tr>
          </thead>
          <tbody>
            {data?.staffApps.map((app) => (
              <tr key={app.id}>
                <td>{app.name}</td>
                <td>
                  <code>{app.id}</code>
                </td>
                <td>{formatDate(app.createdAt)}</td>
                <td>
                  {app.revokedAt ? (
                    <span className="badge off">revoked {formatDate(app.revokedAt)}</span>
                  ) : (
                    <button
                      type="button"
                      className="danger"
                      aria-label={`Revoke staff app ${app.name}`}
                      onClick={() => {
                        if (confirm(`Revoke ${app.name}? Its users are signed out of it at once.`))
                          void revoke({ clientId, id: app.id });
                      }}
                    >
                      Revoke
                    </button>
                  )}
                </td>
              </tr>
            ))}
            {data?.staffApps.length === 0 && (
              <tr>
                <td colSpan={4}>No staff apps.</td>
              </tr>
            )}
          </tbody>
        </table>
      </div>
    </section>
  );
}
