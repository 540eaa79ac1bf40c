import type { Browser } from "playwright-core";
import { buildConsole, launchBrowser, openPage, pageProblems, signIn, staffAccount } from "../helpers/browser";
import { startStack, type TestStack } from "../helpers/stack";
import { createPlatform, createTenant, registerTenant } from "../helpers/tenants";

let stack: TestStack;
let browser: Browser;

beforeAll(async () => {
  [stack] = await Promise.all([startStack({ dispatcher: false }), buildConsole()]);
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

test("staff of two tenants with one password choose the tenant, and see it named in the header", async () => {
  const first = await registerTenant(await createPlatform(stack.http), "north-shop");
  const second = await registerTenant(await createPlatform(stack.http), "south-shop");
  for (const tenant of [first, second])
    await staffAccount(stack, tenant, { email: "sam@shops.example", name: "Sam Staff", role: "MANAGER" });
  const page = await openPage(browser);
  const problems = pageProblems(page);
  await page.goto(`${stack.gateway.url.replace(/\/graphql$/, "")}/console/`);
  await page.getByLabel("Email").fill("sam@shops.example");
  await page.getByLabel("Password").fill("correct horse battery staple");
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByRole("alert").filter({ hasText: "several tenants" }).waitFor();
  const tenant = page.getByLabel("Tenant");
  const names = await tenant.locator("option").allTextContents();
  expect(names.sort()).toEqual(["Tenant north-shop", "Tenant south-shop"]);
  await tenant.selectOption({ label: "Tenant south-shop" });
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByText("Sam Staff · Staff (manager) · Tenant south-shop").waitFor();
  await page.close();
  expect(problems).toEqual([]);
});

test("a signed-in staff member signs out and is back at the sign-in form", async () => {
  const tenant = await createTenant(stack.http);
  const staff = await staffAccount(stack, tenant, { email: "out@shops.example", name: "Out", role: "STAFF" });
  const page = await openPage(browser);
  await signIn(page, stack, staff.email, staff.password);
  await page.getByRole("button", { name: "Sign out" }).click();
  await page.getByRole("button", { name: "Sign in" }).waitFor();
  await page.reload();
  await page.getByRole("button", { name: "Sign in" }).waitFor();
  await page.close();
});

test("a page beyond a role's rights is left out of its navigation, and opened by address it shows the API's refusal", async () => {
  const tenant = await createTenant(stack.http);
  const staff = await staffAccount(stack, tenant, { email: "assoc@shops.example", name: "Ann", role: "STAFF" });
  const page = await openPage(browser);
  const problems = pageProblems(page);
  await signIn(page, stack, staff.email, staff.password);
  const navigation = page.getByRole("navigation", { name: "Console sections" });
  expect(await navigation.getByRole("link", { name: "Audit log" }).count()).toBe(0);
  await page.goto(`${stack.gateway.url.replace(/\/graphql$/, "")}/console/audit`);
  await page
    .getByRole("alert")
    .filter({ hasText: "needs the admin permission, which the associate role does not grant" })
    .waitFor();
  await page.close();
  expect(problems).toEqual([]);
});

test("a session ended elsewhere takes a live page back to the sign-in form, without a click", async () => {
  const tenant = await createTenant(stack.http);
  const staff = await staffAccount(stack, tenant, { email: "live@shops.example", name: "Liv", role: "OWNER" });
  const page = await openPage(browser);
  const problems = pageProblems(page);
  await signIn(page, stack, staff.email, staff.password);
  await page.getByRole("heading", { name: "Orders" }).waitFor();
  await page.getByText("Live", { exact: true }).waitFor();
  // Signed out everywhere, from another device: the gateway closes this page's socket.
  await stack.database.db.prisma.consoleSession.updateMany({
    where: { userId: staff.userId, revokedAt: null },
    data: { revokedAt: new Date() },
  });
  await page.getByRole("status").filter({ hasText: "Your session has ended: sign in again." }).waitFor();
  await page.getByRole("button", { name: "Sign in" }).waitFor();
  await page.close();
  expect(problems).toEqual([]);
});
