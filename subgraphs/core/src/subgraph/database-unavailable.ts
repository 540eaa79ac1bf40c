/** Prisma's codes for a database it cannot reach or that dropped the connection. */
const unreachableCodes = new Set(["P1001", "P1002", "P1008", "P1017", "P2024"]);
/** @prisma/adapter-pg's classification of connection-level failures. */
const unreachableKinds = new Set(["DatabaseNotReachable", "ConnectionClosed", "SocketTimeout", "TooManyConnections"]);
/** A socket's failure to reach the server, as pg reports it on a read that went through it directly. */
const socketCodes = new Set(["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "EPIPE"]);
/** pg's own errors when a pooled connection dies mid-use (no code attached). */
const droppedConnection = /^Connection terminated|^Client has encountered a connection error/;

interface MaybeDatabaseError {
  name?: unknown;
  code?: unknown;
  message?: unknown;
  meta?: { driverAdapterError?: { cause?: { kind?: unknown; code?: unknown } } };
  cause?: unknown;
}

/**
 * Whether an error means the database is unreachable right now (down, restarting, failing
 * over, out of connections) rather than that the request was wrong: such a request can
 * succeed on retry, so the client is told SERVICE_UNAVAILABLE instead of a masked 500.
 * Postgres SQLSTATE classes 08 (connection exception) and 57P (shutdown, crash, restart)
 * count too: they are what a restart looks like from a connection that was open.
 */
export function isDatabaseUnavailable(error: unknown, depth = 0): boolean {
  if (!error || typeof error !== "object" || depth > 3) return false;
  const candidate = error as MaybeDatabaseError;
  if (candidate.name === "PrismaClientInitializationError") return true;
  if (typeof candidate.code === "string" && unreachableCodes.has(candidate.code)) return true;
  const cause = candidate.meta?.driverAdapterError?.cause;
  if (typeof cause?.kind === "string" && unreachableKinds.has(cause.kind)) return true;
  if (cause?.kind === "postgres" && typeof cause.code === "string" && /^(08|57P)/.test(cause.code)) return true;
  if (typeof candidate.code === "string" && /^(08|57P)/.test(candidate.code)) return true;
  if (typeof candidate.code === "string" && socketCodes.has(candidate.code)) return true;
  if (typeof candidate.message === "string" && droppedConnection.test(candidate.message)) return true;
  return isDatabaseUnavailable(candidate.cause, depth + 1);
}
