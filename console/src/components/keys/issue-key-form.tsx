import { useState, type FormEvent } from "react";
import { Field } from "../field";
import { SecretOnce } from "../secret-once";
import { ScopeChoice, type ScopeOption } from "./scope-choice";

/**
 * Issues a key with scopes, giving the keys it replaces (same scopes) a grace period: the
 * rotation of platform and client keys alike. The new key is shown once.
 */
export function IssueKeyForm<Scope extends string>(props: {
  /** What the key is called on the page: "client key", "platform key". */
  noun: string;
  options: ScopeOption<Scope>[];
  /** Who keeps working during the grace period, in words. */
  graceHint: string;
  busy: boolean;
  /** Asks the API; the new key, or undefined when it refused (the page shows why). */
  issue: (scopes: Scope[], gracePeriodSeconds: number) => Promise<string | undefined>;
}) {
  const [chosen, setChosen] = useState<Scope[]>([props.options[0]!.value]);
  const [graceHours, setGraceHours] = useState("24");
  const [issued, setIssued] = useState<string | null>(null);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const key = await props.issue(chosen, Math.round(Number(graceHours) * 3600));
    if (key) setIssued(key);
  };
  return (
    <>
      <form className="inline" onSubmit={submit} aria-label={`Issue a ${props.noun}`}>
        <ScopeChoice
          legend={`Scopes of the new ${props.noun}`}
          options={props.options}
          chosen={chosen}
          onChange={setChosen}
        />
        <Field
          label={`Grace period of the ${props.noun}s it replaces (hours)`}
          type="number"
          min={0}
          max={720}
          step="any"
          required
          value={graceHours}
          onChange={(event) => setGraceHours(event.target.value)}
          hint={props.graceHint}
        />
        <button type="submit" disabled={props.busy || chosen.length === 0}>
          Issue {props.noun}
        </button>
      </form>
      {issued && <SecretOnce label={`New ${props.noun}`} value={issued} onDismiss={() => setIssued(null)} />}
    </>
  );
}
