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

  @Field({ description: "Whether items come before this page: pass startCursor as before, with last" })
  hasPreviousPage!: boolean;

  @Field(() => String, { nullable: true, description: "The first edge's cursor; null on an empty page" })
  startCursor!: string | null;

  @Field(() => String, { nullable: true, description: "The last edge's cursor; null on an empty page" })
  endCursor!: string | null;
}
