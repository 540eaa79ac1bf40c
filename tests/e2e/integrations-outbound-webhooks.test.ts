import { startReceiver, type Received, type Receiver } from "../fakes/webhook-receiver";
import { createPublishedProduct } from "../helpers/commerce";
import type { GraphqlResponse } from "../helpers/graphql-client";
import { startStack, type TestStack } from "../helpers/stack";
import { verifiesStandardWebhook as verifies } from "../helpers/standard-webhooks";
import { createTenant, type Tenant } from "../helpers/tenants";
import { waitFor } from "../helpers/wait";

const codeOf = (response: GraphqlResponse<unknown>) => response.errors?.[0]?.extensions?.code;

const createEndpoint = `mutation ($input: CreateWebhookEndpointInput!) {
  createWebhookEndpoint(input: $input) { endpoint { id url events isActive createdAt } secret }
}`;
const deliveriesQuery = `query ($endpointId: ID, $first: Int, $after: String) {
  webhookDeliveries(endpointId: $endpointId, first: $first, after: $after) {
    edges { cursor node { id eventId eventType status attempts responseStatus nextAttemptAt lastError createdAt } }
    pageInfo { hasNextPage endCursor }
    totalCount
  }
}`;

interface DeliveryView {
  id: string;
  eventId: string;
  eventType: string;
  status: string;
  attempts: number;
  responseStatus: number | null;
  nextAttemptAt: string | null;
  lastError: string | null;
}

let stack: TestStack;
let receiver: Receiver;
let merchant: Tenant;
let other: Tenant;
const retryScheduleMs = [0, 100, 200];

beforeAll(async () => {
  receiver = await startReceiver();
  stack = await startStack({ dispatcher: false });
  stack.startDispatcher();
  stack.startOutboundWebhookWorker({ retryScheduleMs, pollIntervalMs: 20 });
  merchant = await createTenant(stack.http);
  other = await createTenant(stack.http);
});
afterAll(async () => {
  await stack.stop();
  await receiver.stop();
});

async function register(tenant: Tenant, path: string, events = ["product.published"]) {
  const { createWebhookEndpoint } = await tenant.api.data<{
    createWebhookEndpoint: {
      endpoint: { id: string; url: string; events: string[]; isActive: boolean };
      secret: string;
    };
  }>(createEndpoint, { input: { url: `${receiver.url}${path}`, events } });
  return createWebhookEndpoint;
}

async function deliveries(tenant: Tenant, endpointId?: string): Promise<DeliveryView[]> {
  const { webhookDeliveries } = await tenant.api.data<{
    webhookDeliveries: { edges: { node: DeliveryView }[] };
  }>(deliveriesQuery, { endpointId, first: 100 });
  return webhookDeliveries.edges.map((edge) => edge.node);
}

const receivedAt = (path: string) => receiver.received.filter((request) => request.path === path);
const productOf = (request: Received) => (JSON.parse(request.body) as { data: { productId: string } }).data.productId;

let okEndpointId: string;
let okSecret: string;

describe("outbound webhooks", () => {
  it("delivers product.published signed by the Standard Webhooks rule, and never shows the secret again", async () => {
    const created = await register(merchant, "/ok");
    okEndpointId = created.endpoint.id;
    okSecret = created.secret;
    expect(created.secret).toMatch(/^whsec_[A-Za-z0-9+/]{32}$/);
    expect(Buffer.from(created.secret.slice(6), "base64")).toHaveLength(24);
    expect(created.endpoint).toMatchObject({ events: ["product.published"], isActive: true });

    const productId = await createPublishedProduct(merchant.api, "OUT-1");
    await waitFor(() => receivedAt("/ok").some((r) => productOf(r) === productId), 10_000, "the delivery");
    const request = receivedAt("/ok").find((r) => productOf(r) === productId)!;
    expect(request.headers["content-type"]).toBe("application/json");
    expect(verifies(okSecret, request.headers, request.body)).toBe(true);
    expect(verifies(`whsec_${Buffer.alloc(24).toString("base64")}`, request.headers, request.body)).toBe(false);
    const body = JSON.parse(request.body) as { type: string; timestamp: string; data: { productId: string } };
    expect(body.type).toBe("product.published");
    expect(Math.abs(Date.parse(body.timestamp) / 1000 - Number(request.headers["webhook-timestamp"]))).toBeLessThan(1);
    expect(Math.abs(Date.now() / 1000 - Number(request.headers["webhook-timestamp"]))).toBeLessThan(60);

    await waitFor(async () => (await deliveries(merchant, okEndpointId))[0]?.status === "SUCCEEDED");
    const [delivery] = await deliveries(merchant, okEndpointId);
    expect(delivery).toMatchObject({
      eventId: request.headers["webhook-id"],
      eventType: "product.published",
      attempts: 1,
      responseStatus: 200,
      nextAttemptAt: null,
      lastError: null,
    });

    // Nowhere again: not in a listing, nor in the audit log, nor in the database.
    const responses = [
      await merchant.api.request("{ webhookEndpoints { id url events isActive createdAt } }"),
      await merchant.api.request(deliveriesQuery, { first: 100 }),
      await merchant.api.request("{ auditLog(first: 100) { edges { node { action before after } } } }"),
    ];
    for (const response of responses) {
      expect(response.errors).toBeUndefined();
      expect(JSON.stringify(response.data)).not.toContain(okSecret.slice(6));
    }
    const row = await stack.database.db.prisma.webhookEndpoint.findUniqueOrThrow({ where: { id: okEndpointId } });
    expect(row.secretEnc).not.toContain(okSecret.slice(6));
  });

  it("refuses unknown event types and non-http URLs", async () => {
    const unknown = await merchant.api.request(createEndpoint, {
      input: { url: `${receiver.url}/x`, events: ["product.published", "apikey.revoked"] },
    });
    expect(codeOf(unknown)).toBe("BAD_USER_INPUT");
    const none = await merchant.api.request(createEndpoint, { input: { url: `${receiver.url}/x`, events: [] } });
    expect(codeOf(none)).toBe("BAD_USER_INPUT");
    const ftp = await merchant.api.request(createEndpoint, {
      input: { url: "ftp://example.com/hook", events: ["order.created"] },
    });
    expect(codeOf(ftp)).toBe("BAD_USER_INPUT");
  });

  it("retries a failing endpoint on the schedule, logs every attempt, and ends FAILED", async () => {
    receiver.statusFor.set("/fail", 500);
    const { endpoint } = await register(merchant, "/fail");
    const productId = await createPublishedProduct(merchant.api, "OUT-FAIL");
    await waitFor(async () => (await deliveries(merchant, endpoint.id))[0]?.status === "FAILED", 10_000, "FAILED");
    const [delivery] = await deliveries(merchant, endpoint.id);
    expect(delivery).toMatchObject({ attempts: retryScheduleMs.length, responseStatus: 500, nextAttemptAt: null });
    expect(delivery!.lastError).toContain("500");
    const sent = receivedAt("/fail").filter((r) => productOf(r) === productId);
    expect(sent).toHaveLength(retryScheduleMs.length);
    expect(new Set(sent.map((r) => r.headers["webhook-id"]))).toEqual(new Set([delivery!.eventId]));
    const attempts = await stack.database.db.prisma.webhookAttempt.findMany({
      where: { deliveryId: delivery!.id },
      orderBy: { at: "asc" },
    });
    expect(attempts.map((attempt) => attempt.responseStatus)).toEqual([500, 500, 500]);
    // The schedule's waits lie between the attempts.
    expect(attempts[2]!.at.getTime() - attempts[1]!.at.getTime()).toBeGreaterThanOrEqual(retryScheduleMs[2]! - 20);
  });

  it("disables an endpoint that answers 410", async () => {
    receiver.statusFor.set("/gone", 410);
    const { endpoint } = await register(merchant, "/gone");
    await createPublishedProduct(merchant.api, "OUT-GONE");
    await waitFor(async () => (await deliveries(merchant, endpoint.id))[0]?.status === "DISABLED", 10_000, "DISABLED");
    const [delivery] = await deliveries(merchant, endpoint.id);
    expect(delivery).toMatchObject({ attempts: 1, responseStatus: 410 });
    const { webhookEndpoints } = await merchant.api.data<{ webhookEndpoints: { id: string; isActive: boolean }[] }>(
      "{ webhookEndpoints { id isActive } }",
    );
    expect(webhookEndpoints.find((e) => e.id === endpoint.id)?.isActive).toBe(false);

    // A later event is not queued for it.
    const before = receivedAt("/gone").length;
    await createPublishedProduct(merchant.api, "OUT-GONE-2");
    await waitFor(async () => (await deliveries(merchant, okEndpointId)).length >= 4);
    expect(await deliveries(merchant, endpoint.id)).toHaveLength(1);
    expect(receivedAt("/gone")).toHaveLength(before);
  });

  it("redelivers a delivery on request", async () => {
    const [delivery] = (await deliveries(merchant, okEndpointId)).filter((d) => d.status === "SUCCEEDED");
    const sentBefore = receivedAt("/ok").filter((r) => r.headers["webhook-id"] === delivery!.eventId).length;
    const { redeliverWebhook } = await merchant.api.data<{ redeliverWebhook: DeliveryView }>(
      "mutation ($id: ID!) { redeliverWebhook(deliveryId: $id) { id status attempts } }",
      { id: delivery!.id },
    );
    expect(redeliverWebhook).toMatchObject({ id: delivery!.id, status: "PENDING" });
    await waitFor(
      () => receivedAt("/ok").filter((r) => r.headers["webhook-id"] === delivery!.eventId).length > sentBefore,
      10_000,
      "the redelivery",
    );
    const resent = receivedAt("/ok")
      .filter((r) => r.headers["webhook-id"] === delivery!.eventId)
      .at(-1)!;
    expect(verifies(okSecret, resent.headers, resent.body)).toBe(true);
    await waitFor(async () => {
      const again = (await deliveries(merchant, okEndpointId)).find((d) => d.id === delivery!.id);
      return again?.status === "SUCCEEDED" && again.attempts === delivery!.attempts + 1;
    });
  });

  it("pages deliveries newest first", async () => {
    const all = await deliveries(merchant);
    expect(all.length).toBeGreaterThanOrEqual(3);
    const { webhookDeliveries: first } = await merchant.api.data<{
      webhookDeliveries: { edges: { node: { id: string } }[]; pageInfo: { hasNextPage: boolean; endCursor: string } };
    }>(deliveriesQuery, { first: 1 });
    expect(first.edges.map((edge) => edge.node.id)).toEqual([all[0]!.id]);
    expect(first.pageInfo.hasNextPage).toBe(true);
    const { webhookDeliveries: second } = await merchant.api.data<{
      webhookDeliveries: { edges: { node: { id: string } }[] };
    }>(deliveriesQuery, { first: 1, after: first.pageInfo.endCursor });
    expect(second.edges.map((edge) => edge.node.id)).toEqual([all[1]!.id]);
    expect(all.map((d) => d.id)).toEqual([...all.map((d) => d.id)].sort().reverse());
  });

  it("keeps tenants apart", async () => {
    const [delivery] = await deliveries(merchant, okEndpointId);
    const { webhookEndpoints } = await other.api.data<{ webhookEndpoints: unknown[] }>("{ webhookEndpoints { id } }");
    expect(webhookEndpoints).toEqual([]);
    expect(await deliveries(other)).toEqual([]);
    expect(await deliveries(other, okEndpointId)).toEqual([]);
    const del = await other.api.request("mutation ($id: ID!) { deleteWebhookEndpoint(id: $id) }", { id: okEndpointId });
    expect(codeOf(del)).toBe("NOT_FOUND");
    const redeliver = await other.api.request("mutation ($id: ID!) { redeliverWebhook(deliveryId: $id) { id } }", {
      id: delivery!.id,
    });
    expect(codeOf(redeliver)).toBe("NOT_FOUND");

    // The other tenant's endpoint only ever receives the other tenant's events.
    await register(other, "/other");
    const mine = await createPublishedProduct(merchant.api, "OUT-MINE");
    const theirs = await createPublishedProduct(other.api, "OUT-THEIRS");
    await waitFor(() => receivedAt("/other").some((r) => productOf(r) === theirs), 10_000, "the other's delivery");
    await waitFor(() => receivedAt("/ok").some((r) => productOf(r) === mine), 10_000, "the merchant's delivery");
    expect(receivedAt("/other").map(productOf)).toEqual([theirs]);
    expect(receivedAt("/ok").map(productOf)).not.toContain(theirs);

    // And deleting is the owner's: it removes the endpoint and its log.
    await merchant.api.data("mutation ($id: ID!) { deleteWebhookEndpoint(id: $id) }", { id: okEndpointId });
    expect(await deliveries(merchant, okEndpointId)).toEqual([]);
  });

  it("refuses private, loopback and link-local targets unless the configuration allows them", async () => {
    const strict = await startStack({
      database: stack.database,
      dispatcher: false,
      // Its own subgraphs too (when they are served over HTTP): they read the same setting.
      config: { ...stack.config, subgraphUrls: {}, webhooksAllowPrivate: false },
    });
    try {
      const tenant = await createTenant(strict.http);
      for (const url of [
        `${receiver.url}/ok`,
        "http://localhost:8080/hook",
        "http://10.1.2.3/hook",
        "http://192.168.1.10/hook",
        "http://169.254.169.254/latest/meta-data",
        "http://[::1]:8080/hook",
        "http://[fe80::1]/hook",
        "http://[::ffff:127.0.0.1]/hook",
      ]) {
        const response = await tenant.api.request(createEndpoint, { input: { url, events: ["order.created"] } });
        expect([url, codeOf(response)]).toEqual([url, "BAD_USER_INPUT"]);
      }
      const public_ = await tenant.api.request(createEndpoint, {
        input: { url: "https://93.184.215.14/hook", events: ["order.created"] },
      });
      expect(public_.errors).toBeUndefined();
    } finally {
      await strict.stop();
    }
  });
});
