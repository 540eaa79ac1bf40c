import { useState, type FormEvent } from "react";
import { Link, useSearch } from "wouter";
import { setPassword } from "../../api/session";
import { ErrorNotice } from "../../components/error-notice";
import { Field } from "../../components/field";

/** Where an invitation or reset link lands: `/console/set-password?token=…`. */
export function SetPasswordPage() {
  const token = new URLSearchParams(useSearch()).get("token") ?? "";
  const [password, setValue] = useState("");
  const [repeat, setRepeat] = useState("");
  const [error, setError] = useState<Error | null>(null);
  const [done, setDone] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    if (password !== repeat) return setError(new Error("The two passwords differ"));
    try {
      await setPassword(token, password);
      setDone(true);
    } catch (caught) {
      setError(caught as Error);
    }
  };

  if (done)
    return (
      <main className="sign-in" id="main">
        <h1>Password set</h1>
        <p role="status">Your password is set.</p>
        <Link href="/">Sign in</Link>
      </main>
    );
  return (
    <main className="sign-in" id="main">
      <h1>OmniStack Console</h1>
      <form onSubmit={submit} aria-labelledby="set-password-heading">
        <h2 id="set-password-heading">Set your password</h2>
        {!token && <p role="alert">This link has no token: open the link you were given in full.</p>}
        <Field
          label="New password"
          type="password"
          autoComplete="new-password"
          required
          value={password}
          onChange={(event) => setValue(event.target.value)}
          hint="At least 12 characters."
        />
        <Field
          label="Repeat the password"
          type="password"
          autoComplete="new-password"
          required
          value={repeat}
          onChange={(event) => setRepeat(event.target.value)}
        />
        <ErrorNotice error={error} />
        <button type="submit" disabled={!token}>
          Set password
        </button>
      </form>
    </main>
  );
}
