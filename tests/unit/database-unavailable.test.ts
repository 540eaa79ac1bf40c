import { isDatabaseUnavailable } from "../../subgraphs/core/src/subgraph/database-unavailable";

// The hot reads go through pg (or PGlite) directly, so an outage reaches the resolver as the
// driver's own error, not Prisma's: it must still answer 503 SERVICE_UNAVAILABLE, not a masked 500.

const socketError = (code: string) => Object.assign(new Error(`connect ${code} 127.0.0.1:5432`), { code });

test("a socket that cannot reach the server, or lost it, is an outage", () => {
  for (const code of ["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "EPIPE"]) {
    expect(isDatabaseUnavailable(socketError(code))).toBe(true);
  }
  expect(isDatabaseUnavailable(new Error("Connection terminated unexpectedly"))).toBe(true);
  expect(isDatabaseUnavailable(Object.assign(new Error("terminating connection"), { code: "57P01" }))).toBe(true);
});

test("a socket failure the row reader passes on as the cause of its own error is an outage", () => {
  const socketFailure = { errno: -111, code: "ECONNREFUSED", syscall: "connect" };
  expect(isDatabaseUnavailable(new Error("connect ECONNREFUSED", { cause: socketFailure }))).toBe(true);
});

test("a query the database refused is no outage", () => {
  expect(isDatabaseUnavailable(Object.assign(new Error("invalid input syntax for type uuid"), { code: "22P02" }))).toBe(
    false,
  );
});
