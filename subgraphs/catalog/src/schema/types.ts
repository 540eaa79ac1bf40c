import { IsOptional, Length, Matches, MaxLength } from "class-validator";
import { Directive, Field, ID, InputType, ObjectType, registerEnumType } from "type-graphql";
import { Currency, Money } from "../../../core/src/graphql/common-types";
import { ConnectionType } from "../../../core/src/graphql/pagination";
import { Decimal } from "../../../core/src/graphql/scalars";
import { uuidPattern } from "../../../core/src/ids";
import { ProductStatus } from "../services/product-state";

export { ProductStatus };

registerEnumType(ProductStatus, {
  name: "ProductStatus",
  description: "DRAFT→PUBLISHED→ARCHIVED→DRAFT, and PUBLISHED→DRAFT",
});

const idMessage = { message: "$property must be an id returned by this API" };
const skuPattern = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
const skuMessage = {
  message: "$property must start with a letter or digit and have at most 64 letters, digits, '.', '_' or '-'",
};
const slugPattern = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const slugMessage = { message: "$property must be lowercase letters and digits, words joined by single '-'" };

// parent, children and products are resolved by CategoryResolver.
@Directive('@key(fields: "id")')
@ObjectType()
export class Category {
  @Field(() => ID)
  id!: string;

  @Field()
  name!: string;

  @Field({ description: "Unique within the client, used in storefront URLs" })
  slug!: string;

  @Field()
  createdAt!: Date;

  @Field()
  updatedAt!: Date;
}

@Directive('@key(fields: "id")')
@ObjectType()
export class Product {
  @Field(() => ID)
  id!: string;

  @Field({ description: "Unique within the client" })
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

  @Field(() => Date, {
    nullable: true,
    description: "When the product was last published; kept when it is unpublished or archived",
  })
  publishedAt!: Date | null;

  @Field()
  createdAt!: Date;

  @Field()
  updatedAt!: Date;
}

export const ProductConnection = ConnectionType("Product", Product);
export const CategoryConnection = ConnectionType("Category", Category);

@InputType()
export class CreateCategoryInput {
  @Field()
  @Length(1, 200)
  name!: string;

  @Field({ description: "Lowercase words joined by '-', unique within the client" })
  @Length(1, 100)
  @Matches(slugPattern, slugMessage)
  slug!: string;

  @Field(() => ID, { nullable: true, description: "Omitted or null: a root category" })
  @IsOptional()
  @Matches(uuidPattern, idMessage)
  parentId?: string | null;
}

@InputType()
export class UpdateCategoryInput {
  @Field(() => String, { nullable: true })
  @IsOptional()
  @Length(1, 200)
  name?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @Length(1, 100)
  @Matches(slugPattern, slugMessage)
  slug?: string | null;

  @Field(() => ID, {
    nullable: true,
    description: "Omitted: unchanged; null: a root category; never the category itself or one below it",
  })
  @IsOptional()
  @Matches(uuidPattern, idMessage)
  parentId?: string | null;
}

@InputType()
export class CreateProductInput {
  @Field({ description: "Unique within the client" })
  @Matches(skuPattern, skuMessage)
  sku!: string;

  @Field()
  @Length(1, 200)
  name!: string;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @MaxLength(5000)
  description?: string | null;

  @Field(() => Decimal, { description: "At least 0, at most 2 decimal places" })
  price!: Decimal;

  @Field(() => Currency, { nullable: true, description: "Defaults to the client's default currency" })
  currency?: Currency | null;

  @Field(() => ID, { nullable: true })
  @IsOptional()
  @Matches(uuidPattern, idMessage)
  categoryId?: string | null;
}

@InputType()
export class UpdateProductInput {
  @Field(() => String, { nullable: true })
  @IsOptional()
  @Matches(skuPattern, skuMessage)
  sku?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @Length(1, 200)
  name?: string | null;

  @Field(() => String, { nullable: true, description: "null clears it" })
  @IsOptional()
  @MaxLength(5000)
  description?: string | null;

  @Field(() => Decimal, { nullable: true })
  price?: Decimal | null;

  @Field(() => Currency, { nullable: true })
  currency?: Currency | null;

  @Field(() => ID, { nullable: true, description: "null takes the product out of its category" })
  @IsOptional()
  @Matches(uuidPattern, idMessage)
  categoryId?: string | null;
}

@InputType()
export class ProductFilter {
  @Field(() => ProductStatus, { nullable: true })
  status?: ProductStatus | null;

  @Field(() => ID, { nullable: true })
  @IsOptional()
  @Matches(uuidPattern, idMessage)
  categoryId?: string | null;

  @Field(() => String, { nullable: true, description: "Matches name or sku, case-insensitive" })
  @IsOptional()
  @MaxLength(200)
  search?: string | null;
}
