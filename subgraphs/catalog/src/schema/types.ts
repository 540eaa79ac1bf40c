import { Directive, Field, ID, ObjectType, registerEnumType } from "type-graphql";
import { ProductStatus } from "../../../core/src/db/generated/enums";
import { Money } from "../../../core/src/graphql/common-types";

export { ProductStatus };

registerEnumType(ProductStatus, {
  name: "ProductStatus",
  description: "DRAFT→PUBLISHED→ARCHIVED→DRAFT, and PUBLISHED→DRAFT",
});

@Directive('@key(fields: "id")')
@ObjectType()
export class Category {
  @Field(() => ID)
  id!: string;

  @Field()
  name!: string;

  @Field()
  slug!: string;
}

@Directive('@key(fields: "id")')
@ObjectType()
export class Product {
  @Field(() => ID)
  id!: string;

  @Field()
  sku!: string;

  @Field()
  name!: string;

  @Field(() => String, { nullable: true })
  description!: string | null;

  @Field(() => Money)
  price!: Money;

  @Field(() => ProductStatus)
  status!: ProductStatus;

  @Field(() => Category, { nullable: true })
  category!: Category | null;

  @Field(() => Date, { nullable: true })
  publishedAt!: Date | null;

  @Field()
  createdAt!: Date;

  @Field()
  updatedAt!: Date;
}
