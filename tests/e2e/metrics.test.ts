import { randomUUID } from "node:crypto";
import { createLocation, createPublishedProduct, setStock } from "../helpers/commerce";
import { sample } from "../helpers/prometheus";
import { startStack, type TestStack } from "../helpers/stack";
import { connect } from "../helpers/subscriptions";
import { createTenant, type Tenant } from "../helpers/tenants";
import { distributedTopology } from "../helpers/topology";

const metricsUrl = (stack: TestStack) => stack.gateway.url.replace(/\/graphql$/, "/metrics");

describe("GET /metrics", () => {
  let stack: TestStack;
  let tenant: Tenant;

  beforeAll(async () => {
    // No dispatcher: the events of the traffic below stay in the outbox, as during a bus outage.
    stack = await startStack({ dispatcher: false });
    tenant = await createTenant(stack.http);
  });
  afterAll(() => stack.stop());

  // Counts are per process: with replicas taking turns, each saw half of the traffic.
  (distributedTopology ? test.skip : test)(
    "after some traffic, a scrape shows operations, latency, errors, subgraph fetches, sockets and backlogs",
    async () => {
      const productId = await createPublishedProduct(tenant.api, `SKU-${randomUUID().slice(0, 8)}`);
      const locationId = await createLocation(tenant.api, "main");
      await setStock(tenant.api, productId, locationId, 5);
      for (let i = 0; i < 3; i++) await tenant.api.data("query CatalogPage { products(first: 5) { totalCount } }");
      const missing = await tenant.api.request("mutation PublishMissing($id: ID!) { publishProduct(id: $id) { id } }", {
        id: randomUUID(),
      });
      expect(missing.errors?.[0]?.extensions?.code).toBe("NOT_FOUND");
      expect((await stack.http.request("query Anonymous { me { client { id } } }")).status).toBe(401);

      // Backlogs as stores and the sync job leave them: one receipt waiting, sync runs by outcome.
      const sql = stack.database.db.prisma;
      await sql.$executeRaw`
      INSERT INTO "WebhookReceipt" ("id", "clientId", "connectionId", "platform", "deliveryId", "topic", "payload")
      VALUES (${randomUUID()}::uuid, ${tenant.clientId}::uuid, ${randomUUID()}::uuid, 'SHOPIFY', 'delivery-1', 'orders/create', '{}')`;
      for (const status of ["SUCCEEDED", "SUCCEEDED", "FAILED"]) {
        await sql.$executeRawUnsafe(
          `INSERT INTO "SyncRun" ("id", "clientId", "connectionId", "trigger", "status") VALUES ($1::uuid, $2::uuid, $3::uuid, 'SCHEDULE', '${status}')`,
          randomUUID(),
          tenant.clientId,
          randomUUID(),
        );
      }

      const socket = connect(stack.gateway.url, {
        "x-api-key": tenant.platform.platformKey,
        "client-x-api-key": tenant.clientKey,
      });
      await socket.connected;
      try {
        const response = await fetch(metricsUrl(stack));
        expect(response.status).toBe(200);
        expect(response.headers.get("content-type")).toContain("text/plain");
        const text = await response.text();

        expect(
          sample(text, "omnistack_graphql_operations_total", {
            operation: "CatalogPage",
            type: "query",
            result: "success",
          }),
        ).toBe(3);
        expect(sample(text, "omnistack_graphql_operation_duration_seconds_count", { operation: "CatalogPage" })).toBe(
          3,
        );
        expect(
          sample(text, "omnistack_graphql_operation_duration_seconds_sum", { operation: "CatalogPage" }),
        ).toBeGreaterThan(0);
        expect(
          sample(text, "omnistack_graphql_operations_total", {
            operation: "PublishMissing",
            type: "mutation",
            result: "error",
          }),
        ).toBe(1);
        expect(sample(text, "omnistack_graphql_errors_total", { code: "UNAUTHENTICATED" })).toBe(1);
        expect(sample(text, "omnistack_graphql_errors_total", { code: "NOT_FOUND" })).toBe(1);
        expect(
          sample(text, "omnistack_subgraph_fetch_duration_seconds_count", { subgraph: "catalog", result: "success" }),
        ).toBeGreaterThanOrEqual(3);
        expect(sample(text, "omnistack_websocket_connections")).toBe(1);
        expect(sample(text, "omnistack_database_up")).toBe(1);
        expect(sample(text, "omnistack_outbox_pending_events")).toBeGreaterThanOrEqual(2);
        expect(sample(text, "omnistack_outbox_oldest_pending_age_seconds")).toBeGreaterThan(0);
        expect(sample(text, "omnistack_webhook_receipts_received")).toBe(1);
        expect(sample(text, "omnistack_sync_runs_total", { status: "SUCCEEDED" })).toBe(2);
        expect(sample(text, "omnistack_sync_runs_total", { status: "FAILED" })).toBe(1);
        expect(sample(text, "process_cpu_seconds_total")).toBeGreaterThan(0);
      } finally {
        await socket.client.dispose();
      }

      // Once the dispatcher publishes, the outbox lag is gone.
      await stack.startDispatcher().drain();
      const after = await (await fetch(metricsUrl(stack))).text();
      expect(sample(after, "omnistack_outbox_pending_events")).toBe(0);
      expect(sample(after, "omnistack_outbox_oldest_pending_age_seconds")).toBe(0);
    },
  );

  test("without OMNI_METRICS_TOKEN, a request that came through a proxy is refused", async () => {
    const proxied = await fetch(metricsUrl(stack), { headers: { "x-forwarded-for": "203.0.113.7" } });
    expect(proxied.status).toBe(403);
    const forwarded = await fetch(metricsUrl(stack), { headers: { forwarded: "for=203.0.113.7" } });
    expect(forwarded.status).toBe(403);
  });
});

describe("GET /metrics with OMNI_METRICS_TOKEN", () => {
  const token = "metrics-token-0123456789abcdef";
  let stack: TestStack;

  beforeAll(async () => {
    stack = await startStack({ config: { metricsToken: token } });
  });
  afterAll(() => stack.stop());

  test("requires the bearer token, even from this machine", async () => {
    const none = await fetch(metricsUrl(stack));
    expect(none.status).toBe(401);
    expect(none.headers.get("www-authenticate")).toContain("Bearer");
    const wrong = await fetch(metricsUrl(stack), { headers: { authorization: "Bearer not-the-token-at-all" } });
    expect(wrong.status).toBe(401);
    const right = await fetch(metricsUrl(stack), {
      headers: { authorization: `Bearer ${token}`, "x-forwarded-for": "203.0.113.7" },
    });
    expect(right.status).toBe(200);
    expect(await right.text()).toContain("omnistack_graphql_operations_total");
  });
});
