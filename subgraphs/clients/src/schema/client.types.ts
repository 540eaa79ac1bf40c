import { IsEmail, IsOptional, Length, Matches, MaxLength } from "class-validator";
import { Directive, Field, ID, InputType, ObjectType } from "type-graphql";
import { Currency } from "../../../core/src/graphql/common-types";
import { ConnectionType } from "../../../core/src/graphql/pagination";
import type { ApiKeyScope } from "../../../core/src/auth/scopes";
import { ApiKeyInfo, ApiKeyScopeName } from "./api-key.types";

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

@ObjectType()
export class RegisterClientPayload {
  @Field(() => Client)
  client!: Client;

  @Field({ description: "The client key (client-x-api-key), shown once" })
  apiKey!: string;

  @Field(() => ApiKeyInfo)
  apiKeyInfo!: ApiKeyInfo;
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
