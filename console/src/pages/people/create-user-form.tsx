import { useState, type FormEvent } from "react";
import { useMutation } from "urql";
import { ErrorNotice } from "../../components/error-notice";
import { CreateUserDocument, type UserRole } from "../../generated/graphql";
import { UserInputs } from "./user-inputs";

const empty = { email: "", name: "", role: "STAFF" as UserRole, externalId: "", staffAppAccess: false };

/** Creates a user of the tenant; a password comes later, through a set-password link. */
export function CreateUserForm() {
  const [created, create] = useMutation(CreateUserDocument);
  const [form, setForm] = useState(empty);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const result = await create({ input: { ...form, externalId: form.externalId || null } });
    if (result.data) setForm(empty);
  };

  return (
    <section aria-labelledby="create-user">
      <h2 id="create-user">Create a user</h2>
      <form className="inline" onSubmit={submit} aria-label="Create a user">
        <UserInputs form={form} onChange={setForm} />
        <button type="submit" disabled={created.fetching}>
          Create user
        </button>
      </form>
      <ErrorNotice error={created.error} />
      {created.data && !created.fetching && (
        <p className="notice" role="status">
          {created.data.createUser.name} was created: give them a set-password link from the list below.
        </p>
      )}
    </section>
  );
}
