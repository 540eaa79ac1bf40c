import type { Browser, Page } from "playwright-core";
import {
  buildConsole,
  launchBrowser,
  openPage,
  pageProblems,
  screenshot,
  signIn,
  staffAccount,
} from "../helpers/browser";
import { createLocation, createOrder, createPublishedProduct, setStock } from "../helpers/commerce";
import type { GraphqlClient } from "../helpers/graphql-client";
import { startStack, type TestStack } from "../helpers/stack";
import { createTenant } from "../helpers/tenants";
import { waitFor } from "../helpers/wait";

let stack: TestStack;
let browser: Browser;
let page: Page;
let problems: string[];

beforeAll(async () => {
  // The dispatcher carries order events from the outbox to the live feed of the orders page.
  [stack] = await Promise.all([startStack(), buildConsole()]);
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});
beforeEach(async () => {
  page = await openPage(browser);
  problems = pageProblems(page);
  page.on("dialog", (dialog) => void dialog.accept());
});
afterEach(async () => {
  await page.close();
  expect(problems).toEqual([]);
});

test("an owner builds the catalog, receives stock, and handles an order that arrives live", async () => {
  const tenant = await createTenant(stack.http);
  const owner = await staffAccount(stack, tenant, { email: "olive@mugs.example", name: "Olive Owner", role: "OWNER" });
  await signIn(page, stack, owner.email, owner.password);

  // Categories: a root and a subcategory under it, and a refusal to delete the parent of one.
  await page.getByRole("link", { name: "Categories" }).click();
  await page.getByLabel("Category name").fill("Kitchen");
  await page.getByRole("button", { name: "Create category" }).click();
  await page.getByRole("button", { name: "Add a subcategory to Kitchen" }).click();
  await page.getByLabel("Subcategory of Kitchen").fill("Mugs");
  await page.getByRole("button", { name: "Add subcategory", exact: true }).click();
  await page.getByRole("button", { name: "Collapse Kitchen" }).waitFor();
  await page.getByText("mugs", { exact: true }).waitFor();
  await page.getByRole("button", { name: "Delete Kitchen" }).click();
  await expectAlert(page, "still has 1 subcategories and 0 products");
  await page.getByRole("button", { name: "Rename Mugs" }).click();
  await page.getByLabel("New name").fill("Mugs and cups");
  await page.getByRole("button", { name: "Save name" }).click();
  await page.getByRole("button", { name: "Delete Mugs and cups" }).waitFor();
  await page.getByLabel("Category name").fill("Garden");
  await page.getByRole("button", { name: "Create category" }).click();
  await page.getByRole("button", { name: "Delete Garden" }).click();
  await waitFor(async () => (await page.getByText("Garden", { exact: true }).count()) === 0, 10_000, "Garden gone");
  await screenshot(page, "catalog-categories");

  // A product in the subcategory, published from its page.
  await page.getByRole("link", { name: "Products" }).click();
  await page.getByLabel("Product name").fill("Blue Mug");
  await page.getByLabel("SKU", { exact: true }).fill("MUG-BLUE");
  await page.getByLabel("Price").fill("12.50");
  await page.getByLabel("Category", { exact: true }).selectOption({ label: "Kitchen › Mugs and cups" });
  await page.getByRole("button", { name: "Create product" }).click();
  await page.getByRole("heading", { name: "Blue Mug" }).waitFor();
  // The API publishes any draft (a price is required from the start): no refusal to show here.
  await page.getByRole("button", { name: "Publish Blue Mug", exact: true }).click();
  await page.getByRole("button", { name: "Unpublish Blue Mug" }).waitFor();
  expect(await page.getByRole("button", { name: "Publish Blue Mug", exact: true }).count()).toBe(0);
  await page.getByText("published", { exact: true }).waitFor();
  await page.getByLabel("Description").fill("Holds tea.");
  await page.getByRole("button", { name: "Save changes" }).click();
  await page.getByRole("status").filter({ hasText: "Saved." }).waitFor();
  await screenshot(page, "catalog-product");

  await page.getByRole("link", { name: "Products", exact: true }).click();
  await page.getByLabel("Name or SKU contains").fill("blue");
  await page.getByLabel("Status").selectOption("PUBLISHED");
  await page.getByRole("button", { name: "Find" }).click();
  await page.getByRole("link", { name: "Blue Mug" }).waitFor();
  await screenshot(page, "catalog-products");

  // A location, and a batch received there: the level shows it.
  await page.getByRole("link", { name: "Locations" }).click();
  await page.getByLabel("Location name").fill("Main warehouse");
  await page.getByLabel("Code").fill("MAIN");
  await page.getByRole("button", { name: "Create location" }).click();
  await page.getByRole("cell", { name: "Main warehouse" }).waitFor();
  await page.getByLabel("Location name").fill("Back room");
  await page.getByLabel("Code").fill("BACK");
  await page.getByRole("button", { name: "Create location" }).click();
  await page.getByRole("cell", { name: "Back room" }).waitFor();
  await page.getByRole("link", { name: "Stock" }).click();
  await page.getByLabel("Product", { exact: true }).selectOption({ label: "Blue Mug (MUG-BLUE)" });
  await page.getByLabel("Location", { exact: true }).selectOption({ label: "Main warehouse (MAIN)" });
  await page.getByLabel("Lot number").fill("LOT-1");
  await page.getByLabel("Units received").fill("10");
  await page.getByRole("button", { name: "Receive", exact: true }).click();
  await page.getByText("Received lot LOT-1: 10 units.").waitFor();
  const levels = page.getByRole("table", { name: "Levels" });
  await levels.getByRole("row", { name: /Blue Mug.*MAIN\s+10\s+0\s+10/ }).waitFor();
  // Moving more than there is is refused in words.
  await page.getByLabel("Adjust stock").getByLabel("Change by").fill("-11");
  await page.getByRole("button", { name: "Adjust", exact: true }).click();
  await expectAlert(page, "would take onHand below zero");
  await page.getByLabel("To location").selectOption({ label: "Back room (BACK)" });
  await page.getByLabel("Units to move").fill("11");
  await page.getByRole("button", { name: "Transfer", exact: true }).click();
  await expectAlert(page, "Not enough stock for 1 product(s)");
  await page.getByLabel("Units to move").fill("3");
  await page.getByRole("button", { name: "Transfer", exact: true }).click();
  await page.getByText("Now 7 on hand, 7 available at MAIN. Now 3 on hand, 3 available at BACK.").waitFor();
  await page.getByLabel("Location", { exact: true }).selectOption({ label: "All locations" });
  await levels.getByRole("row", { name: /Blue Mug.*BACK\s+3\s+0\s+3/ }).waitFor();
  await levels.getByRole("row", { name: /Blue Mug.*MAIN\s+7\s+0\s+7/ }).waitFor();
  await page
    .getByRole("table", { name: "Ledger" })
    .getByRole("row", { name: /receipt\s+\+10/ })
    .waitFor();
  await screenshot(page, "inventory-levels");
  const { product } = await tenant.api.data<{ product: { id: string; available: number } }>(
    `query ($sku: String!) { product: productBySku(sku: $sku) { id available } }`,
    { sku: "MUG-BLUE" },
  );
  expect(product.available).toBe(10);

  // The orders page is open when another client places an order through the API.
  await page.getByRole("link", { name: "Orders" }).click();
  await page.getByText("No orders match.").waitFor();
  await page.getByRole("status", { name: "Live updates: Live" }).waitFor();
  await page.evaluate(() => ((globalThis as unknown as { notReloaded: boolean }).notReloaded = true));
  const locationId = await locationIdOf(tenant.api, "MAIN");
  const { data } = await createOrder(tenant.api, [{ productId: product.id, locationId, quantity: 2 }]);
  const number = data!.createOrder.number;
  const row = page.getByRole("row", { name: new RegExp(`Order #${number}\\b.*pending`) });
  await row.waitFor();
  await page.getByText(`New order #${number} just arrived.`).waitFor();
  expect(await page.evaluate(() => (globalThis as unknown as { notReloaded?: boolean }).notReloaded)).toBe(true);

  // A status change made elsewhere updates the row in place.
  const other = await createOrder(tenant.api, [{ productId: product.id, locationId, quantity: 1 }]);
  await tenant.api.data('mutation ($id: ID!) { cancelOrder(id: $id, reason: "duplicate") { id } }', {
    id: other.data!.createOrder.id,
  });
  await page.getByRole("row", { name: new RegExp(`Order #${other.data!.createOrder.number}\\b.*cancelled`) }).waitFor();
  expect(await page.evaluate(() => (globalThis as unknown as { notReloaded?: boolean }).notReloaded)).toBe(true);
  await screenshot(page, "orders-list");

  await row.getByRole("link", { name: `Order #${number}` }).click();
  await page.getByRole("heading", { name: `Order #${number}` }).waitFor();
  await page.getByRole("cell", { name: "Blue Mug" }).waitFor();
  await page.getByRole("button", { name: "Process order" }).click();
  await page.getByRole("button", { name: "Complete order" }).click();
  await page.getByRole("button", { name: "Refund order" }).waitFor();
  expect(await page.getByRole("button", { name: "Cancel order" }).count()).toBe(0);
  await screenshot(page, "orders-order");
  await page.getByRole("button", { name: "Refund order" }).click();
  await page.getByText("A refunded order is final.").waitFor();
  const { order } = await tenant.api.data<{ order: { status: string; history: { to: string }[] } }>(
    "query ($id: ID!) { order(id: $id) { status history { to } } }",
    { id: data!.createOrder.id },
  );
  expect(order.status).toBe("REFUNDED");
  expect(order.history.map((change) => change.to)).toEqual(["PENDING", "PROCESSING", "COMPLETED", "REFUNDED"]);
  // Refunded with restock: the two sold units are back on hand.
  const after = await tenant.api.data<{ product: { available: number } }>(
    "query ($id: ID!) { product(id: $id) { available } }",
    { id: product.id },
  );
  expect(after.product.available).toBe(10);
});

test("an associate (STAFF) reads the catalog, stock and orders but is refused changes in words", async () => {
  const tenant = await createTenant(stack.http);
  const productId = await createPublishedProduct(tenant.api, "TEA-1");
  const locationId = await createLocation(tenant.api, "SHOP");
  await setStock(tenant.api, productId, locationId, 3);
  await createOrder(tenant.api, [{ productId, locationId, quantity: 1 }]);
  const associate = await staffAccount(stack, tenant, { email: "sid@tea.example", name: "Sid", role: "STAFF" });
  await signIn(page, stack, associate.email, associate.password);

  await page.getByRole("link", { name: "Products" }).click();
  await page.getByRole("link", { name: "Product TEA-1" }).waitFor();
  await page.getByLabel("Product name").fill("Green Tea");
  await page.getByLabel("SKU", { exact: true }).fill("TEA-2");
  await page.getByLabel("Price").fill("4");
  await page.getByRole("button", { name: "Create product" }).click();
  await expectAlert(page, "This operation needs the catalog:write permission, which the associate role does not grant");

  await page.getByRole("link", { name: "Orders" }).click();
  await page.getByRole("link", { name: "Order #1" }).click();
  await page.getByRole("button", { name: "Process order" }).click();
  await expectAlert(page, "needs the orders:manage permission");

  await page.getByRole("link", { name: "Stock" }).click();
  await page
    .getByRole("table", { name: "Levels" })
    .getByRole("row", { name: /Product TEA-1.*SHOP\s+3\s+1\s+2/ })
    .waitFor();
  await expectAlert(page, "needs the stock:ledger permission");
  const { products } = await tenant.api.data<{ products: { totalCount: number } }>("{ products { totalCount } }");
  expect(products.totalCount).toBe(1);

  // At a phone's width the pages fit: wide tables scroll inside their frame, not the page.
  await page.setViewportSize({ width: 375, height: 740 });
  for (const section of ["Stock", "Orders", "Products"]) {
    await page.getByRole("link", { name: section, exact: true }).click();
    await page.getByRole("heading", { name: section, exact: true }).waitFor();
    expect(await page.evaluate("document.documentElement.scrollWidth")).toBeLessThanOrEqual(375);
  }
});

test("a long category list is paged; a product's form shows its deep category, and finds deeper ones by name", async () => {
  const tenant = await createTenant(stack.http);
  const createCategory = async (name: string, parentId: string | null = null) => {
    const slug = name
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, "-")
      .replace(/-$/, "");
    const { createCategory } = await tenant.api.data<{ createCategory: { id: string } }>(
      "mutation ($input: CreateCategoryInput!) { createCategory(input: $input) { id } }",
      { input: { name, slug, parentId } },
    );
    return createCategory.id;
  };
  for (let aisle = 1; aisle <= 50; aisle++) await createCategory(`Aisle ${String(aisle).padStart(2, "0")}`);
  // Four levels: the product form's choices go three deep. A fifth is found by name only.
  let parentId: string | null = null;
  for (const name of ["Home", "Kitchen", "Mugs", "Espresso cups"]) parentId = await createCategory(name, parentId);
  const demitasse = await createCategory("Demitasse 90%", parentId);
  const { createProduct } = await tenant.api.data<{ createProduct: { id: string } }>(
    "mutation ($input: CreateProductInput!) { createProduct(input: $input) { id } }",
    { input: { sku: "CUP-1", name: "Small Cup", price: "6.00", categoryId: parentId } },
  );
  const owner = await staffAccount(stack, tenant, { email: "cora@cups.example", name: "Cora", role: "OWNER" });
  await signIn(page, stack, owner.email, owner.password);

  await page.getByRole("link", { name: "Categories" }).click();
  const pager = page.getByRole("navigation", { name: "Category pages" });
  await pager.getByText("Page 1 · 51 in all").waitFor();
  await page.getByText("Aisle 50", { exact: true }).waitFor();
  expect(await page.getByText("Home", { exact: true }).count()).toBe(0);
  await pager.getByRole("button", { name: "Next" }).click();
  await page.getByText("Home", { exact: true }).waitFor();
  await pager.getByText("Page 2 · 51 in all").waitFor();
  expect(await page.getByText("Aisle 01", { exact: true }).count()).toBe(0);

  await page.goto(`${page.url().replace(/\/categories.*$/, "")}/products/${createProduct.id}`);
  await page.getByRole("heading", { name: "Small Cup" }).waitFor();
  const category = page.getByLabel("Category", { exact: true });
  expect(await category.inputValue()).toBe(parentId);
  expect(await category.locator("option:checked").textContent()).toBe("Espresso cups");
  // Three levels are offered as paths; the fourth is only there as the product's own.
  await category.locator("option", { hasText: "Home › Kitchen › Mugs" }).waitFor({ state: "attached" });
  await page.getByText("Not every category is listed: find the others by name.").waitFor();

  // Found by name at any depth, named by its path; the product's own category stays chosen.
  const find = page.getByLabel("Category: find by name");
  await find.fill("90%");
  // Enter in the search box finds; it must not submit the product's form.
  await find.press("Enter");
  const found = category.locator("option", { hasText: "… › Kitchen › Mugs › Espresso cups › Demitasse 90%" });
  await found.waitFor({ state: "attached" });
  expect(await category.inputValue()).toBe(parentId);
  expect(await category.locator("option").count()).toBe(3);
  await category.selectOption(demitasse);
  await find.fill("no such thing");
  await page.getByText("No category's name contains “no such thing”.").waitFor();
  // What was chosen stays chosen while the search lists something else.
  expect(await category.inputValue()).toBe(demitasse);
  await page.getByRole("button", { name: "Save changes" }).click();
  await page.getByRole("status").filter({ hasText: "Saved." }).waitFor();
  const { product } = await tenant.api.data<{ product: { category: { name: string } } }>(
    "query ($id: ID!) { product(id: $id) { category { name } } }",
    { id: createProduct.id },
  );
  expect(product.category.name).toBe("Demitasse 90%");
});

async function locationIdOf(api: GraphqlClient, code: string): Promise<string> {
  const { locations } = await api.data<{ locations: { id: string; code: string }[] }>("{ locations { id code } }");
  return locations.find((location) => location.code === code)!.id;
}

async function expectAlert(page: Page, text: string): Promise<void> {
  await page.getByRole("alert").filter({ hasText: text }).waitFor();
}
