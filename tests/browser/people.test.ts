import type { Browser, Page } from "playwright-core";
import {
  acceptInvitation,
  buildConsole,
  launchBrowser,
  openPage,
  originOf,
  pageProblems,
  screenshot,
  signIn,
  staffAccount,
} from "../helpers/browser";
import { startStack, type TestStack } from "../helpers/stack";
import { createTenant, type Tenant } from "../helpers/tenants";
import { waitFor } from "../helpers/wait";

let stack: TestStack;
let browser: Browser;
let page: Page;
let problems: string[];
let tenant: Tenant;

beforeAll(async () => {
  [stack] = await Promise.all([startStack({ dispatcher: false }), buildConsole()]);
  browser = await launchBrowser();
  tenant = await createTenant(stack.http);
  const owner = await staffAccount(stack, tenant, { email: "olive@shop.example", name: "Olive Owner", role: "OWNER" });
  page = await openPage(browser);
  problems = pageProblems(page);
  page.on("dialog", (dialog) => void dialog.accept());
  await signIn(page, stack, owner.email, owner.password);
});
afterAll(async () => {
  await page?.close();
  await browser?.close();
  await stack?.stop();
});
afterEach(() => expect(problems).toEqual([]));

async function open(title: string, heading = title): Promise<void> {
  await page.getByRole("navigation", { name: "Console sections" }).getByRole("link", { name: title }).click();
  await page.getByRole("heading", { name: heading, exact: true, level: 1 }).waitFor();
}

test("the owner creates a user and hands them a set-password link, with which they sign in", async () => {
  await open("Users");
  await page.getByLabel("Email").fill("nina@shop.example");
  await page.getByLabel("Name", { exact: true }).fill("Nina New");
  await page.getByLabel("Role").selectOption("MANAGER");
  await page.getByLabel("May sign in to staff apps").check();
  await page.getByRole("button", { name: "Create user" }).click();
  await page.getByRole("button", { name: "New set-password link for nina@shop.example" }).click();
  const link = await page.getByRole("textbox", { name: "Set-password link for nina@shop.example" }).inputValue();
  expect(link).toMatch(new RegExp(`^${originOf(stack)}/console/set-password\\?token=`));
  await screenshot(page, "people-users");
  await page.getByRole("button", { name: "I have stored it" }).click();

  await acceptInvitation(browser, stack, {
    link,
    email: "nina@shop.example",
    password: "nina's own long password",
    header: "Nina New · Staff (manager)",
  });

  // Edited on the page, changed in the API: she loses staff-app access.
  await page.getByRole("cell", { name: "set", exact: true }).waitFor();
  await page.getByRole("button", { name: "Edit nina@shop.example" }).click();
  await page.getByRole("form", { name: "Edit Nina New" }).getByLabel("May sign in to staff apps").uncheck();
  await page.getByRole("button", { name: "Save user" }).click();
  await page.getByRole("button", { name: "Save user" }).waitFor({ state: "detached" });
  const { users } = await tenant.api.data<{ users: { edges: { node: { email: string; staffAppAccess: boolean } }[] } }>(
    "{ users { edges { node { email staffAppAccess } } } }",
  );
  expect(users.edges.find(({ node }) => node.email === "nina@shop.example")?.node.staffAppAccess).toBe(false);
});

test("the owner edits a setting, and a refused key or a value that is not JSON is told in words", async () => {
  await open("Settings");
  await page.getByLabel("Key").fill("loyalty.pointsPerEuro");
  await page.getByLabel("Value (JSON)").fill('{ "points": 2, "roundDown": true }');
  await page.getByRole("button", { name: "Save setting" }).click();
  await page.getByRole("cell", { name: '{"points":2,"roundDown":true}' }).waitFor();
  const { settings } = await tenant.api.data<{ settings: Record<string, unknown> }>("{ settings }");
  expect(settings["loyalty.pointsPerEuro"]).toEqual({ points: 2, roundDown: true });

  await page.getByLabel("Key").fill("greeting");
  await page.getByLabel("Value (JSON)").fill("hello");
  await page.getByRole("button", { name: "Save setting" }).click();
  await page.getByRole("alert").filter({ hasText: "The value is not JSON" }).waitFor();

  await page.getByLabel("Key").fill("Loyalty Points");
  await page.getByLabel("Value (JSON)").fill("3");
  await page.getByRole("button", { name: "Save setting" }).click();
  await page.getByRole("alert").filter({ hasText: "key must start with a lower-case letter" }).waitFor();
  await screenshot(page, "people-settings");
});

test("the owner registers a staff app and groups users in a family with shared benefits", async () => {
  await open("Staff apps");
  await page.getByLabel("Staff app name").fill("Shop floor");
  await page.getByRole("button", { name: "Register staff app" }).click();
  await page.getByRole("button", { name: "Revoke staff app Shop floor" }).click();
  await page.getByRole("cell", { name: /^revoked/ }).waitFor();

  await open("Family accounts");
  await page.getByLabel("Family name").fill("The Owners");
  await page.getByLabel("Owner", { exact: true }).selectOption({ label: "Olive Owner (olive@shop.example)" });
  await page.getByRole("button", { name: "Create family" }).click();
  await page.getByRole("heading", { name: "The Owners" }).waitFor();
  await page.getByLabel("New member of The Owners").selectOption({ label: "Nina New (nina@shop.example)" });
  await page.getByRole("button", { name: "Add member" }).click();
  await page.getByRole("button", { name: "Remove nina@shop.example from The Owners" }).waitFor();
  await page.getByLabel("Shared benefits of The Owners").fill("discount=10%\nshipping=free");
  await page.getByRole("button", { name: "Save benefits" }).click();
  const benefits = async () => {
    const { familyAccounts } = await tenant.api.data<{
      familyAccounts: { edges: { node: { benefits: { key: string; value: string }[] } }[] };
    }>("{ familyAccounts { edges { node { benefits { key value } } } } }");
    return JSON.stringify(familyAccounts.edges[0]?.node.benefits);
  };
  const shared = JSON.stringify([
    { key: "discount", value: "10%" },
    { key: "shipping", value: "free" },
  ]);
  await waitFor(async () => (await benefits()) === shared, 30_000, "the family's benefits");
  await page.getByRole("button", { name: "Delete family The Owners" }).click();
  await page.getByText("No families yet.").waitFor();
});
