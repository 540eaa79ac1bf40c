import { startReceiver, type Receiver } from "../fakes/webhook-receiver";
import { createPublishedProduct } from "../helpers/commerce";
import { startStack, type TestStack } from "../helpers/stack";
import { createTenant, type Tenant } from "../helpers/tenants";
import { waitFor } from "../helpers/wait";

const createEndpoint = `mutation ($input: CreateWebhookEndpointInput!) {
  createWebhookEndpoint(input: $input) { endpoint { id } }
}`;

let stack: TestStack;
let receiver: Receiver;
let merchant: Tenant;
let neighbour: Tenant;

beforeAll(async () => {
  receiver = await startReceiver();
  stack = await startStack({ dispatcher: false });
  merchant = await createTenant(stack.http);
  neighbour = await createTenant(stack.http);
}, 120_000);
afterAll(async () => {
  await stack?.stop();
  await receiver?.stop();
}, 120_000);

const endpointIds = new Map<string, string>();

async function register(tenant: Tenant, path: string): Promise<void> {
  const { createWebhookEndpoint } = await tenant.api.data<{ createWebhookEndpoint: { endpoint: { id: string } } }>(
    createEndpoint,
    { input: { url: `${receiver.url}${path}`, events: ["product.published"] } },
  );
  endpointIds.set(path, createWebhookEndpoint.endpoint.id);
}

const idsAt = (path: string) =>
  receiver.received.filter((request) => request.path === path).map((request) => request.headers["webhook-id"]);

describe("a storefront that answers slowly", () => {
  it("holds up neither the same tenant's other endpoint nor another tenant's", async () => {
    let answerSlowly: () => void = () => undefined;
    // Answers only when the test says so (after 10 s at the latest): every request to /slow
    // stays open while the others are checked.
    const slowAnswer = new Promise<void>((resolve) => {
      answerSlowly = resolve;
      setTimeout(resolve, 10_000).unref();
    });
    receiver.holdFor.set("/slow", slowAnswer);
    await register(merchant, "/slow");
    await register(merchant, "/fast");
    await register(neighbour, "/neighbour");
    for (const sku of ["SLOW-1", "SLOW-2", "SLOW-3"]) await createPublishedProduct(merchant.api, sku);
    await createPublishedProduct(neighbour.api, "NEIGHBOUR-1");

    stack.startDispatcher();
    stack.startOutboundWebhookWorker({ pollIntervalMs: 20 });
    await waitFor(() => idsAt("/slow").length === 1, 10_000, "the first request to the slow endpoint");
    // While /slow keeps its first request open, every other delivery arrives.
    await waitFor(
      () => idsAt("/fast").length === 3 && idsAt("/neighbour").length === 1,
      8_000,
      "the other endpoints' deliveries while /slow has not answered",
    );
    expect(idsAt("/slow")).toHaveLength(1);

    answerSlowly();
    await waitFor(() => idsAt("/slow").length === 3, 10_000, "the slow endpoint's remaining deliveries");
    expect(new Set(idsAt("/slow"))).toEqual(new Set(idsAt("/fast")));
    const deliveries = () => stack.database.db.prisma.webhookDelivery.findMany();
    await waitFor(async () => (await deliveries()).every((delivery) => delivery.status === "SUCCEEDED"));
    expect(await deliveries()).toHaveLength(7);
  });

  it("waits for the slow answer, not the database: no row lock is held while a request is open", async () => {
    let answer: () => void = () => undefined;
    receiver.holdFor.set(
      "/slow",
      new Promise<void>((resolve) => {
        answer = resolve;
        setTimeout(resolve, 10_000).unref();
      }),
    );
    const before = idsAt("/slow").length;
    await createPublishedProduct(merchant.api, "SLOW-4");
    await waitFor(() => idsAt("/slow").length === before + 1, 10_000, "the request to the slow endpoint");
    // The request is open, and its delivery row is free: another transaction locks it at once.
    const eventId = idsAt("/slow").at(-1)!;
    const locked = await stack.database.db.prisma.$transaction(
      (tx) => tx.$queryRaw<{ status: string }[]>`
        SELECT "status" FROM "WebhookDelivery"
        WHERE "endpointId" = ${endpointIds.get("/slow")}::uuid AND "eventId" = ${eventId}::uuid
        FOR UPDATE NOWAIT`,
    );
    expect(locked).toEqual([{ status: "PENDING" }]);
    answer();
    await waitFor(async () =>
      (await stack.database.db.prisma.webhookDelivery.findMany()).every((delivery) => delivery.status === "SUCCEEDED"),
    );
  });
});
