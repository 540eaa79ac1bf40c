import type { Browser, Page } from "playwright-core";
import { startFakeProkip, type FakeProkip } from "../fakes/prokip";
import { startFakeShopify, type FakeShopify } from "../fakes/shopify";
import { startFakeWooCommerce, type FakeWooCommerce } from "../fakes/woocommerce";
import { startReceiver, type Receiver } from "../fakes/webhook-receiver";
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
import { integrationConfig, postShopifyWebhook, shopifyApp } from "../helpers/integrations";
import { startStack, type TestStack } from "../helpers/stack";
import { createTenant, type Tenant } from "../helpers/tenants";
import { waitFor } from "../helpers/wait";

const shop = "console-test.myshopify.com";
const wooKeys = {
  consumerKey: "ck_4f9d0e7c2b1a4a8e9f0d1c2b3a4e5f6a7b8c9d0e",
  consumerSecret: "cs_0e9d8c7b6a5f4e3d2c1b0a9f8e7d6c5b4a3f2e1d",
};
const prokipToken = "prokip_live_9f8e7d6c5b4a39281706f5e4d3c2b1a0";

let shopify: FakeShopify;
let woo: FakeWooCommerce;
let prokip: FakeProkip;
let receiver: Receiver;
let stack: TestStack;
let browser: Browser;
let tenant: Tenant;
let owner: { email: string; password: string; userId: string };
let page: Page;
let problems: string[];

beforeAll(async () => {
  [shopify, woo, prokip, receiver] = await Promise.all([
    startFakeShopify({ shop, ...shopifyApp }),
    startFakeWooCommerce(wooKeys),
    startFakeProkip({ token: prokipToken }),
    startReceiver(),
  ]);
  // No OMNI_APP_URL: the OAuth round trip ends in the console, as on a deployment without an app of its own.
  [stack] = await Promise.all([
    startStack({ dispatcher: false, config: await integrationConfig({ shopifyBaseUrl: shopify.url }) }),
    buildConsole(),
  ]);
  stack.startDispatcher();
  stack.startWebhookWorker();
  stack.startOutboundWebhookWorker({ pollIntervalMs: 50 });
  browser = await launchBrowser();
  tenant = await createTenant(stack.http);
  owner = await staffAccount(stack, tenant, { email: "olive@shop.example", name: "Olive Owner", role: "OWNER" });
});
afterAll(async () => {
  await browser?.close();
  await stack?.stop();
  await receiver?.stop();
  await shopify?.stop();
  await woo?.stop();
  await prokip?.stop();
});
beforeEach(async () => {
  page = await openPage(browser);
  problems = pageProblems(page);
  // Disconnects and deletes ask first; the person here says yes.
  page.on("dialog", (dialog) => void dialog.accept());
});
afterEach(async () => {
  await page.close();
  expect(problems).toEqual([]);
});

/** The page at a phone's width scrolls down, never sideways (wide tables scroll inside their frame). */
async function fitsPhoneWidth(page: Page): Promise<void> {
  await page.setViewportSize({ width: 375, height: 800 });
  // A string: the tests compile without the DOM library.
  expect(await page.evaluate<number>("document.documentElement.scrollWidth")).toBeLessThanOrEqual(375);
  await page.setViewportSize({ width: 1280, height: 800 });
}

interface ConnectionView {
  id: string;
  platform: string;
  status: string;
  syncEnabled: boolean;
  productCount: number;
}

async function connections(): Promise<ConnectionView[]> {
  const { connections: all } = await tenant.api.data<{ connections: ConnectionView[] }>(
    "{ connections { id platform status syncEnabled productCount } }",
  );
  return all;
}

async function receiptStatus(connectionId: string, storeOrderId: number): Promise<string | undefined> {
  const { webhookReceipts } = await tenant.api.data<{
    webhookReceipts: { edges: { node: { status: string; storeOrderId: string | null } }[] };
  }>(
    `query ($connectionId: ID!) {
      webhookReceipts(connectionId: $connectionId, first: 100) { edges { node { status storeOrderId } } }
    }`,
    { connectionId },
  );
  return webhookReceipts.edges.find(({ node }) => node.storeOrderId === String(storeOrderId))?.node.status;
}

test("Shopify connect against the fake store completes and the connection shows as syncing", async () => {
  const location = await createLocation(tenant.api, "MAIN");
  const mug = await createPublishedProduct(tenant.api, "MUG-1");
  shopify.addProduct("Blue Mug", ["MUG-1"]);

  await signIn(page, stack, owner.email, owner.password);
  await page.getByRole("link", { name: "Store connections" }).click();
  await page.getByRole("heading", { name: "Store connections" }).waitFor();
  await page.getByText("No stores connected yet.").waitFor();
  await page.getByLabel("Shopify shop").fill("console-test.example.com");
  await page.getByRole("button", { name: "Connect Shopify" }).click();
  await page.getByRole("alert").filter({ hasText: "BAD_USER_INPUT" }).waitFor();
  await page.getByLabel("Shopify shop").fill("console-test");
  await page.getByRole("button", { name: "Connect Shopify" }).click();

  // Consent on the (fake) shop, its redirect to the gateway's callback, and back to the console.
  await page.waitForURL((url) => url.pathname === "/console/connections" && url.searchParams.has("shopify_success"));
  expect(new URL(page.url()).origin).toBe(originOf(stack));
  expect(shopify.calls("/admin/oauth/authorize")).toHaveLength(1);
  await page
    .getByRole("status")
    .filter({ hasText: `Connected store ${shop}.` })
    .waitFor();
  const row = page.getByRole("row").filter({ hasText: shop });
  await row.getByText("syncing").waitFor();
  await row.getByRole("cell", { name: "Shopify", exact: true }).waitFor();
  await row.getByText("Default (first by code)").waitFor();
  const [connection] = await connections();
  expect(connection).toMatchObject({ platform: "SHOPIFY", status: "ACTIVE", syncEnabled: true, productCount: 1 });
  await screenshot(page, "integrations-connections");
  await fitsPhoneWidth(page);

  // The connection's own page: sync now, pause and resume, its location.
  await row.getByRole("link", { name: shop }).click();
  await page.getByRole("heading", { name: shop }).waitFor();
  await setStock(tenant.api, mug, location, 7);
  await page.getByRole("button", { name: "Sync now" }).click();
  await page.getByRole("status").filter({ hasText: "Sync succeeded: 1 pushed" }).waitFor();
  await page.getByRole("region", { name: "Sync runs" }).getByRole("cell", { name: "manual" }).waitFor();
  expect(shopify.calls(`${shopify.apiPrefix}/inventory_levels/set.json`)).toHaveLength(1);

  await page.getByRole("button", { name: "Pause sync" }).click();
  await page.getByRole("button", { name: "Resume sync" }).waitFor();
  await page.getByText("paused", { exact: true }).waitFor();
  expect((await connections())[0]?.syncEnabled).toBe(false);
  await page.getByRole("button", { name: "Resume sync" }).click();
  await page.getByRole("button", { name: "Pause sync" }).waitFor();
  expect((await connections())[0]?.syncEnabled).toBe(true);

  await page.getByLabel("Location the store draws from").selectOption({ label: "Location MAIN (MAIN)" });
  await page.getByRole("button", { name: "Save location" }).click();
  await page.getByRole("definition").filter({ hasText: "Location MAIN (MAIN)" }).waitFor();

  await page.getByRole("button", { name: "Pull orders" }).click();
  await page.getByRole("status").filter({ hasText: "new store orders queued for import" }).waitFor();

  // A store order asking for more than is in stock fails at once; the inbox shows why, and a
  // replay after the stock is counted makes the order.
  const storeOrderId = 7_301_000_001;
  const posted = await postShopifyWebhook(originOf(stack), shop, "orders/create", {
    id: storeOrderId,
    email: "ada@example.com",
    currency: "USD",
    line_items: [{ id: 1, sku: "MUG-1", quantity: 9 }],
  });
  expect(posted.status).toBe(200);
  await waitFor(async () => (await receiptStatus(connection!.id, storeOrderId)) === "FAILED");
  await page.getByRole("link", { name: `Store webhooks of ${shop}` }).click();
  await page.getByRole("heading", { name: "Integration inbox" }).waitFor();
  await page.getByLabel("Status").selectOption({ label: "Failed" });
  const failed = page.getByRole("row").filter({ hasText: String(storeOrderId) });
  await failed.getByText("INSUFFICIENT_STOCK").waitFor();
  await failed.getByText("failed", { exact: true }).waitFor();
  await screenshot(page, "integrations-inbox");
  await fitsPhoneWidth(page);

  await setStock(tenant.api, mug, location, 20);
  await page.getByRole("button", { name: `Replay orders/create of store order ${storeOrderId}` }).click();
  await page.getByRole("status").filter({ hasText: "is queued again" }).waitFor();
  await waitFor(async () => (await receiptStatus(connection!.id, storeOrderId)) === "PROCESSED");
  await page.getByLabel("Status").selectOption({ label: "Processed" });
  await page
    .getByRole("row")
    .filter({ hasText: String(storeOrderId) })
    .getByText("#1")
    .waitFor();

  // Disconnecting asks first, then the store is shown disconnected.
  await page.getByRole("link", { name: "Store connections" }).click();
  await page.getByRole("link", { name: shop }).click();
  await page.getByRole("button", { name: "Disconnect" }).click();
  await page.getByText("disconnected", { exact: true }).waitFor();
  expect((await connections())[0]?.status).toBe("DISCONNECTED");
});

test("a refused Shopify consent comes back to the console in words", async () => {
  await signIn(page, stack, owner.email, owner.password);
  await page.goto(`${originOf(stack)}/console/connections?shopify_error=invalid_state&store=${shop}`);
  await page
    .getByRole("alert")
    .filter({ hasText: `Connecting ${shop} failed: The authorization was already used` })
    .waitFor();
});

test("WooCommerce and Prokip connect through their forms; a refused key pair is shown in the API's words", async () => {
  await signIn(page, stack, owner.email, owner.password);
  await page.getByRole("link", { name: "Store connections" }).click();
  const wooForm = page.getByRole("form", { name: "Connect a WooCommerce store" });
  await wooForm.getByLabel("WooCommerce store URL").fill(woo.url);
  await wooForm.getByLabel("Consumer key").fill(wooKeys.consumerKey);
  await wooForm.getByLabel("Consumer secret").fill("cs_wrong");
  await wooForm.getByRole("button", { name: "Connect WooCommerce" }).click();
  await wooForm.getByRole("alert").filter({ hasText: "refused this consumer key and secret" }).waitFor();
  await wooForm.getByLabel("Consumer secret").fill(wooKeys.consumerSecret);
  await wooForm.getByRole("button", { name: "Connect WooCommerce" }).click();
  const wooStore = woo.url.replace(/^http:\/\//, "");
  await wooForm
    .getByRole("status")
    .filter({ hasText: `Connected store ${wooStore}.` })
    .waitFor();
  await page.getByRole("row").filter({ hasText: wooStore }).getByRole("cell", { name: "WooCommerce" }).waitFor();
  expect(await wooForm.getByLabel("Consumer secret").inputValue()).toBe("");

  const prokipForm = page.getByRole("form", { name: "Configure Prokip" });
  await prokipForm.getByLabel("Prokip API token").fill(prokipToken);
  await prokipForm.getByLabel("Prokip business location id").fill("1");
  await prokipForm.getByLabel("Prokip API URL (optional)").fill(prokip.url);
  await prokipForm.getByRole("button", { name: "Save Prokip" }).click();
  await prokipForm.getByRole("status").filter({ hasText: "Prokip is configured." }).waitFor();
  await page.getByRole("cell", { name: "Prokip", exact: true }).waitFor();
  const platforms = (await connections()).map((connection) => connection.platform).sort();
  expect(platforms).toEqual(["PROKIP", "SHOPIFY", "WOOCOMMERCE"]);
});

test("a webhook delivery is redelivered", async () => {
  const path = "/console-hook";
  const url = `${receiver.url}${path}`;
  const receivedHere = () => receiver.received.filter((request) => request.path === path);
  await signIn(page, stack, owner.email, owner.password);
  await page.getByRole("link", { name: "Outbound webhooks" }).click();
  await page.getByRole("heading", { name: "Outbound webhooks" }).waitFor();
  await page.getByLabel("Endpoint URL").fill(url);
  await page.getByLabel("Product published product.published").check();
  await page.getByRole("button", { name: "Add endpoint" }).click();
  const secret = await page.getByRole("textbox", { name: `Signing secret of ${url}` }).inputValue();
  expect(secret).toMatch(/^whsec_/);
  await page.getByRole("button", { name: "I have stored it" }).click();
  const endpointRow = page.getByRole("row").filter({ hasText: url });
  await endpointRow.getByText("active").waitFor();
  expect(await page.content()).not.toContain(secret);
  await screenshot(page, "webhooks-endpoints");
  await fitsPhoneWidth(page);

  const lamp = await createPublishedProduct(tenant.api, "LAMP-1");
  await waitFor(() => receivedHere().length === 1, 10_000, "the delivery");
  const eventId = receivedHere()[0]!.headers["webhook-id"] as string;
  // The worker records the answer just after the receiver has it: the log is opened once it has.
  await waitFor(async () => {
    const { webhookDeliveries } = await tenant.api.data<{
      webhookDeliveries: { edges: { node: { status: string } }[] };
    }>("{ webhookDeliveries(first: 5) { edges { node { status } } } }");
    return webhookDeliveries.edges.map(({ node }) => node.status).join() === "SUCCEEDED";
  });

  await page.getByRole("link", { name: `Deliveries to ${url}` }).click();
  await page.getByRole("heading", { name: "Deliveries" }).waitFor();
  const delivery = page.getByRole("row").filter({ hasText: eventId });
  await delivery.getByText("succeeded").waitFor();
  await delivery.getByRole("cell", { name: "200", exact: true }).waitFor();
  await delivery.getByRole("cell", { name: "1", exact: true }).waitFor();
  await screenshot(page, "webhooks-deliveries");
  await fitsPhoneWidth(page);

  await delivery.getByRole("button", { name: `Redeliver product.published ${eventId}` }).click();
  await page.getByRole("status").filter({ hasText: "product.published is being sent again" }).waitFor();
  await waitFor(() => receivedHere().length === 2, 10_000, "the redelivery");
  expect(receivedHere()[1]!.headers["webhook-id"]).toBe(eventId);
  expect(JSON.parse(receivedHere()[1]!.body)).toMatchObject({ type: "product.published", data: { productId: lamp } });
  // The log shows the second attempt once the worker has made it.
  await delivery.getByRole("cell", { name: "2", exact: true }).waitFor();
  await delivery.getByText("succeeded").waitFor();

  // The audit log names the change this person made, with its after-state folded away.
  await page.getByRole("link", { name: "Audit log" }).click();
  await page.getByRole("heading", { name: "Audit log" }).waitFor();
  await page.getByLabel("Actor id").fill(owner.userId);
  await page.getByLabel("Action").fill("webhook_delivery.redelivered");
  await page.getByRole("button", { name: "Filter" }).click();
  const entry = page.getByRole("row").filter({ hasText: "webhook_delivery.redelivered" });
  await entry.getByText(owner.userId).waitFor();
  await page.getByText("1 in all").waitFor();
  await entry.getByText("Before and after").click();
  await entry.locator("pre").filter({ hasText: '"status": "SUCCEEDED"' }).waitFor();
  await entry.locator("pre").filter({ hasText: '"status": "PENDING"' }).waitFor();
  await screenshot(page, "audit-log");
  await fitsPhoneWidth(page);

  // And the endpoint goes, its log with it.
  await page.getByRole("link", { name: "Outbound webhooks" }).click();
  await page.getByRole("button", { name: `Delete ${url}` }).click();
  await page.getByText("No endpoints yet.").waitFor();
});
