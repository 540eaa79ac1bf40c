import { IsOptional, Length, MaxLength } from "class-validator";
import { Directive, Field, ID, InputType, ObjectType, registerEnumType } from "type-graphql";
import { ConnectionStatus, IntegrationPlatform } from "../../../core/src/db/generated/enums";

export { ConnectionStatus, IntegrationPlatform };

registerEnumType(IntegrationPlatform, { name: "IntegrationPlatform" });
registerEnumType(ConnectionStatus, { name: "ConnectionStatus" });

@Directive('@key(fields: "id")')
@ObjectType({ description: "A tenant's link to a Shopify, WooCommerce or Prokip store" })
export class Connection {
  @Field(() => ID)
  id!: string;

  @Field(() => IntegrationPlatform)
  platform!: IntegrationPlatform;

  @Field()
  storeUrl!: string;

  @Field(() => ConnectionStatus)
  status!: ConnectionStatus;

  @Field()
  syncEnabled!: boolean;

  @Field(() => Date, { nullable: true })
  lastSyncAt!: Date | null;

  @Field(() => String, { nullable: true })
  lastError!: string | null;

  @Field()
  createdAt!: Date;
}

@ObjectType({ description: "Where to send the merchant to approve the app in their Shopify admin" })
export class ShopifyAuthorization {
  @Field({
    description: "The shop's consent screen; Shopify then redirects to GET /integrations/shopify/callback",
  })
  authUrl!: string;
}

@InputType()
export class ConnectWooCommerceInput {
  @Field({ description: "The store's address, e.g. https://shop.example.com (a sub-folder install keeps its path)" })
  @MaxLength(2000)
  storeUrl!: string;

  @Field({ description: "REST API key (ck_…) with Read/Write permission; stored encrypted, never returned" })
  @Length(1, 200)
  consumerKey!: string;

  @Field({ description: "REST API secret (cs_…); stored encrypted, never returned" })
  @Length(1, 200)
  consumerSecret!: string;
}

@InputType()
export class ConfigureProkipInput {
  @Field({ description: "Prokip API bearer token; stored encrypted, never returned" })
  @Length(1, 4000)
  token!: string;

  @Field(() => String, { nullable: true, description: "Omitted: the server's PROKIP_API_URL" })
  @IsOptional()
  @MaxLength(2000)
  apiUrl?: string | null;

  @Field({ description: "The Prokip business location sales are booked at" })
  @Length(1, 100)
  locationId!: string;
}
