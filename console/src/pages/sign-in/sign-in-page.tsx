import { useState, type FormEvent } from "react";
import { ApiError, signIn, type Session } from "../../api/session";
import { ErrorNotice } from "../../components/error-notice";
import { Field, SelectField } from "../../components/field";

interface Tenant {
  clientId: string;
  name: string;
}

/**
 * One form for every level: operators, platform admins and tenant staff. Staff whose email and
 * password open several tenants are asked which one (the API's 409 lists them).
 */
export function SignInPage(props: { started: (session: Session) => void; reason?: string }) {
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [tenants, setTenants] = useState<Tenant[] | null>(null);
  const [clientId, setClientId] = useState("");
  const [error, setError] = useState<Error | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      props.started(await signIn({ email, password, ...(tenants && clientId ? { clientId } : {}) }));
    } catch (caught) {
      const listed = caught instanceof ApiError ? (caught.details.tenants as Tenant[] | undefined) : undefined;
      if (caught instanceof ApiError && caught.code === "CONFLICT" && listed?.length) {
        setTenants(listed);
        setClientId(listed[0]!.clientId);
      }
      setError(caught as Error);
    } finally {
      setBusy(false);
    }
  };

  return (
    <main className="sign-in" id="main">
      <h1>OmniStack Console</h1>
      <form onSubmit={submit} aria-labelledby="sign-in-heading">
        <h2 id="sign-in-heading">Sign in</h2>
        {props.reason && !error && <p role="status">{props.reason}</p>}
        <Field
          label="Email"
          type="email"
          autoComplete="username"
          required
          value={email}
          onChange={(event) => setEmail(event.target.value)}
        />
        <Field
          label="Password"
          type="password"
          autoComplete="current-password"
          required
          value={password}
          onChange={(event) => setPassword(event.target.value)}
        />
        {tenants && (
          <SelectField
            label="Tenant"
            value={clientId}
            onChange={(event) => setClientId(event.target.value)}
            options={tenants.map((tenant) => ({ value: tenant.clientId, label: tenant.name }))}
          />
        )}
        <ErrorNotice error={error} />
        <button type="submit" disabled={busy}>
          {busy ? "Signing in…" : "Sign in"}
        </button>
      </form>
    </main>
  );
}
