import { useState, type FormEvent } from "react";
import { useMutation } from "urql";
import { ErrorNotice } from "../../components/error-notice";
import { SelectField } from "../../components/field";
import { TextAreaField } from "../../components/text-area-field";
import {
  AddFamilyMemberDocument,
  DeleteFamilyAccountDocument,
  RemoveFamilyMemberDocument,
  SetFamilyBenefitsDocument,
  type FamilyFieldsFragment,
} from "../../generated/graphql";
import { benefitsText, parseBenefits } from "./family-benefits";

/** One family: its members (add, remove), its shared benefits, and deleting it. */
export function FamilyCard(props: {
  family: FamilyFieldsFragment;
  candidates: { id: string; name: string; email: string }[];
  onDeleted: () => void;
}) {
  const { family } = props;
  const [added, add] = useMutation(AddFamilyMemberDocument);
  const [removed, remove] = useMutation(RemoveFamilyMemberDocument);
  const [benefitLines, setBenefitLines] = useState(benefitsText(family.benefits));
  const [savedBenefits, saveBenefits] = useMutation(SetFamilyBenefitsDocument);
  const [deleted, deleteFamily] = useMutation(DeleteFamilyAccountDocument);
  const [newMember, setNewMember] = useState("");
  const [badBenefits, setBadBenefits] = useState<Error | null>(null);
  const memberIds = new Set(family.members.map((member) => member.id));
  const options = [
    { value: "", label: "Choose a user" },
    ...props.candidates
      .filter((user) => !memberIds.has(user.id))
      .map((user) => ({ value: user.id, label: `${user.name} (${user.email})` })),
  ];

  const addMember = async (event: FormEvent) => {
    event.preventDefault();
    const result = await add({ familyAccountId: family.id, userId: newMember });
    if (result.data) setNewMember("");
  };
  const submitBenefits = (event: FormEvent) => {
    event.preventDefault();
    try {
      const benefits = parseBenefits(benefitLines);
      setBadBenefits(null);
      void saveBenefits({ familyAccountId: family.id, benefits });
    } catch (problem) {
      setBadBenefits(problem as Error);
    }
  };

  return (
    <article className="panel" aria-labelledby={`family-${family.id}`}>
      <h3 id={`family-${family.id}`}>{family.name}</h3>
      <p>
        Owner: {family.owner.name} ({family.owner.email})
      </p>
      <ul>
        {family.members.map((member) => (
          <li key={member.id}>
            {member.name} ({member.email}){" "}
            {member.id !== family.owner.id && (
              <button
                type="button"
                className="secondary"
                aria-label={`Remove ${member.email} from ${family.name}`}
                onClick={() => void remove({ familyAccountId: family.id, userId: member.id })}
              >
                Remove
              </button>
            )}
          </li>
        ))}
      </ul>
      <form className="inline" onSubmit={addMember} aria-label={`Add a member to ${family.name}`}>
        <SelectField
          label={`New member of ${family.name}`}
          options={options}
          required
          value={newMember}
          onChange={(event) => setNewMember(event.target.value)}
        />
        <button type="submit" disabled={added.fetching}>
          Add member
        </button>
      </form>
      <form className="inline" onSubmit={submitBenefits} aria-label={`Benefits of ${family.name}`}>
        <TextAreaField
          label={`Shared benefits of ${family.name}`}
          rows={3}
          value={benefitLines}
          onChange={(event) => setBenefitLines(event.target.value)}
          hint="One key=value a line; empty clears them."
        />
        <button type="submit" disabled={savedBenefits.fetching}>
          Save benefits
        </button>
      </form>
      <ErrorNotice error={badBenefits ?? added.error ?? removed.error ?? savedBenefits.error ?? deleted.error} />
      <button
        type="button"
        className="danger"
        aria-label={`Delete family ${family.name}`}
        onClick={async () => {
          if (!confirm(`Delete the family ${family.name}? Its members stay users, in no family.`)) return;
          const result = await deleteFamily({ id: family.id });
          if (result.data) props.onDeleted();
        }}
      >
        Delete family
      </button>
    </article>
  );
}
