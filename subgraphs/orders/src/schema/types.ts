import { Directive, Field, ID, Int, ObjectType, registerEnumType } from "type-graphql";
import { OrderSource, OrderStatus } from "../../../core/src/db/generated/enums";
import { Money } from "../../../core/src/graphql/common-types";

export { OrderSource, OrderStatus };

registerEnumType(OrderStatus, {
  name: "OrderStatus",
  description: "PENDING→PROCESSING→COMPLETED→REFUNDED; PENDING|PROCESSING→CANCELLED",
});
registerEnumType(OrderSource, { name: "OrderSource" });

@Directive('@key(fields: "id")')
@ObjectType()
export class Order {
  @Field(() => ID)
  id!: string;

  @Field(() => Int, { description: "Sequential per tenant, for humans" })
  number!: number;

  @Field(() => OrderStatus)
  status!: OrderStatus;

  @Field(() => OrderSource)
  source!: OrderSource;

  @Field(() => String, { nullable: true, description: "The order's id in the store it came from" })
  externalId!: string | null;

  @Field(() => Money)
  total!: Money;

  @Field(() => String, { nullable: true })
  customerEmail!: string | null;

  @Field()
  createdAt!: Date;

  @Field()
  updatedAt!: Date;
}
