interface MaybeDatabaseError {
  code?: unknown;
  meta?: { driverAdapterError?: { cause?: { kind?: unknown; originalCode?: unknown } } };
}

/**
 * Whether a unique index refused the row (SQLSTATE 23505). Prisma's model methods say P2002;
 * a raw statement says only P2010 "raw query failed", with the driver's cause beneath; a
 * statement sent through the driver itself (`queryRows`) carries the SQLSTATE as its code.
 */
export function isUniqueViolation(error: unknown): boolean {
  const candidate = error as MaybeDatabaseError | null;
  if (candidate?.code === "P2002" || candidate?.code === "23505") return true;
  const cause = candidate?.meta?.driverAdapterError?.cause;
  return cause?.kind === "UniqueConstraintViolation" || cause?.originalCode === "23505";
}
