import type { Browser, Page } from "playwright-core";
import {
  acceptInvitation,
  buildConsole,
  consoleAccount,
  launchBrowser,
  openPage,
  originOf,
  pageProblems,
  screenshot,
  signIn,
} from "../helpers/browser";
import { startStack, type TestStack } from "../helpers/stack";
import { createPlatform, type Platform } from "../helpers/tenants";

let stack: TestStack;
let browser: Browser;
let page: Page;
let problems: string[];
let accounts = 0;

beforeAll(async () => {
  [stack] = await Promise.all([startStack({ dispatcher: false }), buildConsole()]);
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});
afterEach(async () => {
  await page.close();
  expect(problems).toEqual([]);
});

async function openAs(viewport: { width: number; height: number }): Promise<Platform> {
  page = await openPage(browser, viewport);
  problems = pageProblems(page);
  page.on("dialog", (dialog) => void dialog.accept());
  const platform = await createPlatform(stack.http, `Shops ${++accounts}`);
  const admin = await consoleAccount(stack, {
    email: `admin${accounts}@shops.example`,
    name: "Pia Platform",
    kind: "PLATFORM_ADMIN",
    clientAppId: platform.clientAppId,
  });
  await signIn(page, stack, admin.email, admin.password);
  await page.getByRole("heading", { name: "Tenants", exact: true }).waitFor();
  return platform;
}

async function registerTenant(name: string, code: string): Promise<string> {
  await page.getByLabel("Tenant name").fill(name);
  await page.getByLabel("Tenant code").fill(code);
  await page.getByRole("button", { name: "Register tenant" }).click();
  return page.getByRole("textbox", { name: `Client key of ${name}` }).inputValue();
}

test("the platform admin registers a tenant and sees its key once", async () => {
  const platform = await openAs({ width: 1280, height: 800 });
  await page.getByLabel("External id (optional)").fill("cb-7");
  await page.getByLabel("Currency").selectOption("EUR");
  const clientKey = await registerTenant("Corner Books", "corner-books");
  expect(clientKey).toMatch(/^\S{20,}$/);

  // The key opens the API as that tenant, with the platform's key beside it.
  const tenantApi = platform.api.with({ "client-x-api-key": clientKey });
  const { me } = await tenantApi.data<{
    me: { client: { name: string; externalId: string; defaultCurrency: string } };
  }>("{ me { client { name externalId defaultCurrency } } }");
  expect(me.client).toEqual({ name: "Corner Books", externalId: "cb-7", defaultCurrency: "EUR" });
  await page.getByRole("link", { name: "Corner Books" }).waitFor();
  await screenshot(page, "platform-tenants");

  await page.getByRole("button", { name: "I have stored it" }).click();
  expect(await page.content()).not.toContain(clientKey);
  await page.reload();
  await page.getByRole("link", { name: "Corner Books" }).waitFor();
  expect(await page.content()).not.toContain(clientKey);

  await page.getByRole("link", { name: "Corner Books" }).click();
  await page.getByRole("heading", { name: "Tenant Corner Books" }).waitFor();
  await page.getByRole("cell", { name: "ADMIN", exact: true }).waitFor();

  await page.getByLabel("Allowed origins").fill("https://corner-books.example\nhttps://staging.corner-books.example");
  await page.getByRole("button", { name: "Issue publishable key" }).click();
  const publishableKey = await page.getByRole("textbox", { name: "New publishable key" }).inputValue();
  expect(publishableKey).toMatch(/^pub_/);
  await page
    .getByRole("cell", { name: "https://corner-books.example, https://staging.corner-books.example" })
    .waitFor();
  const { publishableKeys } = await tenantApi.data<{
    publishableKeys: { edges: { node: { allowedOrigins: string[] } }[] };
  }>("{ publishableKeys { edges { node { allowedOrigins } } } }");
  expect(publishableKeys.edges.map(({ node }) => node.allowedOrigins)).toEqual([
    ["https://corner-books.example", "https://staging.corner-books.example"],
  ]);
  await page.getByRole("button", { name: "I have stored it" }).click();

  await page.getByLabel("Staff app name").fill("Tills");
  await page.getByRole("button", { name: "Register staff app" }).click();
  await page.getByRole("button", { name: "Revoke staff app Tills" }).waitFor();
  const { staffApps } = await tenantApi.data<{ staffApps: { id: string; name: string }[] }>(
    "{ staffApps { id name } }",
  );
  expect(staffApps.map((app) => app.name)).toEqual(["Tills"]);
  await page.getByRole("status").filter({ hasText: staffApps[0]!.id }).waitFor();

  // The tenant's owner is invited from here and signs in to the console as its staff.
  await page.getByLabel("Staff email").fill("owner@corner-books.example");
  await page.getByLabel("Staff name").fill("Cora Owner");
  await page.getByLabel("Staff role").selectOption("OWNER");
  await page.getByRole("button", { name: "Invite staff member" }).click();
  const link = await page
    .getByRole("textbox", { name: "Set-password link for owner@corner-books.example" })
    .inputValue();
  await screenshot(page, "platform-tenant");
  await acceptInvitation(browser, stack, {
    link,
    email: "owner@corner-books.example",
    password: "the owner's own password",
    header: "Cora Owner · Staff (owner) · Corner Books",
  });
});

test("a tenant's client key is rotated and revoked from its page, and the tenant deactivated from the list", async () => {
  const platform = await openAs({ width: 1280, height: 800 });
  const firstKey = await registerTenant("River Books", "river-books");
  await page.getByRole("button", { name: "I have stored it" }).click();
  await page.getByRole("link", { name: "River Books" }).click();
  await page.getByLabel("Grace period of the client keys it replaces (hours)").fill("0");
  await page.getByRole("button", { name: "Issue client key" }).click();
  const secondKey = await page.getByRole("textbox", { name: "New client key" }).inputValue();
  const asTenant = (key: string) =>
    platform.api.with({ "client-x-api-key": key }).request("{ me { client { name } } }");
  expect((await asTenant(secondKey)).data).toEqual({ me: { client: { name: "River Books" } } });
  expect((await asTenant(firstKey)).data?.me).toBeFalsy();

  const prefix = secondKey.slice(0, 8);
  const revoke = page.getByRole("button", { name: new RegExp(`^Revoke client key ${prefix}`) });
  await revoke.click();
  await revoke.waitFor({ state: "detached" });
  // Revoked in the database; the gateways drop their cached lookups when the event reaches them.
  const { apiKeys } = await platform.api.data<{ apiKeys: { prefix: string; revokedAt: string | null }[] }>(
    "query ($clientId: ID) { apiKeys(clientId: $clientId) { prefix revokedAt } }",
    { clientId: new URL(page.url()).pathname.split("/").pop() },
  );
  expect(apiKeys.find((key) => secondKey.startsWith(key.prefix))?.revokedAt).toBeTruthy();

  await page.getByRole("link", { name: "← Tenants" }).click();
  await page.getByRole("button", { name: "Deactivate River Books" }).click();
  await page.getByRole("button", { name: "Reactivate River Books" }).waitFor();
  await page.getByLabel("Status").selectOption("deactivated");
  await page.getByRole("link", { name: "River Books" }).waitFor();
  await page.getByLabel("Name or code contains").fill("nothing like it");
  await page.getByRole("cell", { name: "No tenants match." }).waitFor();
});

test("at a phone's width the register form and the tenant table are usable without scrolling the page sideways", async () => {
  await openAs({ width: 375, height: 740 });
  await registerTenant("Tiny Shop", "tiny-shop");
  await page.getByRole("button", { name: "I have stored it" }).click();
  await page.getByRole("link", { name: "Tiny Shop" }).waitFor();
  // Run in the page, so written as text: the tests' TypeScript knows no DOM.
  const overflow = await page.evaluate<{ scrollWidth: number; width: number; wide: string[] }>(`(() => {
    const width = document.documentElement.clientWidth;
    const wide = [...document.querySelectorAll("body *")].filter(
      (element) => !element.closest(".table-wrap") && element.getBoundingClientRect().right > width + 1,
    );
    return {
      scrollWidth: document.documentElement.scrollWidth,
      width,
      wide: wide.map((element) => element.outerHTML.slice(0, 80)),
    };
  })()`);
  expect(overflow.wide).toEqual([]);
  expect(overflow.scrollWidth).toBeLessThanOrEqual(overflow.width);
  await page.getByRole("button", { name: "Deactivate Tiny Shop" }).click();
  await page.getByRole("button", { name: "Reactivate Tiny Shop" }).waitFor();
});

test("the platform admin issues a platform key and invites another admin on the platform's own page", async () => {
  const platform = await openAs({ width: 1280, height: 800 });
  await page.getByRole("link", { name: "Platform keys and admins" }).click();
  await page.getByRole("heading", { name: "Platform keys", exact: true }).waitFor();
  await page.getByRole("button", { name: "Issue platform key" }).click();
  const platformKey = await page.getByRole("textbox", { name: "New platform key" }).inputValue();
  const response = await stack.http
    .with({ "x-api-key": platformKey })
    .data<{ me: { clientApp: { id: string } } }>("{ me { clientApp { id } } }");
  expect(response.me.clientApp.id).toBe(platform.clientAppId);

  await page.getByLabel("Admin email").fill("second@shops.example");
  await page.getByLabel("Admin name").fill("Second Admin");
  await page.getByRole("button", { name: "Invite admin" }).click();
  const link = await page.getByRole("textbox", { name: "Set-password link for second@shops.example" }).inputValue();
  expect(link).toMatch(new RegExp(`^${originOf(stack)}/console/set-password\\?token=`));
  await page.getByRole("cell", { name: "second@shops.example", exact: true }).waitFor();
});
