import { Field, ID, ObjectType } from "type-graphql";

@ObjectType({
  description: "A tenant's staff app (a sales associate app): a public client its users sign in to with POST /auth/login",
})
export class StaffApp {
  @Field(() => ID, { description: "The appId of POST /auth/login" })
  id!: string;

  @Field()
  name!: string;

  @Field()
  createdAt!: Date;

  @Field(() => Date, { nullable: true, description: "Set when revoked: its users can no longer sign in through it" })
  revokedAt!: Date | null;
}

@ObjectType()
export class PasswordTokenPayload {
  @Field({
    description: "Shown once: the person sets a password with it at POST /auth/set-password; single use",
  })
  token!: string;

  @Field()
  expiresAt!: Date;
}
