import { useState, type FormEvent } from "react";
import { useMutation } from "urql";
import { ErrorNotice } from "../../components/error-notice";
import { UpdateUserDocument, type UserFieldsFragment } from "../../generated/graphql";
import { UserInputs } from "./user-inputs";

/** Changes one user: name, email, role, staff-app access, whether they may sign in at all. */
export function EditUserForm({ user, onDone }: { user: UserFieldsFragment; onDone: () => void }) {
  const [updated, update] = useMutation(UpdateUserDocument);
  const [form, setForm] = useState({
    email: user.email,
    name: user.name,
    role: user.role,
    externalId: user.externalId ?? "",
    staffAppAccess: user.staffAppAccess,
    isActive: user.isActive,
  });

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const result = await update({ id: user.id, input: { ...form, externalId: form.externalId || null } });
    if (result.data) onDone();
  };

  return (
    <section aria-labelledby="edit-user" className="panel">
      <h2 id="edit-user">Edit {user.name}</h2>
      <form className="inline" onSubmit={submit} aria-label={`Edit ${user.name}`}>
        <UserInputs form={form} onChange={setForm} />
        <label className="check">
          <input
            type="checkbox"
            checked={form.isActive}
            onChange={(event) => setForm({ ...form, isActive: event.target.checked })}
          />{" "}
          Active
        </label>
        <button type="submit" disabled={updated.fetching}>
          Save user
        </button>
        <button type="button" className="secondary" onClick={onDone}>
          Cancel
        </button>
      </form>
      <ErrorNotice error={updated.error} />
    </section>
  );
}
