import { randomUUID } from "node:crypto";
import { loadConfig } from "../../subgraphs/core/src/config";
import { pruneExpiredRows } from "../../subgraphs/core/src/module/retention";
import { modules } from "../../subgraphs/modules";
import { createPublishedProduct } from "../helpers/commerce";
import { expiredRowCounts, insertExpiredRows } from "../helpers/retention-rows";
import { startStack, type TestStack } from "../helpers/stack";
import { createTenant, type Tenant } from "../helpers/tenants";
import { waitFor } from "../helpers/wait";

let stack: TestStack;
let tenant: Tenant;
// No workers: the test alone decides which rows are published, processed or pending.
beforeAll(async () => {
  stack = await startStack({ dispatcher: false });
  tenant = await createTenant(stack.http);
  await createPublishedProduct(tenant.api, "KEEP-1");
});
afterAll(() => stack.stop());

const daysAgo = (days: number) => new Date(Date.now() - days * 86_400_000);

/** One row of each kind the job must leave alone: unfinished work however old, and recent finished rows. */
async function insertRowsToKeep(clientId: string) {
  const prisma = stack.database.db.prisma;
  const old = daysAgo(90);
  const recent = daysAgo(1);
  const event = { clientId, type: "stock.changed", payload: {} };
  const receipt = {
    clientId,
    connectionId: randomUUID(),
    platform: "SHOPIFY" as const,
    topic: "orders/create",
    payload: {},
  };
  const delivery = { clientId, endpointId: randomUUID(), eventType: "order.created", payload: {} };
  const run = { clientId, connectionId: randomUUID(), trigger: "SCHEDULE" };
  const pendingDelivery = await prisma.webhookDelivery.create({
    data: { ...delivery, eventId: randomUUID(), status: "PENDING", createdAt: old },
  });
  const recentDelivery = await prisma.webhookDelivery.create({
    data: { ...delivery, eventId: randomUUID(), status: "SUCCEEDED", createdAt: recent },
  });
  await prisma.webhookAttempt.createMany({
    data: [pendingDelivery, recentDelivery].map((row) => ({ deliveryId: row.id, responseStatus: 500, durationMs: 5 })),
  });
  await prisma.outboxEvent.createMany({
    data: [
      { ...event, aggregate: "unpublished", createdAt: old, publishedAt: null },
      { ...event, aggregate: "published-recently", createdAt: recent, publishedAt: recent },
    ],
  });
  await prisma.webhookReceipt.createMany({
    data: [
      { ...receipt, deliveryId: "received", status: "RECEIVED", createdAt: old },
      { ...receipt, deliveryId: "processed-recently", status: "PROCESSED", createdAt: recent, processedAt: recent },
    ],
  });
  await prisma.syncRun.createMany({
    data: [
      { ...run, status: "RUNNING", startedAt: old },
      { ...run, status: "SUCCEEDED", startedAt: recent, finishedAt: recent },
    ],
  });
  await prisma.auditLogEntry.create({
    data: {
      clientAppId: randomUUID(),
      clientId,
      action: "product.created",
      entityType: "Product",
      entityId: "x",
      at: old,
    },
  });
}

test("100,000 finished rows past their period are deleted while queries keep being answered; unfinished and recent rows stay", async () => {
  const prisma = stack.database.db.prisma;
  await insertExpiredRows(stack.database.db, tenant.clientId);
  await insertRowsToKeep(tenant.clientId);
  const auditEntriesBefore = await prisma.auditLogEntry.count();

  // The bulk insert kept the embedded database (in this process) busy past the server's
  // keep-alive timeout: the client's pooled connection may be gone, the next one is not.
  const catalogQuery = "{ products(first: 5) { totalCount } }";
  await waitFor(
    async () => (await tenant.api.request(catalogQuery).catch(() => undefined))?.status === 200,
    10_000,
    "the gateway to answer after the bulk insert",
  );

  // A storefront keeps reading the catalog while the job runs. A batch that holds the embedded
  // database (in this process) can outlast the server's keep-alive timeout, which then closes
  // the reader's pooled socket as it sends: a closed socket is retried, an answer is counted.
  let pruning = true;
  const answeredDuringPrune: number[] = [];
  const reader = (async () => {
    while (pruning) {
      const response = await tenant.api
        .request<{ products: { totalCount: number } }>(catalogQuery)
        .catch((error: unknown) => {
          if ((error as { cause?: { code?: string } }).cause?.code !== "UND_ERR_SOCKET") throw error;
        });
      if (!response) continue;
      expect(response.errors).toBeUndefined();
      if (pruning) answeredDuringPrune.push(response.data!.products.totalCount);
    }
  })();
  const deleted = await pruneExpiredRows(prisma, modules, loadConfig({}).retention).finally(() => (pruning = false));
  await reader;

  expect(deleted).toEqual({
    outboxEvents: expiredRowCounts.outboxEvents,
    webhookReceipts: expiredRowCounts.webhookReceipts,
    webhookDeliveries: expiredRowCounts.webhookDeliveries,
    syncRuns: expiredRowCounts.syncRuns,
    // Sign-in bookkeeping has fixed periods; this database has none of it old enough.
    refreshTokens: 0,
    passwordTokens: 0,
    consoleSessions: 0,
    loginThrottles: 0,
  });
  expect(answeredDuringPrune.length).toBeGreaterThan(0);
  expect(new Set(answeredDuringPrune)).toEqual(new Set([1]));

  const outbox = await prisma.outboxEvent.findMany({ where: { clientId: tenant.clientId } });
  const markers = outbox.map((row) => row.aggregate).filter((aggregate) => !aggregate.startsWith("Product:"));
  expect(markers.sort()).toEqual(["published-recently", "unpublished"]);
  // The product's own events, never published (no dispatcher here), are there too.
  expect(outbox.length).toBeGreaterThan(markers.length);
  const receipts = await prisma.webhookReceipt.findMany({ where: { clientId: tenant.clientId } });
  expect(receipts.map((row) => row.deliveryId).sort()).toEqual(["processed-recently", "received"]);
  const deliveries = await prisma.webhookDelivery.findMany({ where: { clientId: tenant.clientId } });
  expect(deliveries.map((row) => row.status).sort()).toEqual(["PENDING", "SUCCEEDED"]);
  // Attempts go with their delivery: only the two kept deliveries' remain.
  expect((await prisma.webhookAttempt.findMany()).map((row) => row.deliveryId).sort()).toEqual(
    deliveries.map((row) => row.id).sort(),
  );
  const runs = await prisma.syncRun.findMany({ where: { clientId: tenant.clientId } });
  expect(runs.map((row) => row.status).sort()).toEqual(["RUNNING", "SUCCEEDED"]);
  // The audit log is kept unless OMNI_RETENTION_AUDIT_LOG says otherwise.
  expect(await prisma.auditLogEntry.count()).toBe(auditEntriesBefore);

  // A second pass finds nothing more.
  expect(await pruneExpiredRows(prisma, modules, loadConfig({}).retention)).toEqual({
    outboxEvents: 0,
    webhookReceipts: 0,
    webhookDeliveries: 0,
    syncRuns: 0,
    refreshTokens: 0,
    passwordTokens: 0,
    consoleSessions: 0,
    loginThrottles: 0,
  });
});

test("a period set to off keeps that table whole; the audit log goes once it has a period", async () => {
  const prisma = stack.database.db.prisma;
  await prisma.outboxEvent.create({
    data: {
      clientId: tenant.clientId,
      type: "stock.changed",
      aggregate: "off",
      payload: {},
      publishedAt: daysAgo(400),
    },
  });
  const oldEntry = await prisma.auditLogEntry.create({
    data: {
      clientAppId: tenant.platform.clientAppId,
      clientId: tenant.clientId,
      action: "product.created",
      entityType: "Product",
      entityId: "old",
      at: daysAgo(60),
    },
  });
  const recentEntries = await prisma.auditLogEntry.count({ where: { at: { gt: daysAgo(1) } } });
  expect(recentEntries).toBeGreaterThan(0);

  const retention = loadConfig({ OMNI_RETENTION_OUTBOX: "off", OMNI_RETENTION_AUDIT_LOG: "30d" }).retention;
  const deleted = await pruneExpiredRows(prisma, modules, retention);
  expect(deleted).not.toHaveProperty("outboxEvents");
  expect(deleted.auditLogEntries).toBeGreaterThanOrEqual(1);
  expect(await prisma.outboxEvent.count({ where: { aggregate: "off" } })).toBe(1);
  expect(await prisma.auditLogEntry.findUnique({ where: { id: oldEntry.id } })).toBeNull();
  expect(await prisma.auditLogEntry.count({ where: { at: { gt: daysAgo(1) } } })).toBe(recentEntries);
});
