import { restErrorOf } from "../../gateway/src/rest/rest-errors";

describe("REST error answers", () => {
  test("a code answers the status it means, with its details and no transport plumbing", () => {
    expect(
      restErrorOf([
        {
          message: "Product cannot move from DRAFT to DRAFT",
          extensions: { code: "INVALID_STATE_TRANSITION", from: "DRAFT", http: { status: 409 }, stacktrace: ["x"] },
        },
      ]),
    ).toEqual({
      status: 409,
      body: {
        error: {
          code: "INVALID_STATE_TRANSITION",
          message: "Product cannot move from DRAFT to DRAFT",
          details: { from: "DRAFT" },
        },
      },
      retryAfter: undefined,
    });
  });

  test("refused values are 422; SOFA's unreadable parameters are 400", () => {
    expect(restErrorOf([{ message: "bad", extensions: { code: "BAD_USER_INPUT" } }]).status).toBe(422);
    expect(
      restErrorOf([{ message: "POST body sent invalid JSON.", extensions: { http: { status: 400 } } }]),
    ).toMatchObject({
      status: 400,
      body: { error: { code: "BAD_USER_INPUT", message: "POST body sent invalid JSON." } },
    });
  });

  test("an empty bucket says when to come back", () => {
    expect(
      restErrorOf([{ message: "Rate limit exceeded", extensions: { code: "RATE_LIMITED", retryAfter: 3 } }]),
    ).toMatchObject({
      status: 429,
      retryAfter: 3,
      body: { error: { code: "RATE_LIMITED", details: { retryAfter: 3 } } },
    });
  });

  test("an error without a code is a fault of ours: a 500 that repeats nothing of it", () => {
    for (const error of [
      { message: "connect ECONNREFUSED 10.0.0.5:5432 password=hunter2" },
      { message: "weird", extensions: { code: "SOMETHING_INTERNAL", secret: "s3cret" } },
    ]) {
      expect(restErrorOf([error])).toEqual({
        status: 500,
        body: { error: { code: "INTERNAL_SERVER_ERROR", message: "Internal server error", details: {} } },
        retryAfter: undefined,
      });
    }
  });
});
