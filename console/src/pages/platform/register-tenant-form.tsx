import { useState, type FormEvent } from "react";
import { useMutation } from "urql";
import { ErrorNotice } from "../../components/error-notice";
import { Field, SelectField } from "../../components/field";
import { SecretOnce } from "../../components/secret-once";
import { RegisterTenantDocument, type ApiKeyScope, type Currency } from "../../generated/graphql";
import { ScopeChoice } from "../../components/keys/scope-choice";
import { clientKeyScopes } from "./key-scopes";

const currencies: { value: Currency | ""; label: string }[] = [
  { value: "", label: "The platform's default" },
  { value: "USD", label: "USD" },
  { value: "EUR", label: "EUR" },
  { value: "GBP", label: "GBP" },
  { value: "CHF", label: "CHF" },
  { value: "ALL", label: "ALL" },
];

const empty = { name: "", code: "", externalId: "", currency: "" as Currency | "" };

/** Registers a tenant and shows its first client key, which the API returns this once. */
export function RegisterTenantForm() {
  const [registered, register] = useMutation(RegisterTenantDocument);
  const [form, setForm] = useState(empty);
  const [chosen, setChosen] = useState<ApiKeyScope[]>(["ADMIN"]);
  const [newKey, setNewKey] = useState<{ name: string; apiKey: string } | null>(null);
  const set = (field: keyof typeof empty) => (event: { target: { value: string } }) =>
    setForm((now) => ({ ...now, [field]: event.target.value }));

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const result = await register({
      input: {
        name: form.name,
        code: form.code,
        externalId: form.externalId || null,
        defaultCurrency: form.currency || null,
        scopes: chosen,
      },
    });
    if (result.data) {
      setNewKey({ name: result.data.registerClient.client.name, apiKey: result.data.registerClient.apiKey });
      setForm(empty);
    }
  };

  return (
    <section aria-labelledby="register-tenant">
      <h2 id="register-tenant">Register a tenant</h2>
      <form className="inline" onSubmit={submit} aria-label="Register a tenant">
        <Field label="Tenant name" required maxLength={200} value={form.name} onChange={set("name")} />
        <Field
          label="Tenant code"
          required
          maxLength={64}
          pattern="[A-Za-z0-9_.\-]+"
          value={form.code}
          onChange={set("code")}
          hint="Letters, digits, _ . -; unique in the platform."
        />
        <Field
          label="External id (optional)"
          maxLength={200}
          value={form.externalId}
          onChange={set("externalId")}
          hint="The tenant's id in your platform."
        />
        <SelectField label="Currency" options={currencies} value={form.currency} onChange={set("currency")} />
        <ScopeChoice legend="Scopes of its first key" options={clientKeyScopes} chosen={chosen} onChange={setChosen} />
        <button type="submit" disabled={registered.fetching || chosen.length === 0}>
          Register tenant
        </button>
      </form>
      <ErrorNotice error={registered.error} />
      {newKey && (
        <SecretOnce label={`Client key of ${newKey.name}`} value={newKey.apiKey} onDismiss={() => setNewKey(null)} />
      )}
    </section>
  );
}
