import { startFakeWooCommerce, type FakeWooCommerce } from "../fakes/woocommerce";
import { createLocation, createPublishedProduct, setStock } from "../helpers/commerce";
import { connectWooCommerceStore, integrationConfig, postWooCommerceWebhook } from "../helpers/integrations";
import { startStack, type TestStack } from "../helpers/stack";
import { createTenant, type Tenant } from "../helpers/tenants";
import { waitFor } from "../helpers/wait";

/**
 * A delivery whose processing fails for a reason that can go away (here: the tenant has no
 * location to take the stock from yet) is retried with backoff, succeeds once the cause is
 * fixed, and is left FAILED with its error after the last try.
 */
let stack: TestStack;
let woo: FakeWooCommerce;
let merchant: Tenant;
let connectionId: string;
let productId: string;
const wooKeys = {
  consumerKey: "ck_0f1e2d3c4b5a69788796a5b4c3d2e1f0a9b8c7d6",
  consumerSecret: "cs_6d7c8b9a0f1e2d3c4b5a69788796a5b4c3d2e1f0",
};
const backoffMs = 1000;

beforeAll(async () => {
  woo = await startFakeWooCommerce(wooKeys);
  stack = await startStack({ config: await integrationConfig(), dispatcher: false });
  merchant = await createTenant(stack.http);
  productId = await createPublishedProduct(merchant.api, "BOWL-1", "8.00");
  connectionId = await connectWooCommerceStore(merchant.api, { storeUrl: woo.url, ...wooKeys });
  stack.startWebhookWorker({ maxAttempts: 3, backoffMs: () => backoffMs });
});
afterAll(async () => {
  await stack.stop();
  await woo.stop();
});

async function deliver(orderId: number): Promise<string> {
  const deliveryId = `retry-${orderId}`;
  const body = JSON.stringify({ id: orderId, number: String(orderId), line_items: [{ sku: "BOWL-1", quantity: 1 }] });
  const response = await postWooCommerceWebhook(stack.config.publicUrl, connectionId, woo.webhooks[0]!.secret, body, {
    deliveryId,
  });
  expect(response.status).toBe(200);
  return deliveryId;
}

const receipt = (deliveryId: string) =>
  stack.database.db.prisma.webhookReceipt.findFirstOrThrow({ where: { connectionId, deliveryId } });

/** One pass of the worker, once the delivery is due again by the database's clock (the worker's). */
async function nextAttempt(deliveryId: string): Promise<void> {
  const { nextAttemptAt } = await receipt(deliveryId);
  await waitFor(
    async () => {
      const [row] = await stack.database.db.prisma.$queryRaw<
        [{ due: boolean }]
      >`SELECT now() >= ${nextAttemptAt} AS due`;
      return row.due;
    },
    undefined,
    "the delivery's backoff to pass",
  );
  await stack.webhookWorker!.drain();
}

test("a failing delivery is retried after its backoff and gives up FAILED after the last try", async () => {
  const deliveryId = await deliver(9101);
  await stack.webhookWorker!.drain();
  expect(await receipt(deliveryId)).toMatchObject({ status: "RECEIVED", attempts: 1 });
  expect((await receipt(deliveryId)).lastError).toMatch(/no location/);
  // Not due again until the backoff has passed.
  await stack.webhookWorker!.drain();
  expect(await receipt(deliveryId)).toMatchObject({ attempts: 1 });

  await nextAttempt(deliveryId);
  expect(await receipt(deliveryId)).toMatchObject({ status: "RECEIVED", attempts: 2 });
  await nextAttempt(deliveryId);
  const failed = await receipt(deliveryId);
  expect(failed).toMatchObject({ status: "FAILED", attempts: 3, orderId: null });
  expect(failed.lastError).toMatch(/no location/);
  expect(failed.processedAt).not.toBeNull();
  await nextAttempt(deliveryId);
  expect(await receipt(deliveryId)).toMatchObject({ status: "FAILED", attempts: 3 });
});

test("a retry succeeds once the cause is fixed, and the order is made once", async () => {
  const deliveryId = await deliver(9102);
  await stack.webhookWorker!.drain();
  expect(await receipt(deliveryId)).toMatchObject({ status: "RECEIVED", attempts: 1 });

  await setStock(merchant.api, productId, await createLocation(merchant.api, "MAIN"), 4);
  await nextAttempt(deliveryId);
  const processed = await receipt(deliveryId);
  expect(processed).toMatchObject({ status: "PROCESSED", attempts: 2, lastError: null });
  const orders = await stack.database.db.prisma.order.findMany({
    where: { clientId: merchant.clientId, externalId: "9102" },
  });
  expect(orders.map((order) => order.id)).toEqual([processed.orderId]);
});
