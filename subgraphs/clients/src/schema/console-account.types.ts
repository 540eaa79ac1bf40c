import { IsEmail, IsOptional, Length, MaxLength } from "class-validator";
import { Field, ID, InputType, ObjectType, registerEnumType } from "type-graphql";
import { ConnectionType } from "../../../core/src/graphql/pagination";
import { ConsoleAccountKind } from "../db";
import { PasswordTokenPayload } from "./staff-app.types";

registerEnumType(ConsoleAccountKind, {
  name: "ConsoleAccountKind",
  description: "OPERATOR: the operator's people (as x-admin-key); PLATFORM_ADMIN: a platform's (as its platform key)",
});

@ObjectType({
  description:
    "A person of the admin console who is not a tenant's user; they sign in at POST /auth/session (docs/authentication.md)",
})
export class ConsoleAccount {
  @Field(() => ID)
  id!: string;

  @Field({ description: "Stored lower-cased; unique across console accounts" })
  email!: string;

  @Field()
  name!: string;

  @Field(() => ConsoleAccountKind)
  kind!: ConsoleAccountKind;

  @Field(() => ID, { nullable: true, description: "The platform a PLATFORM_ADMIN belongs to; null for operators" })
  clientAppId!: string | null;

  @Field({ description: "False: cannot sign in, and its sessions ended" })
  isActive!: boolean;

  @Field()
  createdAt!: Date;
}

export const ConsoleAccountConnection = ConnectionType("ConsoleAccount", ConsoleAccount);

@InputType()
export class CreateConsoleAccountInput {
  @Field()
  @IsEmail()
  @MaxLength(320)
  email!: string;

  @Field()
  @Length(1, 200)
  name!: string;

  @Field(() => ConsoleAccountKind, { defaultValue: ConsoleAccountKind.PLATFORM_ADMIN })
  kind!: ConsoleAccountKind;

  @Field(() => ID, {
    nullable: true,
    description: "A PLATFORM_ADMIN's platform: required from the operator, the caller's own from a platform",
  })
  @IsOptional()
  clientAppId?: string | null;
}

@ObjectType()
export class CreateConsoleAccountPayload {
  @Field(() => ConsoleAccount)
  account!: ConsoleAccount;

  @Field(() => PasswordTokenPayload, {
    description: "Shown once: the person sets a password with it at POST /auth/set-password, then signs in",
  })
  setPasswordToken!: PasswordTokenPayload;
}
