import { IsEmail, IsOptional, Length, Matches, MaxLength } from "class-validator";
import { Directive, Field, ID, InputType, ObjectType, registerEnumType } from "type-graphql";
import { UserRole } from "../../../core/src/db/generated/enums";
import { Currency } from "../../../core/src/graphql/common-types";
import { ConnectionType } from "../../../core/src/graphql/pagination";
import { JSONScalar } from "../../../core/src/graphql/scalars";
import type { ApiKeyScope } from "../../../core/src/auth/scopes";

@ObjectType()
export class ClientApp {
  @Field(() => ID)
  id!: string;

  @Field()
  name!: string;

  @Field()
  isActive!: boolean;

  @Field()
  createdAt!: Date;
}

@Directive('@key(fields: "id")')
@ObjectType({ description: "A tenant organisation of a client app" })
export class Client {
  @Field(() => ID)
  id!: string;

  @Field()
  name!: string;

  @Field()
  code!: string;

  @Field(() => ID)
  clientAppId!: string;

  @Field(() => String, { nullable: true })
  externalId!: string | null;

  @Field(() => Currency)
  defaultCurrency!: Currency;

  @Field()
  isActive!: boolean;

  @Field(() => String, { nullable: true })
  taxId!: string | null;

  @Field(() => String, { nullable: true })
  address!: string | null;

  @Field(() => String, { nullable: true })
  phone!: string | null;

  @Field(() => String, { nullable: true })
  email!: string | null;

  @Field()
  createdAt!: Date;

  @Field()
  updatedAt!: Date;
}

export const ClientConnection = ConnectionType("Client", Client);

/** GraphQL names for the scopes; keys store and show the lower-case values. */
export const ApiKeyScopeName = { ADMIN: "admin", STOREFRONT: "storefront" } as const satisfies Record<
  string,
  ApiKeyScope
>;

registerEnumType(ApiKeyScopeName, {
  name: "ApiKeyScope",
  description: "ADMIN: everything of the client. STOREFRONT: published catalog, stock, createOrder, its own orders",
});

@ObjectType()
export class ApiKeyInfo {
  @Field(() => ID)
  id!: string;

  @Field({ description: "The first characters of the key, to tell keys apart" })
  prefix!: string;

  @Field(() => [String], { description: "Lower-case scope names: admin, storefront" })
  scopes!: string[];

  @Field()
  createdAt!: Date;

  @Field(() => Date, { nullable: true })
  expiresAt!: Date | null;

  @Field(() => Date, { nullable: true })
  lastUsedAt!: Date | null;

  @Field(() => Date, { nullable: true })
  revokedAt!: Date | null;
}

@ObjectType({ description: "A newly issued key: the secret is shown here once and never again" })
export class IssuedApiKey {
  @Field()
  apiKey!: string;

  @Field(() => ApiKeyInfo)
  info!: ApiKeyInfo;
}

@ObjectType()
export class Viewer {
  @Field(() => ClientApp)
  clientApp!: ClientApp;

  @Field(() => Client, { nullable: true })
  client!: Client | null;
}

@ObjectType()
export class CreateClientAppPayload {
  @Field(() => ClientApp)
  clientApp!: ClientApp;

  @Field({ description: "The platform key (x-api-key), shown once" })
  apiKey!: string;

  @Field(() => ApiKeyInfo)
  apiKeyInfo!: ApiKeyInfo;
}

@ObjectType()
export class RegisterClientPayload {
  @Field(() => Client)
  client!: Client;

  @Field({ description: "The client key (client-x-api-key), shown once" })
  apiKey!: string;

  @Field(() => ApiKeyInfo)
  apiKeyInfo!: ApiKeyInfo;
}

@InputType()
export class CreateClientAppInput {
  @Field()
  @Length(1, 200)
  name!: string;
}

const codePattern = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;

@InputType()
export class RegisterClientInput {
  @Field()
  @Length(1, 200)
  name!: string;

  @Field({ description: "Unique within the client app: letters, digits, '_', '.', '-'" })
  @Length(1, 64)
  @Matches(codePattern)
  code!: string;

  @Field(() => String, { nullable: true, description: "The client's id in the platform, unique within the app" })
  @IsOptional()
  @Length(1, 200)
  externalId?: string | null;

  @Field(() => Currency, { nullable: true })
  defaultCurrency?: Currency | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @MaxLength(64)
  taxId?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @MaxLength(500)
  address?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @MaxLength(64)
  phone?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsEmail()
  email?: string | null;

  @Field(() => [ApiKeyScopeName], { nullable: true, description: "Scopes of the client's first key; ADMIN when omitted" })
  scopes?: ApiKeyScope[] | null;
}

@InputType()
export class UpdateClientInput {
  @Field(() => String, { nullable: true })
  @IsOptional()
  @Length(1, 200)
  name?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @Length(1, 64)
  @Matches(codePattern)
  code?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @Length(1, 200)
  externalId?: string | null;

  @Field(() => Currency, { nullable: true })
  defaultCurrency?: Currency | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @MaxLength(64)
  taxId?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @MaxLength(500)
  address?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @MaxLength(64)
  phone?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsEmail()
  email?: string | null;
}

@InputType()
export class ClientFilter {
  @Field(() => Boolean, { nullable: true })
  isActive?: boolean | null;

  @Field(() => String, { nullable: true, description: "Matches name or code, case-insensitive" })
  @IsOptional()
  @MaxLength(200)
  search?: string | null;
}

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

@ObjectType({ description: "Users who share an account; a user belongs to at most one" })
export class FamilyAccount {
  @Field(() => ID)
  id!: string;

  @Field()
  name!: string;
}

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

  @Field(() => ID, { nullable: true, description: "The API key that made the change; null for the operator" })
  actorKeyId!: string | null;

  @Field(() => JSONScalar, { nullable: true })
  before!: unknown;

  @Field(() => JSONScalar, { nullable: true })
  after!: unknown;

  @Field()
  at!: Date;
}

export const AuditLogEntryConnection = ConnectionType("AuditLogEntry", AuditLogEntry);

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

@InputType()
export class CreateFamilyAccountInput {
  @Field()
  @Length(1, 200)
  name!: string;

  @Field(() => ID, { description: "Becomes the first member; must not belong to a family yet" })
  ownerId!: string;
}

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
}
