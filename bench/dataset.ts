import { Client } from "pg";
import { v7 as uuidv7 } from "uuid";
import type { AuthContext } from "../subgraphs/core/src/auth/context";
import { generateApiKey } from "../subgraphs/core/src/auth/api-key-format";
import { defaultKeyScopes } from "../subgraphs/core/src/auth/scopes";
import { openDatabase } from "../subgraphs/core/src/db/database";
import { applyMigrations } from "../subgraphs/core/src/db/migrate";
import { benchDatabase } from "./lib/database";

// The comparison data set, written straight into a fresh PostgreSQL database with bulk
// statements (one `insert … select from unnest(…)` per table and chunk), not through the
// API: 50,000 orders through createOrder would take minutes. The schema comes from the
// real migrations, and the keys are stored the way `issuePlatformKey`/`issueClientKey`
// store them (SHA-256 of the key), so requests authenticate like a customer's.
// Usage: DATABASE_URL=postgresql://… npm run bench:dataset  (creates, counts, drops)

export const datasetShape = {
  tenants: 2,
  productsPerTenant: 5_000,
  categoriesPerTenant: 100,
  locationsPerTenant: 5,
  ordersPerTenant: 25_000,
  maxItemsPerOrder: 5,
} as const;

export interface BenchTenant {
  name: string;
  platformKey: string;
  clientKey: string;
  /** A second client key of the tenant, scoped `storefront`: its answers are the response cache's. */
  storefrontKey: string;
  /** What the gateway resolves those two keys to (peers (c)/(d) sign it without a lookup). */
  auth: AuthContext;
}

export interface BenchDataset {
  url: string;
  tenants: BenchTenant[];
  counts: Record<string, number>;
  seconds: number;
  drop(): Promise<void>;
}

interface Column {
  name: string;
  /** Element type of the array the values travel in. */
  type: string;
  /** Cast applied per row, for enums and array columns (which travel as text). */
  cast?: string;
}
type Row = unknown[];

const enumTypes: Record<string, string> = {
  product_status: '"ProductStatus"',
  order_status: '"OrderStatus"',
  order_source: '"OrderSource"',
  currency: '"Currency"',
  api_key_kind: '"ApiKeyKind"',
};

function col(name: string, type: string): Column {
  const enumType = enumTypes[type];
  if (enumType) return { name, type: "text", cast: enumType };
  if (type.endsWith("[]")) return { name, type: "text", cast: type };
  return { name, type };
}

/** Appends rows to one table in chunks; each chunk is one statement whatever its size. */
async function bulkInsert(pg: Client, table: string, columns: Column[], rows: Row[]): Promise<void> {
  const chunk = 20_000;
  const list = columns.map((column) => `"${column.name}"`).join(", ");
  const arrays = columns.map((column, index) => `$${index + 1}::${column.type}[]`).join(", ");
  const values = columns
    .map((column) => (column.cast ? `"${column.name}"::${column.cast}` : `"${column.name}"`))
    .join(", ");
  const sql = `insert into "${table}" (${list}) select ${values} from unnest(${arrays}) as t(${list})`;
  for (let start = 0; start < rows.length; start += chunk) {
    const slice = rows.slice(start, start + chunk);
    await pg.query(
      sql,
      columns.map((_, index) => slice.map((row) => row[index])),
    );
  }
}

/** A deterministic generator, so every run measures the same data. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

export async function createDataset(serverUrl: string): Promise<BenchDataset> {
  const startedAt = performance.now();
  const database = await benchDatabase(serverUrl);
  if (!database) throw new Error("Set DATABASE_URL to a PostgreSQL server: the data set lives in real PostgreSQL");
  try {
    const db = await openDatabase({ kind: "postgres", url: database.url, poolSize: 1 });
    try {
      await applyMigrations(db);
    } finally {
      await db.close();
    }
    const pg = new Client({ connectionString: database.url });
    await pg.connect();
    try {
      const { tenants, counts } = await fill(pg);
      await pg.query("analyze");
      return {
        url: database.url,
        tenants,
        counts,
        seconds: (performance.now() - startedAt) / 1000,
        drop: database.drop,
      };
    } finally {
      await pg.end();
    }
  } catch (error) {
    await database.drop();
    throw error;
  }
}

async function fill(pg: Client): Promise<{ tenants: BenchTenant[]; counts: Record<string, number> }> {
  const next = random(7);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!;
  const now = Date.now();
  // Ids are UUIDv7 like the app's own (Prisma's uuid(7)), in creation order.
  const idAt = (msAgo: number) => uuidv7({ msecs: now - msAgo });
  const at = (msAgo: number) => new Date(now - msAgo).toISOString();
  const day = 86_400_000;
  const shape = datasetShape;

  const tenants: BenchTenant[] = [];
  const apps: Row[] = [];
  const clients: Row[] = [];
  const keys: Row[] = [];
  const categories: Row[] = [];
  const products: Row[] = [];
  const locations: Row[] = [];
  const levels: Row[] = [];
  const orders: Row[] = [];
  const items: Row[] = [];
  const counters: Row[] = [];

  for (let t = 1; t <= shape.tenants; t++) {
    const appId = idAt(400 * day);
    const clientId = idAt(400 * day);
    apps.push([appId, `Bench platform ${t}`, at(400 * day), at(400 * day)]);
    clients.push([clientId, appId, `Bench store ${t}`, `bench-${t}`, "USD", at(400 * day), at(400 * day)]);
    const platform = generateApiKey("PLATFORM");
    const client = generateApiKey("CLIENT");
    const platformKeyId = idAt(400 * day);
    const clientKeyId = idAt(400 * day);
    const storefront = generateApiKey("CLIENT");
    keys.push([platformKeyId, "PLATFORM", appId, null, platform.hash, platform.prefix, `{${defaultKeyScopes}}`]);
    keys.push([clientKeyId, "CLIENT", appId, clientId, client.hash, client.prefix, `{${defaultKeyScopes}}`]);
    keys.push([idAt(400 * day), "CLIENT", appId, clientId, storefront.hash, storefront.prefix, "{storefront}"]);
    tenants.push({
      name: `Bench store ${t}`,
      platformKey: platform.key,
      clientKey: client.key,
      storefrontKey: storefront.key,
      auth: {
        clientAppId: appId,
        clientId,
        keyId: clientKeyId,
        userId: null,
        scopes: [...defaultKeyScopes],
        isAdmin: false,
      },
    });

    const categoryIds = Array.from({ length: shape.categoriesPerTenant }, (_, c) => {
      const id = idAt(390 * day);
      categories.push([id, clientId, `Category ${c + 1}`, `category-${c + 1}`, at(390 * day), at(390 * day)]);
      return id;
    });
    const locationIds = Array.from({ length: shape.locationsPerTenant }, (_, l) => {
      const id = idAt(390 * day);
      locations.push([id, clientId, `Warehouse ${l + 1}`, `WH${l + 1}`, at(390 * day), at(390 * day)]);
      return id;
    });
    const published: { id: string; sku: string; price: number }[] = [];
    for (let p = 1; p <= shape.productsPerTenant; p++) {
      const msAgo = 380 * day - p * 60_000;
      const id = idAt(msAgo);
      const sku = `SKU-${t}-${String(p).padStart(5, "0")}`;
      const price = Math.round((2 + next() * 198) * 100) / 100;
      // 80 % published, 15 % drafts, 5 % archived: the storefront filter has work to do.
      const roll = next();
      const status = roll < 0.8 ? "PUBLISHED" : roll < 0.95 ? "DRAFT" : "ARCHIVED";
      products.push([
        id,
        clientId,
        sku,
        `Product ${t}-${p}`,
        `Description of product ${p}`,
        price.toFixed(2),
        "USD",
        status,
        pick(categoryIds),
        status === "PUBLISHED" ? at(msAgo) : null,
        at(msAgo),
        at(msAgo),
      ]);
      if (status === "PUBLISHED") published.push({ id, sku, price });
      for (const locationId of locationIds) {
        const onHand = Math.floor(next() * 200);
        levels.push([
          idAt(msAgo),
          clientId,
          id,
          locationId,
          onHand,
          Math.floor(next() * Math.min(onHand, 5)),
          at(msAgo),
        ]);
      }
    }
    for (let o = 1; o <= shape.ordersPerTenant; o++) {
      // Spread over the last year, oldest first, so numbers and ids grow together.
      const msAgo = 365 * day - o * Math.floor((365 * day) / shape.ordersPerTenant);
      const orderId = idAt(msAgo);
      const roll = next();
      const status = roll < 0.7 ? "COMPLETED" : roll < 0.85 ? "PROCESSING" : roll < 0.95 ? "PENDING" : "CANCELLED";
      let total = 0;
      const itemCount = 1 + Math.floor(next() * shape.maxItemsPerOrder);
      for (let i = 0; i < itemCount; i++) {
        const product = pick(published);
        const quantity = 1 + Math.floor(next() * 3);
        const lineTotal = Math.round(product.price * quantity * 100) / 100;
        total += lineTotal;
        items.push([
          idAt(msAgo),
          orderId,
          product.id,
          pick(locationIds),
          product.sku,
          quantity,
          product.price.toFixed(2),
          "USD",
          lineTotal.toFixed(2),
        ]);
      }
      orders.push([orderId, clientId, o, status, "API", "USD", total.toFixed(2), at(msAgo), at(msAgo)]);
    }
    counters.push([clientId, shape.ordersPerTenant]);
  }

  await pg.query("begin");
  await bulkInsert(
    pg,
    "ClientApp",
    [col("id", "uuid"), col("name", "text"), col("createdAt", "timestamptz"), col("updatedAt", "timestamptz")],
    apps,
  );
  await bulkInsert(
    pg,
    "Client",
    [
      col("id", "uuid"),
      col("clientAppId", "uuid"),
      col("name", "text"),
      col("code", "text"),
      col("defaultCurrency", "currency"),
      col("createdAt", "timestamptz"),
      col("updatedAt", "timestamptz"),
    ],
    clients,
  );
  await bulkInsert(
    pg,
    "ApiKey",
    [
      col("id", "uuid"),
      col("kind", "api_key_kind"),
      col("clientAppId", "uuid"),
      col("clientId", "uuid"),
      col("hash", "text"),
      col("prefix", "text"),
      col("scopes", "text[]"),
    ],
    keys,
  );
  await bulkInsert(
    pg,
    "Category",
    [
      col("id", "uuid"),
      col("clientId", "uuid"),
      col("name", "text"),
      col("slug", "text"),
      col("createdAt", "timestamptz"),
      col("updatedAt", "timestamptz"),
    ],
    categories,
  );
  await bulkInsert(
    pg,
    "Location",
    [
      col("id", "uuid"),
      col("clientId", "uuid"),
      col("name", "text"),
      col("code", "text"),
      col("createdAt", "timestamptz"),
      col("updatedAt", "timestamptz"),
    ],
    locations,
  );
  await bulkInsert(
    pg,
    "Product",
    [
      col("id", "uuid"),
      col("clientId", "uuid"),
      col("sku", "text"),
      col("name", "text"),
      col("description", "text"),
      col("price", "numeric"),
      col("currency", "currency"),
      col("status", "product_status"),
      col("categoryId", "uuid"),
      col("publishedAt", "timestamptz"),
      col("createdAt", "timestamptz"),
      col("updatedAt", "timestamptz"),
    ],
    products,
  );
  await bulkInsert(
    pg,
    "InventoryLevel",
    [
      col("id", "uuid"),
      col("clientId", "uuid"),
      col("productId", "uuid"),
      col("locationId", "uuid"),
      col("onHand", "int4"),
      col("reserved", "int4"),
      col("updatedAt", "timestamptz"),
    ],
    levels,
  );
  await bulkInsert(
    pg,
    "Order",
    [
      col("id", "uuid"),
      col("clientId", "uuid"),
      col("number", "int4"),
      col("status", "order_status"),
      col("source", "order_source"),
      col("currency", "currency"),
      col("total", "numeric"),
      col("createdAt", "timestamptz"),
      col("updatedAt", "timestamptz"),
    ],
    orders,
  );
  await bulkInsert(
    pg,
    "OrderItem",
    [
      col("id", "uuid"),
      col("orderId", "uuid"),
      col("productId", "uuid"),
      col("locationId", "uuid"),
      col("sku", "text"),
      col("quantity", "int4"),
      col("unitPrice", "numeric"),
      col("currency", "currency"),
      col("lineTotal", "numeric"),
    ],
    items,
  );
  await bulkInsert(pg, "OrderCounter", [col("clientId", "uuid"), col("lastNumber", "int4")], counters);
  await pg.query("commit");

  const counts = {
    tenants: tenants.length,
    categories: categories.length,
    products: products.length,
    locations: locations.length,
    inventoryLevels: levels.length,
    orders: orders.length,
    orderItems: items.length,
  };
  return { tenants, counts };
}

if (require.main === module) {
  const serverUrl = process.env.DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";
  createDataset(serverUrl)
    .then(async (dataset) => {
      console.log(`data set written in ${dataset.seconds.toFixed(1)} s:`, dataset.counts);
      await dataset.drop();
    })
    .catch((error: unknown) => {
      console.error(error);
      process.exitCode = 1;
    });
}
