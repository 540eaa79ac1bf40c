interface MaybeDatabaseError {
  meta?: { driverAdapterError?: { cause?: { kind?: unknown; originalCode?: unknown } } };
}

/**
 * Whether PostgreSQL refused a value its column cannot hold (SQLSTATE 22003), as a sum of
 * quantities past an int4 column's 2147483647. Only a caller that knows which of its own
 * figures grew can say what the client asked for too much of.
 */
export function isValueOutOfRange(error: unknown): boolean {
  const cause = (error as MaybeDatabaseError | null)?.meta?.driverAdapterError?.cause;
  return cause?.kind === "ValueOutOfRange" || cause?.originalCode === "22003";
}
