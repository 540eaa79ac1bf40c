import { startStack, type TestStack } from "../helpers/stack";
import { createPlatform, createTenant, registerTenant, type Tenant } from "../helpers/tenants";

/** A platform invites a new tenant's first staff member: createUser and issuePasswordToken with clientId. */
let stack: TestStack;
let tenant: Tenant;

beforeAll(async () => {
  stack = await startStack({ dispatcher: false });
  tenant = await createTenant(stack.http);
});
afterAll(() => stack.stop());

const createUser = `mutation ($clientId: ID, $input: CreateUserInput!) {
  createUser(clientId: $clientId, input: $input) { id email role }
}`;
const issueToken = `mutation ($clientId: ID, $userId: ID!) {
  issuePasswordToken(clientId: $clientId, userId: $userId) { token }
}`;
const origin = () => stack.gateway.url.replace(/\/graphql$/, "");

test("the platform key creates a tenant's owner and its set-password token; the owner then signs in to the console", async () => {
  const { createUser: owner } = await tenant.platform.api.data<{ createUser: { id: string; role: string } }>(
    createUser,
    { clientId: tenant.clientId, input: { email: "Owner@First.example", name: "First Owner", role: "OWNER" } },
  );
  expect(owner.role).toBe("OWNER");
  const { users } = await tenant.api.data<{ users: { edges: { node: { id: string; email: string } }[] } }>(
    "{ users(first: 10) { edges { node { id email } } } }",
  );
  expect(users.edges.map(({ node }) => node)).toEqual([{ id: owner.id, email: "owner@first.example" }]);

  const { issuePasswordToken } = await tenant.platform.api.data<{ issuePasswordToken: { token: string } }>(issueToken, {
    clientId: tenant.clientId,
    userId: owner.id,
  });
  const set = await fetch(`${origin()}/auth/set-password`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ token: issuePasswordToken.token, password: "a password long enough" }),
  });
  expect(set.status).toBe(204);
  const session = await fetch(`${origin()}/auth/session`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ email: "owner@first.example", password: "a password long enough" }),
  });
  expect(session.status).toBe(200);
  expect(((await session.json()) as { person: { level: string; clientId: string } }).person).toMatchObject({
    level: "TENANT_STAFF",
    clientId: tenant.clientId,
  });
});

test("the platform key alone must name one of its own tenants; a tenant key only its own", async () => {
  const input = { email: "nobody@first.example", name: "Nobody" };
  const unnamed = await tenant.platform.api.request(createUser, { input });
  expect(unnamed.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", argument: "clientId" });

  const otherPlatform = await createPlatform(stack.http);
  const foreign = await otherPlatform.api.request(createUser, { clientId: tenant.clientId, input });
  expect(foreign.errors?.[0]?.extensions?.code).toBe("NOT_FOUND");
  const foreignToken = await otherPlatform.api.request(issueToken, { clientId: tenant.clientId, userId: tenant.keyId });
  expect(foreignToken.errors?.[0]?.extensions?.code).toBe("NOT_FOUND");

  const sibling = await registerTenant(tenant.platform);
  const sideways = await tenant.api.request(createUser, { clientId: sibling.clientId, input });
  expect(sideways.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");

  for (const clientId of ["not-a-uuid", "x".repeat(10_000), "\u0000"]) {
    const hostile = await tenant.platform.api.request(createUser, { clientId, input });
    expect(["NOT_FOUND", "BAD_USER_INPUT"]).toContain(hostile.errors?.[0]?.extensions?.code);
  }
  const { users } = await sibling.api.data<{ users: { totalCount: number } }>("{ users(first: 1) { totalCount } }");
  expect(users.totalCount).toBe(0);
});

test("a user of another tenant of the same platform gets no token through this tenant", async () => {
  const sibling = await registerTenant(tenant.platform);
  const { createUser: stranger } = await sibling.api.data<{ createUser: { id: string } }>(createUser, {
    input: { email: "stranger@first.example", name: "Stranger" },
  });
  const crossed = await tenant.platform.api.request(issueToken, { clientId: tenant.clientId, userId: stranger.id });
  expect(crossed.errors?.[0]?.extensions?.code).toBe("NOT_FOUND");
});
