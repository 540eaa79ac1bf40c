import { v7 as uuidv7 } from "uuid";
import {
  countProducts,
  selectCategoriesByIds,
  selectProductPage,
  selectProductRefs,
  selectProductsByIds,
} from "../../subgraphs/catalog/src/services/product-rows";
import type { PrismaClient } from "../../subgraphs/core/src/db/generated/client";
import { Prisma } from "../../subgraphs/core/src/db/types";
import { Decimal } from "../../subgraphs/core/src/graphql/scalars";
import { selectLevelsOfProducts } from "../../subgraphs/inventory/src/services/level-rows";
import { countOrders, selectItemsOfOrders, selectOrderPage } from "../../subgraphs/orders/src/services/order-rows";
import { createTestDatabase, type TestDatabase } from "../helpers/database";

// The hottest reads skip Prisma (issue 19): their rows must be the very rows Prisma returned,
// the same properties with the same types (Decimal, Date, null), whether they go through the
// driver (the root client) or through $queryRaw (a transaction), or a resolver or the tenant
// cache would see the difference.

let database: TestDatabase;
let prisma: PrismaClient;
const clientId = uuidv7();
const otherClientId = uuidv7();
const productIds: string[] = [];
const orderIds: string[] = [];
let categoryId: string;

beforeAll(async () => {
  database = await createTestDatabase();
  prisma = database.db.prisma;
  categoryId = (await prisma.category.create({ data: { clientId, name: "Kitchen", slug: "kitchen" } })).id;
  const products = [
    {
      sku: "A",
      name: "Kettle",
      price: new Decimal("12.50"),
      categoryId,
      status: "PUBLISHED" as const,
      publishedAt: new Date(),
    },
    { sku: "B", name: "Pan", description: "Cast iron", price: new Decimal("9999999999.99") },
    { sku: "C", name: "Spoon", price: new Decimal("0.10"), status: "ARCHIVED" as const },
  ];
  for (const product of products) {
    productIds.push((await prisma.product.create({ data: { clientId, currency: "EUR", ...product } })).id);
  }
  await prisma.product.create({
    data: { clientId: otherClientId, sku: "A", name: "Theirs", price: 1, currency: "USD" },
  });
  const locationId = uuidv7();
  for (const productId of productIds) {
    await prisma.inventoryLevel.create({ data: { clientId, productId, locationId, onHand: 7, reserved: 2 } });
  }
  for (const number of [1, 2]) {
    const order = await prisma.order.create({
      data: {
        clientId,
        number,
        currency: "EUR",
        total: new Decimal("25.00"),
        note: number === 1 ? "ring twice" : null,
        items: {
          create: productIds.slice(0, 2).map((productId) => ({
            productId,
            locationId,
            sku: "A",
            quantity: 2,
            unitPrice: new Decimal("12.50"),
            currency: "EUR" as const,
            lineTotal: new Decimal("25.00"),
          })),
        },
      },
    });
    orderIds.push(order.id);
  }
});
afterAll(() => database.drop());

const byId = <T extends { id: string }>(rows: T[]) => [...rows].sort((a, b) => a.id.localeCompare(b.id));

/** Each read through the driver (root client), then through $queryRaw (inside a transaction). */
async function bothRoutes<T>(read: (db: PrismaClient | Prisma.TransactionClient) => Promise<T>): Promise<T[]> {
  return [await read(prisma), await prisma.$transaction((tx) => read(tx))];
}

test("products by id are Prisma's rows, Decimal prices and Dates included, and only the tenant's", async () => {
  const expected = byId(await prisma.product.findMany({ where: { id: { in: productIds }, clientId } }));
  for (const rows of await bothRoutes((db) => selectProductsByIds(db, clientId, [...productIds, uuidv7()]))) {
    expect(byId(rows)).toEqual(expected);
    expect(rows.every((row) => row.price instanceof Decimal && row.createdAt instanceof Date)).toBe(true);
    expect(byId(rows).map((row) => row.price.toFixed(2))).toEqual(["12.50", "9999999999.99", "0.10"]);
  }
  expect(await selectProductsByIds(prisma, otherClientId, productIds)).toEqual([]);
});

test("product references (what createOrder checks) are Prisma's, and only the tenant's", async () => {
  const expected = byId(
    await prisma.product.findMany({
      where: { id: { in: productIds }, clientId },
      select: { id: true, sku: true, name: true, status: true, price: true, currency: true },
    }),
  );
  for (const rows of await bothRoutes((db) => selectProductRefs(db, clientId, [...productIds, uuidv7()]))) {
    expect(byId(rows)).toEqual(expected);
    expect(rows.every((row) => row.price instanceof Decimal)).toBe(true);
  }
  expect(await selectProductRefs(prisma, otherClientId, productIds)).toEqual([]);
});

test("a listing page and its count are Prisma's, in both directions", async () => {
  const where = [Prisma.sql`"clientId" = ${clientId}::uuid`, Prisma.sql`status <> ${"DRAFT"}::"ProductStatus"`];
  const forward = await prisma.product.findMany({
    where: { clientId, status: { not: "DRAFT" } },
    orderBy: { id: "asc" },
    take: 2,
  });
  const backward = await prisma.product.findMany({
    where: { clientId, status: { not: "DRAFT" }, id: { lt: productIds[2]! } },
    orderBy: { id: "desc" },
    take: 5,
  });
  for (const rows of await bothRoutes((db) =>
    selectProductPage(db, where, { where: {}, orderBy: { id: "asc" }, take: 2 }),
  )) {
    expect(rows).toEqual(forward);
  }
  const before = { where: { id: { lt: productIds[2]! } }, orderBy: { id: "desc" as const }, take: 5 };
  for (const rows of await bothRoutes((db) => selectProductPage(db, where, before))) expect(rows).toEqual(backward);
  expect(await bothRoutes((db) => countProducts(db, where))).toEqual([2, 2]);
});

test("categories and stock levels by id are Prisma's rows", async () => {
  const categories = await prisma.category.findMany({ where: { id: { in: [categoryId] }, clientId } });
  for (const rows of await bothRoutes((db) => selectCategoriesByIds(db, clientId, [categoryId]))) {
    expect(rows).toEqual(categories);
  }
  const levels = await prisma.inventoryLevel.findMany({
    where: { clientId, productId: { in: productIds } },
    orderBy: { id: "asc" },
  });
  for (const rows of await bothRoutes((db) => selectLevelsOfProducts(db, clientId, productIds))) {
    expect(rows).toEqual(levels);
  }
  expect(await selectLevelsOfProducts(prisma, otherClientId, productIds)).toEqual([]);
});

test("an orders page, its count and its items are Prisma's rows", async () => {
  const where = [Prisma.sql`"clientId" = ${clientId}::uuid`];
  const orders = await prisma.order.findMany({ where: { clientId }, orderBy: { id: "desc" }, take: 3 });
  for (const rows of await bothRoutes((db) =>
    selectOrderPage(db, where, { where: {}, orderBy: { id: "desc" }, take: 3 }),
  )) {
    expect(rows).toEqual(orders);
  }
  expect(await bothRoutes((db) => countOrders(db, where))).toEqual([2, 2]);
  const items = await prisma.orderItem.findMany({ where: { orderId: { in: orderIds } }, orderBy: { id: "asc" } });
  for (const rows of await bothRoutes((db) => selectItemsOfOrders(db, orderIds))) {
    expect(rows).toEqual(items);
    expect(rows.map((item) => item.lineTotal.toFixed(2))).toEqual(["25.00", "25.00", "25.00", "25.00"]);
  }
});
