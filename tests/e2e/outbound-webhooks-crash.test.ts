import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { FailpointName } from "../../subgraphs/core/src/failpoints";
import { startReceiver, type Receiver } from "../fakes/webhook-receiver";
import { createLocation, createPublishedProduct, setStock } from "../helpers/commerce";
import { createTestDatabase, serverUrl } from "../helpers/database";
import { runGatewayUntilExit } from "../helpers/process";
import { startStack, testSecrets } from "../helpers/stack";
import { createTenant } from "../helpers/tenants";
import { waitFor } from "../helpers/wait";

// The gateway process and this test share the database: only a server can be shared.
const withPostgres = serverUrl ? describe : describe.skip;

const createEndpoint = `mutation ($input: CreateWebhookEndpointInput!) {
  createWebhookEndpoint(input: $input) { endpoint { id } }
}`;

let receiver: Receiver;
beforeAll(async () => {
  receiver = await startReceiver();
});
afterAll(() => receiver?.stop());

withPostgres("a gateway killed while it dispatches events (DATABASE_URL)", () => {
  // after-publish: the bus has the events, nothing is marked or queued. after-mark: the
  // transaction that marks them and queues the deliveries has committed, nothing is sent.
  test.each<FailpointName>(["outbox.after-publish", "outbox.after-mark"])(
    "killed at %s, every endpoint still gets exactly one delivery per event after the restart",
    async (failpoint) => {
      const database = await createTestDatabase();
      try {
        const setup = await startStack({ database, dispatcher: false });
        const tenant = await createTenant(setup.http);
        const paths = ["/a", "/b"].map((suffix) => `/${failpoint}${suffix}`);
        for (const endpointPath of paths) {
          await tenant.api.data(createEndpoint, {
            input: { url: `${receiver.url}${endpointPath}`, events: ["product.published", "stock.changed"] },
          });
        }
        const productId = await createPublishedProduct(tenant.api, `CRASH-${failpoint}`);
        await setStock(tenant.api, productId, await createLocation(tenant.api, "K1"), 5);
        await setup.stop();
        const events = await database.db.prisma.outboxEvent.findMany({
          where: { clientId: tenant.clientId, type: { in: ["product.published", "stock.changed"] } },
        });
        expect(events).toHaveLength(2);

        const { DATABASE_URL, REDIS_URL, ...inherited } = process.env;
        const crashed = await runGatewayUntilExit({
          ...inherited,
          NODE_ENV: "test",
          DATABASE_URL: database.url,
          OMNI_DATA_DIR: mkdtempSync(path.join(tmpdir(), "omni-failpoint-")),
          PORT: "0",
          OMNI_SEED_DEMO: "false",
          OMNI_WEBHOOKS_ALLOW_PRIVATE: "true",
          OMNI_FAILPOINTS: failpoint,
          OMNI_ADMIN_KEY: testSecrets.adminKey,
          OMNI_INTERNAL_SECRET: testSecrets.internalSecret,
          OMNI_ENCRYPTION_KEY: testSecrets.encryptionKey,
        });
        expect(crashed.signal).toBe("SIGKILL");
        const published = await database.db.prisma.outboxEvent.count({
          where: { id: { in: events.map((event) => event.id) }, publishedAt: { not: null } },
        });
        expect(published).toBe(failpoint === "outbox.after-mark" ? 2 : 0);
        expect(await database.db.prisma.webhookAttempt.count()).toBe(0);

        const restarted = await startStack({ database });
        try {
          const received = (endpointPath: string) =>
            receiver.received.filter((request) => request.path === endpointPath);
          await waitFor(
            async () =>
              (await database.db.prisma.webhookDelivery.count({ where: { status: "SUCCEEDED" } })) === 4 &&
              (await database.db.prisma.outboxEvent.count({ where: { publishedAt: null } })) === 0,
            // A lease taken by the killed process runs out first (10 s).
            30_000,
            "every delivery to succeed after the restart",
          );
          const eventIds = events.map((event) => event.id).sort();
          for (const endpointPath of paths) {
            const ids = received(endpointPath).map((request) => String(request.headers["webhook-id"]));
            expect(ids.sort()).toEqual(eventIds);
          }
        } finally {
          await restarted.stop();
        }
      } finally {
        await database.drop();
      }
    },
    90_000,
  );
});
