import { Field, ID, ObjectType } from "type-graphql";
import { ConnectionType } from "../../../core/src/graphql/pagination";

@ObjectType({
  description:
    "A browser storefront's key (`pub_…`): public by design, sent alone in client-x-api-key, storefront scope only, accepted from its allowed origins",
})
export class PublishableKeyInfo {
  @Field(() => ID)
  id!: string;

  @Field({ description: "The first characters of the key, to tell keys apart" })
  prefix!: string;

  @Field(() => [String], { description: "Browser origins (scheme://host[:port]) whose requests may present the key" })
  allowedOrigins!: string[];

  @Field()
  createdAt!: Date;

  @Field(() => Date, { nullable: true })
  lastUsedAt!: Date | null;

  @Field(() => Date, { nullable: true })
  revokedAt!: Date | null;
}

export const PublishableKeyConnection = ConnectionType("PublishableKey", PublishableKeyInfo);

@ObjectType({ description: "A newly issued publishable key: the key is shown here once and never again" })
export class IssuedPublishableKey {
  @Field()
  publishableKey!: string;

  @Field(() => PublishableKeyInfo)
  info!: PublishableKeyInfo;
}
