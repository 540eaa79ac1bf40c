import { startStack, type TestStack } from "../helpers/stack";
import { createPlatform, createTenant, registerTenant, type Tenant } from "../helpers/tenants";

/** A platform (its key alone) manages the staff apps of one of its tenants by naming it. */
let stack: TestStack;
let tenant: Tenant;

beforeAll(async () => {
  stack = await startStack({ dispatcher: false });
  tenant = await createTenant(stack.http);
});
afterAll(() => stack.stop());

const list = "query ($clientId: ID) { staffApps(clientId: $clientId) { id name revokedAt } }";
const register =
  "mutation ($clientId: ID, $name: String!) { registerStaffApp(clientId: $clientId, name: $name) { id name } }";
const revoke = "mutation ($clientId: ID, $id: ID!) { revokeStaffApp(clientId: $clientId, id: $id) { id revokedAt } }";

test("the platform key registers, lists and revokes a tenant's staff app; the tenant sees the same app", async () => {
  const platform = tenant.platform.api;
  const { registerStaffApp } = await platform.data<{ registerStaffApp: { id: string; name: string } }>(register, {
    clientId: tenant.clientId,
    name: "Tills",
  });
  expect(registerStaffApp.name).toBe("Tills");

  const own = await tenant.api.data<{ staffApps: { id: string }[] }>(list);
  expect(own.staffApps.map((app) => app.id)).toEqual([registerStaffApp.id]);
  const named = await platform.data<{ staffApps: { id: string }[] }>(list, { clientId: tenant.clientId });
  expect(named.staffApps.map((app) => app.id)).toEqual([registerStaffApp.id]);

  const { revokeStaffApp } = await platform.data<{ revokeStaffApp: { revokedAt: string | null } }>(revoke, {
    clientId: tenant.clientId,
    id: registerStaffApp.id,
  });
  expect(revokeStaffApp.revokedAt).not.toBeNull();
  const after = await tenant.api.data<{ staffApps: { revokedAt: string | null }[] }>(list);
  expect(after.staffApps[0]?.revokedAt).toBe(revokeStaffApp.revokedAt);
});

test("the platform key alone must name the tenant, and only one of its own", async () => {
  const withoutTenant = await tenant.platform.api.request(list);
  expect(withoutTenant.errors?.[0]).toMatchObject({
    message: "clientId is required with the platform key alone",
    extensions: { code: "BAD_USER_INPUT", argument: "clientId" },
  });
  const otherPlatform = await createPlatform(stack.http);
  const foreign = await otherPlatform.api.request(register, { clientId: tenant.clientId, name: "Not mine" });
  expect(foreign.errors?.[0]?.extensions?.code).toBe("NOT_FOUND");
  const { staffApps } = await tenant.api.data<{ staffApps: { name: string }[] }>(list);
  expect(staffApps.map((app) => app.name)).not.toContain("Not mine");
});

test("a tenant's key acts on its own tenant only", async () => {
  const sibling = await registerTenant(tenant.platform);
  const refused = await tenant.api.request(register, { clientId: sibling.clientId, name: "Sibling's" });
  expect(refused.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
  const own = await tenant.api.data<{ registerStaffApp: { id: string } }>(register, {
    clientId: tenant.clientId,
    name: "Own",
  });
  expect(own.registerStaffApp.id).toBeTruthy();
});
