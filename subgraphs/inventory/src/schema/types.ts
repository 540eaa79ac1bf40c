import { IsDate, IsInt, IsOptional, IsUUID, Length, Matches, Max, MaxLength, Min, NotEquals } from "class-validator";
import { Directive, Field, ID, InputType, Int, ObjectType, registerEnumType } from "type-graphql";
import { MovementType } from "../db";
import { ConnectionType } from "../../../core/src/graphql/pagination";

export { MovementType };

registerEnumType(MovementType, { name: "MovementType" });

/** Largest quantity one operation may move: far above any real shelf, far below Int overflow. */
export const maxQuantity = 1_000_000;

@Directive('@key(fields: "id")')
@ObjectType()
export class Location {
  @Field(() => ID)
  id!: string;

  @Field()
  name!: string;

  @Field()
  code!: string;
}

/** The catalog's Product, seen from inventory: this subgraph adds its stock fields. */
@Directive('@key(fields: "id")')
@ObjectType("Product")
export class ProductStock {
  @Field(() => ID)
  id!: string;
}

@ObjectType()
export class InventoryLevel {
  @Field(() => ID)
  id!: string;

  @Field(() => Int)
  onHand!: number;

  @Field(() => Int)
  reserved!: number;

  @Field()
  updatedAt!: Date;
}

@ObjectType()
export class InventoryMovement {
  @Field(() => ID)
  id!: string;

  @Field(() => MovementType)
  type!: MovementType;

  @Field(() => Int, { description: "Signed change: to reserved for RESERVATION/RELEASE, to onHand otherwise" })
  quantity!: number;

  @Field(() => String, { nullable: true })
  reason!: string | null;

  @Field(() => String, { nullable: true, description: "What caused it, e.g. the order id" })
  reference!: string | null;

  @Field()
  at!: Date;
}

@ObjectType()
export class Batch {
  @Field(() => ID)
  id!: string;

  @Field()
  lotNumber!: string;

  @Field(() => Int)
  quantity!: number;

  @Field(() => Date, { nullable: true })
  expiresAt!: Date | null;

  @Field()
  receivedAt!: Date;
}

export const InventoryLevelConnection = ConnectionType("InventoryLevel", InventoryLevel);
export const InventoryMovementConnection = ConnectionType("InventoryMovement", InventoryMovement);
export const BatchConnection = ConnectionType("Batch", Batch);

@InputType()
export class CreateLocationInput {
  @Field()
  @Length(1, 200)
  name!: string;

  @Field({ description: "Unique per client: letters, digits, '_', '.', '-'" })
  @Length(1, 64)
  @Matches(/^[A-Za-z0-9][A-Za-z0-9_.-]*$/)
  code!: string;
}

@InputType()
export class AdjustInventoryInput {
  @Field(() => ID)
  @IsUUID()
  productId!: string;

  @Field(() => ID)
  @IsUUID()
  locationId!: string;

  @Field(() => Int, { description: "Units to add (positive) or remove (negative)" })
  @IsInt()
  @NotEquals(0)
  @Min(-maxQuantity)
  @Max(maxQuantity)
  delta!: number;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @MaxLength(500)
  reason?: string | null;
}

@InputType()
export class SetInventoryInput {
  @Field(() => ID)
  @IsUUID()
  productId!: string;

  @Field(() => ID)
  @IsUUID()
  locationId!: string;

  @Field(() => Int, { description: "The counted quantity on hand" })
  @IsInt()
  @Min(0)
  @Max(maxQuantity)
  onHand!: number;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @MaxLength(500)
  reason?: string | null;
}

@InputType()
export class ReceiveBatchInput {
  @Field(() => ID)
  @IsUUID()
  productId!: string;

  @Field(() => ID)
  @IsUUID()
  locationId!: string;

  @Field()
  @Length(1, 100)
  lotNumber!: string;

  @Field(() => Int)
  @IsInt()
  @Min(1)
  @Max(maxQuantity)
  quantity!: number;

  @Field(() => Date, { nullable: true })
  @IsOptional()
  @IsDate()
  expiresAt?: Date | null;
}

@InputType()
export class TransferInventoryInput {
  @Field(() => ID)
  @IsUUID()
  productId!: string;

  @Field(() => ID)
  @IsUUID()
  fromLocationId!: string;

  @Field(() => ID)
  @IsUUID()
  toLocationId!: string;

  @Field(() => Int)
  @IsInt()
  @Min(1)
  @Max(maxQuantity)
  quantity!: number;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @MaxLength(500)
  reason?: string | null;
}

@InputType()
export class InventoryFilter {
  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID()
  productId?: string | null;

  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID()
  locationId?: string | null;
}

@InputType()
export class MovementFilter extends InventoryFilter {
  @Field(() => MovementType, { nullable: true })
  type?: MovementType | null;
}
