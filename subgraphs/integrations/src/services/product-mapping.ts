import type { TenantAuth } from "../../../core/src/auth/context";
import { findTenantProducts, findTenantProductsBySku } from "../../../catalog/src/public";
import { recordAudit } from "../../../clients/src/public";
import { AppError, failureText } from "../../../core/src/errors";
import type { DomainEvent, ProductEventPayload } from "../../../core/src/events/types";
import { findOwnConnection } from "./connections";
import type { IntegrationDeps } from "./deps";
import { openStoreClient } from "./stores";
import type { StoreClient, StoreProduct } from "./stores/types";
import type { Connection, Db, RootDb, Tx } from "../db";

/** How long a full product match stays good before a sync matches the store's products again. */
export const mappingMaxAgeMs = 60 * 60 * 1000;

/**
 * Right after a store is connected: its products are matched by SKU, so the first sync has
 * something to push. A store that cannot list them now leaves the connection working, with
 * the reason in lastError; the next sync tries the match again.
 */
export async function mapStoreProducts(
  prisma: RootDb,
  deps: IntegrationDeps,
  connection: Connection,
): Promise<Connection> {
  try {
    await matchStoreCatalog(prisma, connection, openStoreClient(connection, deps));
    return await prisma.connection.findUniqueOrThrow({ where: { id: connection.id } });
  } catch (error) {
    const reason = failureText(error);
    deps.log.warn({ connectionId: connection.id, reason }, "Matching the store's products failed");
    return prisma.connection.update({
      where: { id: connection.id },
      data: { lastError: `The store's products could not be matched: ${reason}`.slice(0, 1000) },
    });
  }
}

/**
 * Lists the store's products and matches the whole list (`replaceProductMappings`). What
 * time the listing began is read from the database, whose clock also stamps re-match
 * requests: a request older than that is answered by this match, since the product change
 * behind it was committed before its event was sent, so before the match reads our products.
 */
export async function matchStoreCatalog(
  prisma: RootDb,
  connection: Connection,
  store: Pick<StoreClient, "listProducts">,
): Promise<number> {
  const [{ listedFrom }] = await prisma.$queryRaw<[{ listedFrom: Date }]>`
    SELECT date_trunc('milliseconds', now()) AS "listedFrom"`;
  return replaceProductMappings(prisma, connection, await store.listProducts(), listedFrom);
}

/**
 * Matches a store's whole product list to the tenant's products by SKU and makes the
 * connection's mappings exactly that: new matches are added, changed ids updated, SKUs the
 * store no longer has (or we no longer sell) dropped with what was last pushed for them.
 * Re-match requests made before `listedFrom` are cleared; later ones stay for the next
 * match. Returns the number of mapped SKUs.
 */
export async function replaceProductMappings(
  prisma: RootDb,
  connection: Connection,
  storeProducts: readonly StoreProduct[],
  listedFrom: Date,
): Promise<number> {
  return prisma.$transaction(async (tx) => {
    const matched = await matchBySku(tx, connection, storeProducts);
    const skus = matched.map((entry) => entry.store.sku);
    await tx.productMapping.deleteMany({ where: { connectionId: connection.id, sku: { notIn: skus } } });
    await tx.inventoryCache.deleteMany({ where: { connectionId: connection.id, sku: { notIn: skus } } });
    for (const entry of matched) await upsertMapping(tx, connection, entry);
    await tx.connection.update({ where: { id: connection.id }, data: { mappedAt: new Date() } });
    await tx.connection.updateMany({
      where: { id: connection.id, rematchRequestedAt: { lt: listedFrom } },
      data: { rematchRequestedAt: null },
    });
    return matched.length;
  });
}

/**
 * Products of the tenant were published, archived or changed: every connection whose
 * mappings may no longer match one of them is marked for a re-match (the rematch worker, or
 * the next sync before it pushes, does it). A connection that has each product mapped under
 * its current SKU is left alone, so editing a mapped product's name or price costs no store
 * listing. The mark is a column, not a queue entry: many changes in a row ask for one match.
 * Three statements whatever the number of products. Returns how many connections were marked.
 */
export async function requestRematch(db: Db, clientId: string, productIds: readonly string[]): Promise<number> {
  const ids = [...new Set(productIds)];
  const products = await findTenantProducts(db, clientId, ids);
  const mappings = await db.productMapping.findMany({
    where: { clientId, productId: { in: ids } },
    select: { connectionId: true, productId: true, sku: true },
  });
  const skuOf = new Map(products.map((product) => [product.id, product.sku]));
  // A product we no longer have and no connection maps concerns no one.
  const concerned = ids.filter((id) => skuOf.has(id) || mappings.some((mapping) => mapping.productId === id));
  if (concerned.length === 0) return 0;
  const upToDateFor = (productId: string) =>
    new Set(
      mappings
        .filter((mapping) => mapping.productId === productId && mapping.sku === skuOf.get(productId))
        .map((mapping) => mapping.connectionId),
    );
  // Left alone only where every concerned product is mapped under its SKU.
  const [first, ...others] = concerned.map(upToDateFor);
  const upToDate = [...first!].filter((connectionId) => others.every((set) => set.has(connectionId)));
  // Raw, so the request does not touch updatedAt; now() is the clock matchStoreCatalog compares with.
  return db.$executeRaw`
    UPDATE "Connection" SET "rematchRequestedAt" = now()
    WHERE "clientId" = ${clientId}::uuid AND "status" <> 'DISCONNECTED'
      AND NOT ("id" = ANY(${upToDate}::uuid[]))`;
}

/** The catalog events after which a product may match a store product it did not match before, or no longer. */
const productEvents: readonly string[] = ["product.published", "product.updated", "product.archived"];

/**
 * Turns product events into re-match requests on the tenants' connections, one request per
 * tenant of the batch. The dispatcher runs it in the transaction that marks the events
 * published, so no request is lost to a crash; a second run for the same events marks the
 * connections again, which is harmless.
 */
export async function requestRematches(tx: Tx, events: readonly DomainEvent[]): Promise<void> {
  const productsByClient = new Map<string, string[]>();
  for (const event of events) {
    if (!event.clientId || !productEvents.includes(event.type)) continue;
    const productIds = productsByClient.get(event.clientId) ?? [];
    productIds.push((event.payload as ProductEventPayload).productId);
    productsByClient.set(event.clientId, productIds);
  }
  for (const [clientId, productIds] of productsByClient) await requestRematch(tx, clientId, productIds);
}

/**
 * `rematchProducts`: matches the store's products to ours now, whatever was requested, so a
 * tenant who just gave a product its SKU need not wait. A store that cannot list its
 * products fails the call with the store's error; the mappings stay as they were.
 */
export async function rematchProducts(
  prisma: RootDb,
  deps: IntegrationDeps,
  auth: TenantAuth,
  connectionId: string,
): Promise<Connection> {
  const connection = await findOwnConnection(prisma, auth, connectionId);
  if (connection.status === "DISCONNECTED") {
    throw new AppError("INVALID_STATE_TRANSITION", "The connection is disconnected; connect the store again", {
      from: connection.status,
    });
  }
  let mapped: number;
  try {
    mapped = await matchStoreCatalog(prisma, connection, openStoreClient(connection, deps));
  } catch (error) {
    if (error instanceof AppError) throw error;
    // A store's refusal (a revoked token, say) is the tenant's to act on: shown, not masked.
    throw new AppError("SERVICE_UNAVAILABLE", `The store's products could not be listed: ${failureText(error)}`, {
      connectionId: connection.id,
    });
  }
  return prisma.$transaction(async (tx) => {
    const after = await tx.connection.findUniqueOrThrow({ where: { id: connection.id } });
    await recordAudit(tx, auth, {
      action: "connection.rematched",
      entityType: "Connection",
      entityId: connection.id,
      before: { mappedAt: connection.mappedAt },
      after: { mappedAt: after.mappedAt, mappedSkus: mapped },
    });
    return after;
  });
}

/**
 * A store told us some of its products changed (`products/update`, `product.updated`): their
 * SKUs are matched again. A SKU that is new or moved to another store product or inventory
 * item is (re)mapped, one the store product no longer carries is dropped; for those the
 * cache entry goes, so the next sync pushes that SKU's stock afresh. Unchanged ones stay.
 */
export async function refreshProductMappings(
  tx: Db,
  connection: Connection,
  externalProductId: string,
  storeProducts: readonly StoreProduct[],
): Promise<number> {
  const matched = await matchBySku(tx, connection, storeProducts);
  const skus = matched.map((entry) => entry.store.sku);
  const existing = await tx.productMapping.findMany({
    where: { connectionId: connection.id, OR: [{ externalProductId }, { sku: { in: skus } }] },
  });
  const dropped = existing
    .filter((mapping) => mapping.externalProductId === externalProductId && !skus.includes(mapping.sku))
    .map((mapping) => mapping.sku);
  const current = new Map(existing.map((mapping) => [mapping.sku, mapping]));
  const changed = matched
    .filter(({ store, productId }) => {
      const before = current.get(store.sku);
      return (
        !before ||
        before.productId !== productId ||
        before.externalProductId !== store.externalProductId ||
        before.externalVariantId !== store.externalVariantId ||
        before.inventoryItemId !== store.inventoryItemId
      );
    })
    .map((entry) => entry.store.sku);
  await tx.productMapping.deleteMany({ where: { connectionId: connection.id, sku: { in: dropped } } });
  await tx.inventoryCache.deleteMany({ where: { connectionId: connection.id, sku: { in: [...dropped, ...changed] } } });
  for (const entry of matched) await upsertMapping(tx, connection, entry);
  return matched.length;
}

interface MatchedProduct {
  store: StoreProduct;
  productId: string;
}

async function matchBySku(tx: Db, connection: Connection, storeProducts: readonly StoreProduct[]) {
  const ours = await findTenantProductsBySku(
    tx,
    connection.clientId,
    storeProducts.map((product) => product.sku),
  );
  const bySku = new Map(ours.map((product) => [product.sku, product.id]));
  // A SKU listed twice in the store (two variants) maps to the first; stock is pushed once.
  const seen = new Set<string>();
  const matched: MatchedProduct[] = [];
  for (const store of storeProducts) {
    const productId = bySku.get(store.sku);
    if (!productId || seen.has(store.sku)) continue;
    seen.add(store.sku);
    matched.push({ store, productId });
  }
  return matched;
}

function upsertMapping(tx: Db, connection: Connection, { store, productId }: MatchedProduct) {
  const data = {
    productId,
    externalProductId: store.externalProductId,
    externalVariantId: store.externalVariantId,
    inventoryItemId: store.inventoryItemId,
  };
  return tx.productMapping.upsert({
    where: { connectionId_sku: { connectionId: connection.id, sku: store.sku } },
    create: { clientId: connection.clientId, connectionId: connection.id, sku: store.sku, ...data },
    update: data,
  });
}
