import { IsOptional, MaxLength } from "class-validator";
import { Field, ID, InputType, ObjectType } from "type-graphql";
import { ConnectionType } from "../../../core/src/graphql/pagination";
import { JSONScalar } from "../../../core/src/graphql/scalars";

@ObjectType({ description: "One committed change: who made it, to what, and the entity before and after" })
export class AuditLogEntry {
  @Field(() => ID)
  id!: string;

  @Field({ description: "`<entity>.<verb>`, e.g. `user.created`" })
  action!: string;

  @Field()
  entityType!: string;

  @Field()
  entityId!: string;

  @Field(() => ID, {
    nullable: true,
    description: "The API key that made the change; null for the operator and for people",
  })
  actorKeyId!: string | null;

  @Field(() => ID, {
    nullable: true,
    description: "The tenant's user who made the change, signed in to a staff app or the console",
  })
  actorUserId!: string | null;

  @Field(() => ID, {
    nullable: true,
    description: "The console account (an operator's person or a platform admin) who made the change",
  })
  actorAccountId!: string | null;

  @Field(() => JSONScalar, { nullable: true })
  before!: unknown;

  @Field(() => JSONScalar, { nullable: true })
  after!: unknown;

  @Field()
  at!: Date;
}

export const AuditLogEntryConnection = ConnectionType("AuditLogEntry", AuditLogEntry);

@InputType()
export class AuditLogFilter {
  @Field(() => String, { nullable: true, description: "e.g. `User`, `FamilyAccount`, `ClientSetting`" })
  @IsOptional()
  @MaxLength(100)
  entityType?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @MaxLength(200)
  entityId?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @MaxLength(100)
  action?: string | null;

  @Field(() => ID, {
    nullable: true,
    description: "The API key, tenant user or console account that made the change (actorKeyId, actorUserId or actorAccountId)",
  })
  @IsOptional()
  @MaxLength(100)
  actorId?: string | null;
}
