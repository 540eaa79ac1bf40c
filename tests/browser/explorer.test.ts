import type { Browser, Page } from "playwright-core";
import {
  buildConsole,
  launchBrowser,
  openPage,
  originOf,
  pageProblems,
  screenshot,
  signIn,
  staffAccount,
} from "../helpers/browser";
import { createLocation, createPublishedProduct, setStock } from "../helpers/commerce";
import { startStack, type TestStack } from "../helpers/stack";
import { createTenant, type Tenant } from "../helpers/tenants";
import { waitFor } from "../helpers/wait";

let stack: TestStack;
let browser: Browser;
let tenant: Tenant;

beforeAll(async () => {
  // Introspection off, as in production: the explorer brings the schema it was built with.
  [stack] = await Promise.all([startStack({ config: { introspection: false } }), buildConsole()]);
  browser = await launchBrowser();
  tenant = await createTenant(stack.http);
});
afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

test("the API explorer runs a query and a subscription as the signed-in person, with its docs where introspection is off, with no request leaving the machine", async () => {
  const productId = await createPublishedProduct(tenant.api, "EXPLORE-1");
  const locationId = await createLocation(tenant.api, "explorer-shelf");
  const staff = await staffAccount(stack, tenant, { email: "eve@explore.example", name: "Eve", role: "OWNER" });
  const page = await openPage(browser);
  const problems = pageProblems(page);
  await signIn(page, stack, staff.email, staff.password);

  const query = "{ products(first: 5) { totalCount edges { node { sku } } } }";
  await page.goto(`${originOf(stack)}/console/explorer?query=${encodeURIComponent(query)}`);
  await runInExplorer(page, "products(first: 5)");
  const result = page.locator(".graphiql-response");
  await result.getByText('"sku": "EXPLORE-1"').waitFor();
  // Its docs know the API without asking the gateway, which refuses introspection here.
  await page.getByRole("button", { name: /Show Documentation Explorer/ }).click();
  await page.getByRole("link", { name: "Query" }).click();
  await page.getByRole("link", { name: "productBySku" }).waitFor();
  await screenshot(page, "explorer");

  // A subscription runs over the WebSocket with the same session; a stock change shows up.
  const subscription = `subscription { stockChanged(productId: "${productId}") { onHand } }`;
  await page.goto(`${originOf(stack)}/console/explorer?query=${encodeURIComponent(subscription)}`);
  await runInExplorer(page, "stockChanged");
  // The subscription starts a moment after the click: change the stock until a change shows.
  let onHand = 0;
  await waitFor(
    async () => {
      await setStock(tenant.api, productId, locationId, ++onHand);
      return (await result.textContent())?.includes('"onHand"') ?? false;
    },
    30_000,
    "a stock change in the explorer's subscription result",
  );

  await page.close();
  expect(problems).toEqual([]);
});

/** Runs the operation in the editor once the editor shows it (Monaco loads after the page). */
async function runInExplorer(page: Page, shown: string): Promise<void> {
  await page.locator(".graphiql-query-editor").getByText(shown).waitFor();
  await page.getByRole("button", { name: /Execute query/ }).click();
}

test("on a shared browser the next person's explorer does not show the last person's operations", async () => {
  const first = await staffAccount(stack, tenant, { email: "till1@explore.example", name: "Tom", role: "OWNER" });
  const second = await staffAccount(stack, tenant, { email: "till2@explore.example", name: "Tess", role: "OWNER" });
  const page = await openPage(browser);
  const problems = pageProblems(page);
  await signIn(page, stack, first.email, first.password);
  const secret = "{ users(first: 3) { edges { node { email } } } }";
  await page.goto(`${originOf(stack)}/console/explorer?query=${encodeURIComponent(secret)}`);
  await runInExplorer(page, "users(first: 3)");
  await page.locator(".graphiql-response").getByText("till1@explore.example").waitFor();
  await page.getByRole("button", { name: "Sign out" }).click();

  // Same browser, same storage: the next person signs in and opens the explorer.
  await signIn(page, stack, second.email, second.password);
  await page.goto(`${originOf(stack)}/console/explorer`);
  await page.locator(".graphiql-query-editor").getByText("The API as you").waitFor();
  expect(await page.locator(".graphiql-query-editor").textContent()).not.toContain("users(first: 3)");
  // The first person finds their own tab again.
  await page.getByRole("button", { name: "Sign out" }).click();
  await signIn(page, stack, first.email, first.password);
  await page.goto(`${originOf(stack)}/console/explorer`);
  await page.locator(".graphiql-query-editor").getByText("users(first: 3)").waitFor();
  await page.close();
  expect(problems).toEqual([]);
});
