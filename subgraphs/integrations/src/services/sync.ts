import type { TenantAuth } from "../../../core/src/auth/context";
import { AppError, failureText } from "../../../core/src/errors";
import type { IntegrationDeps } from "./deps";
import { connectionLocationId, findOwnConnection } from "./connections";
import { mappingMaxAgeMs, matchStoreCatalog } from "./product-mapping";
import { forwardPendingSales } from "./prokip-sales";
import { availableStock } from "../../../inventory/src/public";
import { openStoreClient } from "./stores";
import type { Connection, RootDb, SyncRun } from "../db";

export type SyncTrigger = "SCHEDULE" | "MANUAL";

/** How long one sync may hold its connection before another runner may take it over (a crashed runner). */
export const syncLeaseMs = 10 * 60 * 1000;

/** SKUs between lease renewals: far fewer than a lease's worth even at Shopify's 2 calls a second. */
const leaseRenewalEvery = 200;

/**
 * Syncs one connection's stock to its store: the available quantity of every mapped SKU at
 * the connection's location is compared with what the store last accepted (InventoryCache),
 * and only the differences are pushed. What the store accepts is cached; what it refuses is
 * counted as failed with the reason, and tried again next run. The run is recorded as a
 * SyncRun. A connection another runner is syncing right now is not synced twice: its
 * running SyncRun is returned instead.
 */
export async function syncConnection(
  prisma: RootDb,
  deps: IntegrationDeps,
  connection: Connection,
  trigger: SyncTrigger,
): Promise<SyncRun> {
  const run = await claimConnection(prisma, connection, trigger);
  if (!run.claimed) return run.current;
  const counts = { pushed: 0, skipped: 0, failed: 0 };
  const errors: string[] = [];
  try {
    const store = openStoreClient(connection, deps);
    // A product changed here since the last match (rematchRequestedAt) is matched before
    // the push, so the run that follows a publish already pushes its stock.
    if (
      connection.rematchRequestedAt ||
      !connection.mappedAt ||
      Date.now() - connection.mappedAt.getTime() > mappingMaxAgeMs
    ) {
      await matchStoreCatalog(prisma, connection, store);
    }
    let untilRenewal = leaseRenewalEvery;
    for (const change of await stockChanges(prisma, connection)) {
      // A big store paced by its rate limit can take longer than one lease.
      if (--untilRenewal === 0) {
        untilRenewal = leaseRenewalEvery;
        await prisma.connection.update({
          where: { id: connection.id },
          data: { syncLockedUntil: new Date(Date.now() + syncLeaseMs) },
        });
      }
      if (change.quantity === change.cached) {
        counts.skipped++;
        continue;
      }
      try {
        await store.setStock(change.mapping, change.quantity);
      } catch (error) {
        counts.failed++;
        errors.push(`${change.mapping.sku}: ${failureText(error, 2000)}`);
        continue;
      }
      counts.pushed++;
      const key = { connectionId: connection.id, sku: change.mapping.sku };
      await prisma.inventoryCache.upsert({
        where: { connectionId_sku: key },
        create: { ...key, quantity: change.quantity, pushedAt: new Date() },
        update: { quantity: change.quantity, pushedAt: new Date() },
      });
    }
    if (connection.platform === "PROKIP") await forwardPendingSales(prisma, deps, connection);
  } catch (error) {
    deps.log.warn({ err: error, connectionId: connection.id }, "Sync failed");
    errors.unshift(failureText(error, 2000));
  }
  const finished = await finishRun(prisma, connection, run.current, counts, errors);
  if (finished.error) {
    deps.log.warn(
      { connectionId: connection.id, syncRunId: finished.id, ...counts, error: finished.error },
      "Sync finished with failures",
    );
  }
  return finished;
}

interface StockChange {
  mapping: Awaited<ReturnType<RootDb["productMapping"]["findMany"]>>[number];
  quantity: number;
  cached: number | null;
}

/**
 * Every mapped SKU with the quantity a store may sell: on hand minus reserved at the
 * location the store's orders are taken from (the connection's, or the tenant's first by
 * code), never below zero.
 */
async function stockChanges(prisma: RootDb, connection: Connection): Promise<StockChange[]> {
  const locationId = await connectionLocationId(prisma, connection);
  const mappings = await prisma.productMapping.findMany({
    where: { connectionId: connection.id },
    orderBy: { sku: "asc" },
  });
  const available = locationId
    ? await availableStock(
        prisma,
        locationId,
        mappings.map((mapping) => mapping.productId),
      )
    : new Map<string, number>();
  const cache = await prisma.inventoryCache.findMany({ where: { connectionId: connection.id } });
  const cached = new Map(cache.map((entry) => [entry.sku, entry.quantity]));
  return mappings.map((mapping) => ({
    mapping,
    quantity: available.get(mapping.productId) ?? 0,
    cached: cached.get(mapping.sku) ?? null,
  }));
}

type Claim = { claimed: true; current: SyncRun } | { claimed: false; current: SyncRun };

/**
 * Takes the connection's sync lease (an atomic conditional update, so two replicas or a
 * scheduled and a manual run cannot both win) and opens the run. A lease left by a runner
 * that died expires after `syncLeaseMs`; its run is then closed as interrupted.
 */
async function claimConnection(prisma: RootDb, connection: Connection, trigger: SyncTrigger): Promise<Claim> {
  // One transaction: a runner that loses the lease waits on the winner's row lock, and by the
  // time it reads, the winner's run is committed and can be handed back.
  return prisma.$transaction(async (tx) => {
    const now = new Date();
    const { count } = await tx.connection.updateMany({
      where: { id: connection.id, OR: [{ syncLockedUntil: null }, { syncLockedUntil: { lt: now } }] },
      data: { syncLockedUntil: new Date(now.getTime() + syncLeaseMs) },
    });
    if (count === 0) {
      const running = await tx.syncRun.findFirst({
        where: { connectionId: connection.id, status: "RUNNING" },
        orderBy: { startedAt: "desc" },
      });
      if (running) return { claimed: false, current: running };
      throw new AppError("CONFLICT", "A sync of this connection is starting; try again in a moment");
    }
    await tx.syncRun.updateMany({
      where: { connectionId: connection.id, status: "RUNNING" },
      data: { status: "FAILED", finishedAt: now, error: "Interrupted: the process running it stopped" },
    });
    const current = await tx.syncRun.create({
      data: { clientId: connection.clientId, connectionId: connection.id, trigger },
    });
    return { claimed: true, current };
  });
}

async function finishRun(
  prisma: RootDb,
  connection: Connection,
  run: SyncRun,
  counts: { pushed: number; skipped: number; failed: number },
  errors: string[],
): Promise<SyncRun> {
  const error = errors.length > 0 ? errors.join("; ").slice(0, 2000) : null;
  const finishedAt = new Date();
  const [finished] = await prisma.$transaction([
    prisma.syncRun.update({
      where: { id: run.id },
      data: { ...counts, status: error ? "FAILED" : "SUCCEEDED", finishedAt, error },
    }),
    prisma.connection.update({
      where: { id: connection.id },
      data: { lastSyncAt: finishedAt, lastError: error, syncLockedUntil: null },
    }),
  ]);
  return finished;
}

/** The tenant's connections a sync mutation acts on: the one named, or every connected one. */
export async function targetConnections(
  prisma: RootDb,
  auth: TenantAuth,
  connectionId: string | null | undefined,
): Promise<Connection[]> {
  if (connectionId) return [await findOwnConnection(prisma, auth, connectionId)];
  return prisma.connection.findMany({
    where: { clientId: auth.clientId, status: { not: "DISCONNECTED" } },
    orderBy: { id: "asc" },
  });
}

/**
 * `triggerSync`: syncs now, whatever the schedule says, and returns the runs. A paused or
 * disconnected connection named explicitly is refused; without a name they are left out.
 */
export async function triggerSync(
  prisma: RootDb,
  deps: IntegrationDeps,
  auth: TenantAuth,
  connectionId: string | null | undefined,
): Promise<SyncRun[]> {
  const targets = await targetConnections(prisma, auth, connectionId);
  const syncable = targets.filter((connection) => connection.syncEnabled && connection.status !== "DISCONNECTED");
  if (connectionId && syncable.length === 0) {
    const [connection] = targets;
    throw new AppError(
      "INVALID_STATE_TRANSITION",
      `The connection is ${connection!.status === "DISCONNECTED" ? "disconnected" : "paused"}; resume it before syncing`,
      { from: connection!.status },
    );
  }
  const runs: SyncRun[] = [];
  for (const connection of syncable) runs.push(await syncConnection(prisma, deps, connection, "MANUAL"));
  return runs;
}
