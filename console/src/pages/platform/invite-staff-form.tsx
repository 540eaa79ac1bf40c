import { useState, type FormEvent } from "react";
import { useMutation } from "urql";
import { ErrorNotice } from "../../components/error-notice";
import { Field, SelectField } from "../../components/field";
import { SecretOnce } from "../../components/secret-once";
import { CreateUserDocument, IssuePasswordTokenDocument, type UserRole } from "../../generated/graphql";
import { userRoles } from "../people/roles";
import { setPasswordLink } from "../sign-in/set-password-link";

const staffRoles = userRoles.filter((role) => role.value !== "CUSTOMER");
const empty = { email: "", name: "", role: "OWNER" as UserRole };

/**
 * The platform admin invites a tenant's first staff member (usually its owner): the user is
 * created in that tenant and gets a set-password link, shown once, to pass on. From then on
 * the tenant's own owner or admins invite the others on their Users page.
 */
export function InviteStaffForm({ clientId }: { clientId: string }) {
  const [created, create] = useMutation(CreateUserDocument);
  const [issued, issue] = useMutation(IssuePasswordTokenDocument);
  const [form, setForm] = useState(empty);
  const [link, setLink] = useState<{ who: string; url: string } | null>(null);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const user = await create({ clientId, input: { ...form, staffAppAccess: false } });
    if (!user.data) return;
    const token = await issue({ clientId, userId: user.data.createUser.id });
    if (!token.data) return;
    setLink({ who: user.data.createUser.email, url: setPasswordLink(token.data.issuePasswordToken.token) });
    setForm(empty);
  };

  return (
    <section aria-labelledby="invite-staff">
      <h2 id="invite-staff">Invite the tenant's staff</h2>
      <form className="inline" onSubmit={submit} aria-label="Invite a staff member">
        <Field
          label="Staff email"
          type="email"
          required
          value={form.email}
          onChange={(event) => setForm({ ...form, email: event.target.value })}
        />
        <Field
          label="Staff name"
          required
          maxLength={200}
          value={form.name}
          onChange={(event) => setForm({ ...form, name: event.target.value })}
        />
        <SelectField
          label="Staff role"
          options={staffRoles}
          value={form.role}
          onChange={(event) => setForm({ ...form, role: event.target.value as UserRole })}
        />
        <button type="submit" disabled={created.fetching || issued.fetching}>
          Invite staff member
        </button>
      </form>
      <ErrorNotice error={created.error ?? issued.error} />
      {link && (
        <SecretOnce label={`Set-password link for ${link.who}`} value={link.url} onDismiss={() => setLink(null)} />
      )}
    </section>
  );
}
