import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { loadConfig } from "../../subgraphs/core/src/config";
import { createLocation, createPublishedProduct, setStock } from "../helpers/commerce";
import { createTestDatabase, serverUrl } from "../helpers/database";
import { GraphqlClient } from "../helpers/graphql-client";
import { startGatewayProcess, stopProcess } from "../helpers/process";
import { startStack, testSecrets } from "../helpers/stack";
import { connect, subscribe } from "../helpers/subscriptions";
import { createTenant } from "../helpers/tenants";
import { waitFor } from "../helpers/wait";

const redisUrl = loadConfig().redisUrl;
const withPostgres = serverUrl ? describe : describe.skip;
const withRedisAndPostgres = serverUrl && redisUrl ? describe : describe.skip;

interface StockEvent {
  stockChanged: { onHand: number; product: { sku: string } };
}

withRedisAndPostgres("two gateway processes sharing PostgreSQL and Redis (DATABASE_URL, REDIS_URL)", () => {
  test("a mutation through replica A reaches a subscriber on replica B exactly once", async () => {
    const a = await startStack({ redisUrl });
    const dataDir = mkdtempSync(path.join(tmpdir(), "omni-replica-"));
    const { DATABASE_URL, REDIS_URL, ...inherited } = process.env;
    const b = await startGatewayProcess({
      ...inherited,
      DATABASE_URL: a.database.url,
      REDIS_URL: redisUrl,
      OMNI_DATA_DIR: dataDir,
      PORT: "0",
      OMNI_ADMIN_KEY: testSecrets.adminKey,
      OMNI_INTERNAL_SECRET: testSecrets.internalSecret,
    });
    try {
      const tenant = await createTenant(a.http);
      const productId = await createPublishedProduct(tenant.api, "REPLICA-1");
      const locationId = await createLocation(tenant.api, "R1");
      const { client, connected } = connect(b.url, {
        "x-api-key": tenant.platform.platformKey,
        "client-x-api-key": tenant.clientKey,
      });
      await connected;
      const subscriber = await subscribe<StockEvent>(
        client,
        "subscription ($id: ID) { stockChanged(productId: $id) { onHand product { sku } } }",
        { id: productId },
      );
      await setStock(tenant.api, productId, locationId, 9);
      const [event] = await subscriber.waitFor(1);
      expect(event!.stockChanged).toEqual({ onHand: 9, product: { sku: "REPLICA-1" } });
      // Both replicas run a dispatcher. Once the row is marked, every publish of it is on Redis
      // ahead of the next change's: a second delivery would arrive before that change does.
      const pending = () => a.database.db.prisma.outboxEvent.count({ where: { publishedAt: null } });
      await waitFor(async () => (await pending()) === 0, undefined, "the outbox row to be marked published");
      await setStock(tenant.api, productId, locationId, 10);
      const events = await subscriber.waitFor(2);
      expect(events.map((received) => received.stockChanged.onHand)).toEqual([9, 10]);
      await client.dispose();
    } finally {
      await stopProcess(b.child);
      await a.stop();
    }
  });
});

withPostgres("a crash between commit and publish (DATABASE_URL)", () => {
  test("the event is delivered once after the restart", async () => {
    const database = await createTestDatabase({ migrate: false });
    const dataDir = mkdtempSync(path.join(tmpdir(), "omni-crash-"));
    try {
      // Replica A commits changes but runs no dispatcher, so its outbox rows stay pending when it dies.
      const { DATABASE_URL, REDIS_URL, ...inherited } = process.env;
      const crashing = await startGatewayProcess({
        ...inherited,
        DATABASE_URL: database.url,
        OMNI_DATA_DIR: dataDir,
        PORT: "0",
        OMNI_RUN_WORKERS: "false",
        OMNI_ADMIN_KEY: testSecrets.adminKey,
        OMNI_INTERNAL_SECRET: testSecrets.internalSecret,
      });
      const keys = JSON.parse(readFileSync(path.join(dataDir, "demo-keys.json"), "utf8")) as Record<string, string>;
      const headers = { "x-api-key": keys.platformApiKey!, "client-x-api-key": keys.clientApiKey! };
      const api = new GraphqlClient(crashing.url).with(headers);
      const productId = await createPublishedProduct(api, "CRASH-1");
      const locationId = await createLocation(api, "C1");
      await setStock(api, productId, locationId, 7);
      const pending = () =>
        database.db.prisma.outboxEvent.count({ where: { type: "stock.changed", publishedAt: null } });
      expect(await pending()).toBe(1);
      expect(await stopProcess(crashing.child, "SIGKILL")).toBeNull();

      const restarted = await startStack({ database, dispatcher: false });
      try {
        const { client, connected } = connect(restarted.gateway.url, headers);
        await connected;
        const subscriber = await subscribe<StockEvent>(
          client,
          "subscription ($id: ID) { stockChanged(productId: $id) { onHand product { sku } } }",
          { id: productId },
        );
        restarted.startDispatcher();
        const [event] = await subscriber.waitFor(1);
        expect(event!.stockChanged).toEqual({ onHand: 7, product: { sku: "CRASH-1" } });
        await waitFor(async () => (await pending()) === 0, undefined, "the outbox row to be marked published");
        // A repeat of the published row would reach the subscriber before a later change does.
        await setStock(new GraphqlClient(restarted.gateway.url).with(headers), productId, locationId, 8);
        const events = await subscriber.waitFor(2);
        expect(events.map((received) => received.stockChanged.onHand)).toEqual([7, 8]);
        await client.dispose();
      } finally {
        await restarted.stop();
      }
    } finally {
      await database.drop();
    }
  });
});
