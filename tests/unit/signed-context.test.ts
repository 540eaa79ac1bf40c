import { anonymous, type AuthContext } from "../../subgraphs/core/src/auth/context";
import { signContext, verifyContext } from "../../subgraphs/core/src/auth/signed-context";

const secret = "s".repeat(40);
const auth: AuthContext = {
  clientAppId: "app-1",
  clientId: "client-1",
  keyId: "key-1",
  userId: null,
  scopes: ["admin"],
  isAdmin: false,
};

describe("signed internal context", () => {
  test("a header signed with the shared secret carries the context to the subgraph", () => {
    expect(verifyContext(secret, signContext(secret, auth, "req-1"))).toEqual({ auth, requestId: "req-1" });
  });

  test("a header signed with another secret is refused", () => {
    expect(verifyContext(secret, signContext("x".repeat(40), auth, "req-1"))).toBeNull();
  });

  test("a context changed after signing is refused", () => {
    const header = signContext(secret, anonymous, "req-1");
    const [, signature] = header.split(".");
    const forged = Buffer.from(JSON.stringify({ auth, requestId: "req-1", issuedAt: Date.now() })).toString(
      "base64url",
    );
    expect(verifyContext(secret, `${forged}.${signature}`)).toBeNull();
  });

  test("an old header cannot be replayed", () => {
    const header = signContext(secret, auth, "req-1", Date.now() - 10 * 60_000);
    expect(verifyContext(secret, header)).toBeNull();
  });

  test("missing and garbled headers are refused", () => {
    for (const header of [undefined, "", "abc", "a.b.c", "%%%.%%%"]) {
      expect(verifyContext(secret, header)).toBeNull();
    }
  });
});
