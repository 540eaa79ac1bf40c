import {
  ArrayMaxSize,
  ArrayMinSize,
  IsEmail,
  IsInt,
  IsOptional,
  IsUUID,
  Length,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from "class-validator";
import { Directive, Field, ID, InputType, Int, ObjectType, registerEnumType } from "type-graphql";
import { OrderSource, OrderStatus } from "../db";
import { Money } from "../../../core/src/graphql/common-types";
import { ConnectionType } from "../../../core/src/graphql/pagination";
import { maxOrderLines } from "../services/orders";

export { OrderSource, OrderStatus };

registerEnumType(OrderStatus, {
  name: "OrderStatus",
  description: "PENDING→PROCESSING→COMPLETED→REFUNDED; PENDING|PROCESSING→CANCELLED",
});
registerEnumType(OrderSource, { name: "OrderSource" });

/** The catalog's Product, referenced by key only: the gateway fetches its fields from catalog. */
@Directive('@key(fields: "id", resolvable: false)')
@ObjectType("Product")
export class ProductReference {
  @Field(() => ID)
  id!: string;
}

@ObjectType()
export class OrderItem {
  @Field(() => ID)
  id!: string;

  @Field(() => ProductReference)
  product!: ProductReference;

  @Field({ description: "The product's SKU when ordered" })
  sku!: string;

  @Field(() => Int)
  quantity!: number;

  @Field(() => Money, { description: "The price when ordered (an imported store order: the store's price)" })
  unitPrice!: Money;

  @Field(() => Money)
  lineTotal!: Money;

  @Field(() => String, {
    nullable: true,
    description: "The line's id in the store the order was imported from (exact, as the store sent it)",
  })
  storeLineId!: string | null;
}

@ObjectType({
  description:
    "A line of an imported store order whose SKU is none of our products: kept as the store sold it, no stock reserved",
})
export class UnmappedOrderLine {
  @Field(() => String, { nullable: true, description: "The line's id in the store" })
  storeLineId!: string | null;

  @Field(() => String, { nullable: true })
  sku!: string | null;

  @Field(() => String, { nullable: true, description: "The store's name for the item" })
  title!: string | null;

  @Field(() => Int)
  quantity!: number;

  @Field(() => Money, { nullable: true, description: "The store's price; null when the store sent none" })
  unitPrice!: Money | null;

  @Field(() => Money, { nullable: true })
  lineTotal!: Money | null;
}

@ObjectType()
export class OrderStatusChange {
  @Field(() => OrderStatus, { nullable: true })
  from!: OrderStatus | null;

  @Field(() => OrderStatus)
  to!: OrderStatus;

  @Field()
  at!: Date;

  @Field(() => String, { nullable: true })
  note!: string | null;
}

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

  @Field(() => String, { nullable: true })
  note!: string | null;

  @Field()
  createdAt!: Date;

  @Field()
  updatedAt!: Date;
}

export const OrderConnection = ConnectionType("Order", Order);

@InputType()
export class OrderItemInput {
  @Field(() => ID)
  @IsUUID()
  productId!: string;

  @Field(() => Int)
  @IsInt()
  @Min(1)
  @Max(10_000)
  quantity!: number;

  @Field(() => ID, { description: "The location the stock is taken from" })
  @IsUUID()
  locationId!: string;
}

@InputType()
export class CreateOrderInput {
  @Field(() => [OrderItemInput])
  @ArrayMinSize(1)
  @ArrayMaxSize(maxOrderLines)
  @ValidateNested({ each: true })
  items!: OrderItemInput[];

  @Field(() => String, {
    nullable: true,
    description:
      "Replaying a key with the same input returns the order it created; with another input it fails with IDEMPOTENCY_KEY_REUSED",
  })
  @IsOptional()
  @Length(1, 200)
  idempotencyKey?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsEmail()
  customerEmail?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @MaxLength(2000)
  note?: string | null;
}

@InputType()
export class OrderFilter {
  @Field(() => [OrderStatus], { nullable: true })
  status?: OrderStatus[] | null;

  @Field(() => OrderSource, { nullable: true })
  source?: OrderSource | null;

  @Field(() => Date, { nullable: true })
  createdAfter?: Date | null;

  @Field(() => Date, { nullable: true })
  createdBefore?: Date | null;
}
