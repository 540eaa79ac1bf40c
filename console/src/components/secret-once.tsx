import { useState } from "react";

/**
 * A secret the API returns once (a key, a signing secret, a set-password link): shown with a
 * copy button and the warning that it will not be shown again.
 */
export function SecretOnce(props: { label: string; value: string; onDismiss?: () => void }) {
  const [copied, setCopied] = useState<"no" | "yes" | "failed">("no");
  const copy = () =>
    navigator.clipboard.writeText(props.value).then(
      () => setCopied("yes"),
      () => setCopied("failed"),
    );
  return (
    <section className="secret-once" aria-label={props.label}>
      <h3>{props.label}</h3>
      <p>Copy it now: it is shown this once and cannot be shown again.</p>
      <div className="secret-row">
        <input readOnly value={props.value} aria-label={props.label} onFocus={(event) => event.target.select()} />
        <button type="button" onClick={copy}>
          Copy
        </button>
      </div>
      <p role="status" aria-live="polite">
        {copied === "yes" && "Copied to the clipboard."}
        {copied === "failed" && "The browser refused the clipboard: select the text and copy it."}
      </p>
      {props.onDismiss && (
        <button type="button" onClick={props.onDismiss}>
          I have stored it
        </button>
      )}
    </section>
  );
}
