import { IsEmail, IsOptional, Length, MaxLength } from "class-validator";
import { Directive, Field, ID, InputType, ObjectType, registerEnumType } from "type-graphql";
import { UserRole } from "../db";
import { ConnectionType } from "../../../core/src/graphql/pagination";

registerEnumType(UserRole, { name: "UserRole" });

@Directive('@key(fields: "id")')
@ObjectType({ description: "A person of a client: staff or customer" })
export class User {
  @Field(() => ID)
  id!: string;

  @Field({ description: "Stored lower-cased; unique within the client" })
  email!: string;

  @Field()
  name!: string;

  @Field(() => UserRole)
  role!: UserRole;

  @Field()
  isActive!: boolean;

  @Field({ description: "May sign in to the staff app" })
  staffAppAccess!: boolean;

  @Field(() => String, { nullable: true, description: "The user's id in the client's own systems, unique within the client" })
  externalId!: string | null;
}

export const UserConnection = ConnectionType("User", User);

@InputType()
export class CreateUserInput {
  @Field()
  @IsEmail()
  @MaxLength(320)
  email!: string;

  @Field()
  @Length(1, 200)
  name!: string;

  @Field(() => UserRole, { defaultValue: UserRole.CUSTOMER })
  role!: UserRole;

  @Field({ defaultValue: false })
  staffAppAccess!: boolean;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @Length(1, 200)
  externalId?: string | null;
}

@InputType({ description: "Only the fields given change; externalId: null clears it" })
export class UpdateUserInput {
  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsEmail()
  @MaxLength(320)
  email?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @Length(1, 200)
  name?: string | null;

  @Field(() => UserRole, { nullable: true })
  role?: UserRole | null;

  @Field(() => Boolean, { nullable: true })
  staffAppAccess?: boolean | null;

  @Field(() => Boolean, { nullable: true })
  isActive?: boolean | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @Length(1, 200)
  externalId?: string | null;
}

@InputType({ description: "The user's whole profile as the platform knows it; omitted optional fields stay as they are" })
export class UpsertUserInput {
  @Field()
  @IsEmail()
  @MaxLength(320)
  email!: string;

  @Field()
  @Length(1, 200)
  name!: string;

  @Field(() => UserRole, { nullable: true, description: "CUSTOMER for a new user when omitted" })
  role?: UserRole | null;

  @Field(() => Boolean, { nullable: true })
  staffAppAccess?: boolean | null;

  @Field(() => Boolean, { nullable: true })
  isActive?: boolean | null;
}

@ObjectType()
export class UpsertUserPayload {
  @Field(() => User)
  user!: User;

  @Field({ description: "True when this call created the user, false when it existed (changed or not)" })
  created!: boolean;
}
