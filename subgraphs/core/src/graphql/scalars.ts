import { GraphQLError, GraphQLScalarType, Kind } from "graphql";
import { DateTimeResolver, JSONResolver } from "graphql-scalars";
import { Decimal as PrismaDecimal } from "@prisma/client/runtime/client";
import type { BuildSchemaOptions } from "type-graphql";

export { JSONResolver as JSONScalar };
export { PrismaDecimal as Decimal };

const decimalPattern = /^-?\d{1,10}(\.\d{1,4})?$/;

/** The largest amount a money column (DECIMAL(12, 2)) holds. */
export const maxMoneyAmount = new PrismaDecimal("9999999999.99");

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

/**
 * Years 1 to 9999, the four-digit years of RFC 3339, in UTC: PostgreSQL's timestamptz has no
 * year 0 and JavaScript's Date reaches past 9999, so without this bound a client's odd date
 * passed the scalar and failed the SQL statement as an internal error.
 */
const earliest = Date.parse("0001-01-01T00:00:00Z");
const latest = Date.parse("9999-12-31T23:59:59.999Z");

function parseDateTime(parse: () => Date): Date {
  let date: Date;
  try {
    date = parse();
  } catch (error) {
    // graphql-scalars' own message, with the code that makes it the client's error.
    throw new GraphQLError((error as Error).message, { extensions: { code: "BAD_USER_INPUT" } });
  }
  if (date.getTime() < earliest || date.getTime() > latest) {
    throw new GraphQLError(
      `DateTime must fall between 0001-01-01T00:00:00Z and 9999-12-31T23:59:59.999Z, got ${date.toISOString()}`,
      { extensions: { code: "BAD_USER_INPUT" } },
    );
  }
  return date;
}

/** graphql-scalars' DateTime, refusing what the database cannot store, as BAD_USER_INPUT. */
export const DateTimeScalar = new GraphQLScalarType<Date, Date>({
  ...DateTimeResolver.toConfig(),
  parseValue: (value) => parseDateTime(() => DateTimeResolver.parseValue(value)),
  parseLiteral: (ast, variables) => parseDateTime(() => DateTimeResolver.parseLiteral(ast, variables)),
});

export const scalarsMap: NonNullable<BuildSchemaOptions["scalarsMap"]> = [
  { type: Date, scalar: DateTimeScalar },
  { type: PrismaDecimal, scalar: DecimalScalar },
];
