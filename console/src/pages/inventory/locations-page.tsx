import { useState, type FormEvent } from "react";
import { useMutation, useQuery } from "urql";
import { refetchOn } from "../../api/client";
import { ErrorNotice } from "../../components/error-notice";
import { Field } from "../../components/field";
import { CreateLocationDocument, LocationsDocument } from "../../generated/graphql";

export const locationsContext = refetchOn("Location");

/** The tenant's stock locations (warehouses, shops): listed by code, and new ones added. */
export function LocationsPage() {
  const [{ data, error, fetching }] = useQuery({ query: LocationsDocument, context: locationsContext });
  const [created, create] = useMutation(CreateLocationDocument);
  const [name, setName] = useState("");
  const [code, setCode] = useState("");

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const result = await create({ input: { name, code } });
    if (result.data) {
      setName("");
      setCode("");
    }
  };
  return (
    <>
      <h1>Locations</h1>
      <form className="inline" onSubmit={submit} aria-label="New location">
        <Field label="Location name" required maxLength={200} value={name} onChange={(e) => setName(e.target.value)} />
        <Field
          label="Code"
          required
          maxLength={64}
          pattern="[A-Za-z0-9_.\-]+"
          value={code}
          onChange={(e) => setCode(e.target.value)}
          hint="Letters, digits, '_', '.', '-'; unique in the tenant."
        />
        <button type="submit" disabled={created.fetching}>
          Create location
        </button>
      </form>
      <ErrorNotice error={created.error} />
      <ErrorNotice error={error} />
      <div className="table-wrap">
        <table aria-busy={fetching}>
          <caption className="visually-hidden">Locations</caption>
          <thead>
            <tr>
              <th scope="col">Code</th>
              <th scope="col">Name</th>
            </tr>
          </thead>
          <tbody>
            {data?.locations.map((location) => (
              <tr key={location.id}>
                <td>
                  <code>{location.code}</code>
                </td>
                <td>{location.name}</td>
              </tr>
            ))}
            {data?.locations.length === 0 && (
              <tr>
                <td colSpan={2}>No locations yet.</td>
              </tr>
            )}
          </tbody>
        </table>
      </div>
    </>
  );
}
