import { useState, type FormEvent } from "react";
import { useMutation, useQuery } from "urql";
import { ErrorNotice } from "../../components/error-notice";
import { Field } from "../../components/field";
import { TextAreaField } from "../../components/text-area-field";
import { SetSettingDocument, SettingsDocument } from "../../generated/graphql";

// The settings come back as one JSON object, which urql's cache cannot tie to a mutation.
const fresh = { requestPolicy: "network-only" } as const;

/** The tenant's settings: each key holds a JSON value; the API says which keys and values it refuses. */
export function SettingsPage() {
  const [{ data, error, fetching }, refetch] = useQuery({ query: SettingsDocument });
  const [saved, save] = useMutation(SetSettingDocument);
  const [key, setKey] = useState("");
  const [value, setValue] = useState("");
  const [notJson, setNotJson] = useState<Error | null>(null);
  const settings = Object.entries((data?.settings ?? {}) as Record<string, unknown>);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    let parsed: unknown;
    try {
      parsed = JSON.parse(value);
    } catch (problem) {
      setNotJson(new Error(`The value is not JSON: ${(problem as Error).message}`));
      return;
    }
    setNotJson(null);
    const result = await save({ key, value: parsed });
    if (!result.error) refetch(fresh);
  };

  return (
    <>
      <h1>Settings</h1>
      <section aria-labelledby="set-setting">
        <h2 id="set-setting">Set a setting</h2>
        <form className="inline" onSubmit={submit} aria-label="Set a setting">
          <Field
            label="Key"
            required
            value={key}
            onChange={(event) => setKey(event.target.value)}
            hint="Starts with a lower-case letter; letters, digits, _ . - after it."
          />
          <TextAreaField
            label="Value (JSON)"
            required
            rows={3}
            value={value}
            onChange={(event) => setValue(event.target.value)}
            hint='For example "EUR", 12, true or {"days": 30}.'
          />
          <button type="submit" disabled={saved.fetching}>
            Save setting
          </button>
        </form>
        <ErrorNotice error={notJson ?? saved.error} />
      </section>
      <section aria-labelledby="setting-list">
        <h2 id="setting-list">Current settings</h2>
        <ErrorNotice error={error} />
        <div className="table-wrap">
          <table aria-busy={fetching}>
            <caption className="visually-hidden">Settings</caption>
            <thead>
              <tr>
                <th scope="col">Key</th>
                <th scope="col">Value</th>
                <th scope="col">Actions</th>
              </tr>
            </thead>
            <tbody>
              {settings.map(([name, current]) => (
                <tr key={name}>
                  <td>
                    <code>{name}</code>
                  </td>
                  <td>
                    <code className="json-value">{JSON.stringify(current)}</code>
                  </td>
                  <td>
                    <button
                      type="button"
                      className="secondary"
                      aria-label={`Edit setting ${name}`}
                      onClick={() => {
                        setKey(name);
                        setValue(JSON.stringify(current, null, 2));
                      }}
                    >
                      Edit
                    </button>
                  </td>
                </tr>
              ))}
              {data && settings.length === 0 && (
                <tr>
                  <td colSpan={3}>No settings yet.</td>
                </tr>
              )}
            </tbody>
          </table>
        </div>
      </section>
    </>
  );
}
