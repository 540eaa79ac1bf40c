import { GraphQLError, GraphQLScalarType, Kind } from "graphql";
import { DateTimeResolver, JSONResolver } from "graphql-scalars";
import { Decimal as PrismaDecimal } from "@prisma/client/runtime/client";
import type { BuildSchemaOptions } from "type-graphql";

export { DateTimeResolver as DateTimeScalar, JSONResolver as JSONScalar };
export { PrismaDecimal as Decimal };

const decimalPattern = /^-?\d{1,10}(\.\d{1,4})?$/;

function parseDecimal(value: unknown): PrismaDecimal {
  const text = typeof value === "number" ? String(value) : value;
  if (typeof text !== "string" || !decimalPattern.test(text)) {
    throw new GraphQLError(`Decimal must be a string such as "19.99", got ${JSON.stringify(value)}`, {
      extensions: { code: "BAD_USER_INPUT" },
    });
  }
  return new PrismaDecimal(text);
}

/** At least two decimals ("12.50", not "12.5"), more when the value has them. */
function formatDecimal(value: PrismaDecimal): string {
  return value.toFixed(Math.max(2, value.decimalPlaces()));
}

/** Money travels as a string so no client loses cents to binary floating point. */
export const DecimalScalar = new GraphQLScalarType<PrismaDecimal, string>({
  name: "Decimal",
  description: 'Exact decimal number, a string on the wire, e.g. "19.99"',
  serialize: (value) => formatDecimal(value instanceof PrismaDecimal ? value : parseDecimal(value)),
  parseValue: parseDecimal,
  parseLiteral: (ast) => {
    if (ast.kind !== Kind.STRING && ast.kind !== Kind.INT && ast.kind !== Kind.FLOAT) {
      throw new GraphQLError('Decimal must be a string such as "19.99"', { extensions: { code: "BAD_USER_INPUT" } });
    }
    return parseDecimal(ast.value);
  },
});

export const scalarsMap: NonNullable<BuildSchemaOptions["scalarsMap"]> = [
  { type: Date, scalar: DateTimeResolver },
  { type: PrismaDecimal, scalar: DecimalScalar },
];
