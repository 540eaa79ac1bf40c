import { useState, type FormEvent } from "react";
import { useMutation, useQuery } from "urql";
import { refetchOn } from "../../api/client";
import { ErrorNotice } from "../../components/error-notice";
import { Field, SelectField } from "../../components/field";
import { Pager, usePaging } from "../../components/pager";
import { CreateFamilyAccountDocument, FamilyAccountsDocument, FamilyCandidatesDocument } from "../../generated/graphql";
import { FamilyCard } from "./family-card";

const familiesContext = refetchOn("FamilyAccount");
const usersContext = refetchOn("User");

/** The tenant's family accounts: users who share benefits, one owner each. */
export function FamilyAccountsPage() {
  const paging = usePaging(10);
  const [{ data, error, fetching }, refetch] = useQuery({
    query: FamilyAccountsDocument,
    variables: paging.variables,
    context: familiesContext,
  });
  // Owners and members are chosen among the tenant's first 100 users (the API's largest page).
  const [candidates] = useQuery({ query: FamilyCandidatesDocument, context: usersContext });
  const [created, create] = useMutation(CreateFamilyAccountDocument);
  const [name, setName] = useState("");
  const [ownerId, setOwnerId] = useState("");
  const users = candidates.data?.users.edges.map(({ node }) => node) ?? [];
  const families = data?.familyAccounts;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const result = await create({ input: { name, ownerId } });
    if (result.data) {
      setName("");
      setOwnerId("");
    }
  };

  return (
    <>
      <h1>Family accounts</h1>
      <section aria-labelledby="create-family">
        <h2 id="create-family">Create a family</h2>
        <form className="inline" onSubmit={submit} aria-label="Create a family">
          <Field label="Family name" required maxLength={200} value={name} onChange={(e) => setName(e.target.value)} />
          <SelectField
            label="Owner"
            required
            options={[
              { value: "", label: "Choose a user" },
              ...users.map((user) => ({ value: user.id, label: `${user.name} (${user.email})` })),
            ]}
            value={ownerId}
            onChange={(event) => setOwnerId(event.target.value)}
          />
          <button type="submit" disabled={created.fetching}>
            Create family
          </button>
        </form>
        <ErrorNotice error={created.error ?? candidates.error} />
      </section>
      <section aria-labelledby="family-list" aria-busy={fetching}>
        <h2 id="family-list">Families</h2>
        <ErrorNotice error={error} />
        {families?.edges.map(({ node }) => (
          <FamilyCard
            key={node.id}
            family={node}
            candidates={users}
            onDeleted={() => refetch({ requestPolicy: "network-only" })}
          />
        ))}
        {families?.edges.length === 0 && <p>No families yet.</p>}
        <Pager paging={paging} pageInfo={families?.pageInfo} totalCount={families?.totalCount} label="Families" />
      </section>
    </>
  );
}
