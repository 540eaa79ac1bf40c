import { Directive, Field, ID, ObjectType, registerEnumType } from "type-graphql";
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
