import { Field, SelectField } from "../../components/field";
import type { UserRole } from "../../generated/graphql";
import { userRoles } from "./roles";

/** What a person fills in about a user, whether creating or editing one. */
export interface UserInput {
  email: string;
  name: string;
  role: UserRole;
  externalId: string;
  staffAppAccess: boolean;
}

/** The user's fields as labelled controls; the form around them decides what happens on submit. */
export function UserInputs<Input extends UserInput>({
  form,
  onChange,
}: {
  form: Input;
  onChange: (form: Input) => void;
}) {
  return (
    <>
      <Field
        label="Email"
        type="email"
        required
        value={form.email}
        onChange={(event) => onChange({ ...form, email: event.target.value })}
      />
      <Field
        label="Name"
        required
        maxLength={200}
        value={form.name}
        onChange={(event) => onChange({ ...form, name: event.target.value })}
      />
      <SelectField
        label="Role"
        options={userRoles}
        value={form.role}
        onChange={(event) => onChange({ ...form, role: event.target.value as UserRole })}
      />
      <Field
        label="External id (optional)"
        maxLength={200}
        value={form.externalId}
        onChange={(event) => onChange({ ...form, externalId: event.target.value })}
      />
      <label className="check">
        <input
          type="checkbox"
          checked={form.staffAppAccess}
          onChange={(event) => onChange({ ...form, staffAppAccess: event.target.checked })}
        />{" "}
        May sign in to staff apps
      </label>
    </>
  );
}
