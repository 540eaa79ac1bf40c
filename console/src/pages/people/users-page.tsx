import { useState } from "react";
import { useMutation, useQuery } from "urql";
import { refetchOn } from "../../api/client";
import { ErrorNotice } from "../../components/error-notice";
import { Pager, usePaging } from "../../components/pager";
import { SecretOnce } from "../../components/secret-once";
import { IssuePasswordTokenDocument, UsersDocument, type UserFieldsFragment } from "../../generated/graphql";
import { setPasswordLink } from "../sign-in/set-password-link";
import { CreateUserForm } from "./create-user-form";
import { EditUserForm } from "./edit-user-form";

const usersContext = refetchOn("User");

/** The tenant's users: create, edit, and hand out a set-password link (shown once). */
export function UsersPage() {
  const paging = usePaging();
  const [{ data, error, fetching }] = useQuery({
    query: UsersDocument,
    variables: paging.variables,
    context: usersContext,
  });
  const [issued, issue] = useMutation(IssuePasswordTokenDocument);
  const [editing, setEditing] = useState<UserFieldsFragment | null>(null);
  const [link, setLink] = useState<{ who: string; url: string } | null>(null);
  const users = data?.users;

  const issueLink = async (user: UserFieldsFragment) => {
    const result = await issue({ userId: user.id });
    if (result.data) setLink({ who: user.email, url: setPasswordLink(result.data.issuePasswordToken.token) });
  };

  return (
    <>
      <h1>Users</h1>
      <CreateUserForm />
      {editing && <EditUserForm key={editing.id} user={editing} onDone={() => setEditing(null)} />}
      <section aria-labelledby="user-list">
        <h2 id="user-list">All users</h2>
        <ErrorNotice error={issued.error} />
        {link && (
          <SecretOnce label={`Set-password link for ${link.who}`} value={link.url} onDismiss={() => setLink(null)} />
        )}
        <ErrorNotice error={error} />
        <div className="table-wrap">
          <table aria-busy={fetching}>
            <caption className="visually-hidden">Users</caption>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Email</th>
                <th scope="col">Role</th>
                <th scope="col">Staff apps</th>
                <th scope="col">Password</th>
                <th scope="col">Status</th>
                <th scope="col">Actions</th>
              </tr>
            </thead>
            <tbody>
              {users?.edges.map(({ node }) => (
                <tr key={node.id}>
                  <td>{node.name}</td>
                  <td>{node.email}</td>
                  <td>{node.role.toLowerCase()}</td>
                  <td>{node.staffAppAccess ? "yes" : "no"}</td>
                  <td>{node.hasPassword ? "set" : "not set"}</td>
                  <td>
                    <span className={`badge ${node.isActive ? "ok" : "off"}`}>
                      {node.isActive ? "active" : "deactivated"}
                    </span>
                  </td>
                  <td className="actions">
                    <button
                      type="button"
                      className="secondary"
                      aria-label={`Edit ${node.email}`}
                      onClick={() => setEditing(node)}
                    >
                      Edit
                    </button>
                    <button
                      type="button"
                      className="secondary"
                      aria-label={`New set-password link for ${node.email}`}
                      onClick={() => void issueLink(node)}
                    >
                      New set-password link
                    </button>
                  </td>
                </tr>
              ))}
              {users?.edges.length === 0 && (
                <tr>
                  <td colSpan={7}>No users yet.</td>
                </tr>
              )}
            </tbody>
          </table>
        </div>
        <Pager paging={paging} pageInfo={users?.pageInfo} totalCount={users?.totalCount} label="Users" />
      </section>
    </>
  );
}
