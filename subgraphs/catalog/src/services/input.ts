import type { Decimal } from "../../../core/src/graphql/scalars";
import { badInput, type AppError } from "../../../core/src/errors";

/** A BAD_USER_INPUT shaped like class-validator's, so clients read one format for both. */
export function invalidField(field: string, problem: string): AppError {
  return badInput(`Invalid input: ${field} ${problem}`, { fields: [{ field, problems: [`${field} ${problem}`] }] });
}

/** Prices are stored as DECIMAL(12, 2): cents are the smallest unit, and none is negative. */
export function assertPrice(price: Decimal, field = "price"): void {
  if (price.isNegative()) throw invalidField(field, "must not be negative");
  if (price.decimalPlaces() > 2) throw invalidField(field, "must have at most 2 decimal places");
}
