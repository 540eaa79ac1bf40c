import { Length, MaxLength } from "class-validator";
import { Field, ID, InputType, ObjectType } from "type-graphql";
import { ConnectionType } from "../../../core/src/graphql/pagination";

@ObjectType({ description: "Users who share an account; a user belongs to at most one" })
export class FamilyAccount {
  @Field(() => ID)
  id!: string;

  @Field()
  name!: string;
}

export const FamilyAccountConnection = ConnectionType("FamilyAccount", FamilyAccount);

@ObjectType({ description: "A benefit a family shares with all its members, e.g. discount = 10%" })
export class FamilyBenefit {
  @Field()
  key!: string;

  @Field()
  value!: string;
}

@InputType()
export class FamilyBenefitInput {
  @Field({ description: "1 to 64 letters, digits, '_', '.', ':' or '-'; unique within the list" })
  @Length(1, 64)
  key!: string;

  @Field()
  @MaxLength(500)
  value!: string;
}

@InputType()
export class CreateFamilyAccountInput {
  @Field()
  @Length(1, 200)
  name!: string;

  @Field(() => ID, { description: "Becomes the first member; must not belong to a family yet" })
  ownerId!: string;
}
