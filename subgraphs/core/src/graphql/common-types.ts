import { Directive, Field, ObjectType, registerEnumType } from "type-graphql";
import { Currency } from "../db/generated/enums";
import { Decimal } from "./scalars";

export { Currency };

registerEnumType(Currency, { name: "Currency", description: "ISO 4217 currency code" });

// Value types every subgraph may return: @shareable lets composition accept them from many.
@Directive("@shareable")
@ObjectType()
export class Money {
  @Field(() => Decimal)
  amount!: Decimal;

  @Field(() => Currency)
  currency!: Currency;
}

@Directive("@shareable")
@ObjectType()
export class PageInfo {
  @Field()
  hasNextPage!: boolean;

  @Field(() => String, { nullable: true })
  endCursor!: string | null;
}
