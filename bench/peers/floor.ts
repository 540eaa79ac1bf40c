import http from "node:http";
import { Pool } from "pg";
import type { AuthContext } from "../../subgraphs/core/src/auth/context";
import { hasFullAccess } from "../../subgraphs/core/src/auth/permissions";
import { scenarios } from "../lib/scenarios";
import { peerEnv } from "./identities";

// Peer (f), the floor: what scenarios 1 and 2 cost with nothing but HTTP, PostgreSQL and JSON.
// A bare `node:http` server answers exactly the two query texts the harness sends (anything
// else is a 400) with one hand-written SQL statement each over one `pg` Pool, and shapes the
// rows into the same response JSON the GraphQL peers return. No GraphQL parse, validate or
// execute, no key lookup in the database (the data set's identities in a map, as (c) and (d)
// have them), no scope checks, no limits, no logging: about the least CPU per request any
// server of these answers over this data spends, which the report divides every peer's by.
// The statements join tables of different modules (catalog + inventory, orders + catalog) on
// purpose: a floor has no modules; keeping them apart is part of what the other peers pay.

/**
 * Scenario 1, as the catalog's `listProducts` (the tenant's PUBLISHED products, oldest id
 * first) with the category loader's tenant-scoped lookup and the inventory subgraph's
 * `available`: the sum of onHand − reserved over the tenant's levels of the product (no floor
 * at zero; 0 when it has none). `price` is numeric(12,2), which pg reads as text with two
 * decimals: the Decimal scalar's own spelling.
 */
const storefrontListing = {
  name: "floor-storefront-listing",
  text: `
    select product.id, product.name, product.price, product.currency, category.name as "categoryName",
      (select coalesce(sum(level."onHand" - level.reserved), 0)::int
         from "InventoryLevel" level
        where level."clientId" = $1 and level."productId" = product.id) as available
      from "Product" product
      left join "Category" category on category.id = product."categoryId" and category."clientId" = $1
     where product."clientId" = $1 and product.status = 'PUBLISHED'
     order by product.id
     limit 20`,
};

/**
 * Scenario 2, as the orders subgraph's `listOrders` (newest id first) and its items loader
 * (by id), each item's product name through the catalog's tenant-scoped lookup: one row per
 * item, an order without items as one row of nulls. A key without full access sees only the
 * orders it placed (`ordersVisibleTo`): a second statement, so each keeps one plan.
 */
function ordersPage(ownOrdersOnly: boolean) {
  return {
    name: ownOrdersOnly ? "floor-orders-page-own" : "floor-orders-page",
    text: `
      with page as (
        select id, number, status from "Order"
         where "clientId" = $1 ${ownOrdersOnly ? `and "createdByKeyId" = $2` : ""}
         order by id desc
         limit 50
      )
      select page.id, page.number, page.status, item.id as "itemId", item.quantity, product.name as "productName"
        from page
        left join "OrderItem" item on item."orderId" = page.id
        left join "Product" product on product.id = item."productId" and product."clientId" = $1
       order by page.id desc, item.id`,
  };
}

interface ListingRow {
  id: string;
  name: string;
  price: string;
  currency: string;
  categoryName: string | null;
  available: number;
}

interface OrderItemRow {
  id: string;
  number: number;
  status: string;
  itemId: string | null;
  quantity: number | null;
  productName: string | null;
}

interface Tenant {
  clientId: string;
  /** Set when the key sees only the orders it placed. */
  ownOrdersOf: string | null;
}

async function answerListing(pool: Pool, tenant: Tenant): Promise<unknown> {
  const { rows } = await pool.query<ListingRow>({ ...storefrontListing, values: [tenant.clientId] });
  return {
    data: {
      products: {
        edges: rows.map((row) => ({
          node: {
            id: row.id,
            name: row.name,
            price: { amount: row.price, currency: row.currency },
            category: row.categoryName === null ? null : { name: row.categoryName },
            available: row.available,
          },
        })),
      },
    },
  };
}

interface OrderNode {
  id: string;
  number: number;
  status: string;
  items: { quantity: number; product: { name: string } | null }[];
}

async function answerOrders(pool: Pool, tenant: Tenant): Promise<unknown> {
  const own = tenant.ownOrdersOf;
  const statement = ordersPage(own !== null);
  const { rows } = await pool.query<OrderItemRow>({
    ...statement,
    values: own === null ? [tenant.clientId] : [tenant.clientId, own],
  });
  const edges: { node: OrderNode }[] = [];
  let order: OrderNode | undefined;
  for (const row of rows) {
    if (order?.id !== row.id) {
      order = { id: row.id, number: row.number, status: row.status, items: [] };
      edges.push({ node: order });
    }
    if (row.itemId === null) continue;
    // Product names are never null: no name means the product is not the tenant's.
    order.items.push({ quantity: row.quantity!, product: row.productName === null ? null : { name: row.productName } });
  }
  return { data: { orders: { edges } } };
}

const answers = new Map<string, (pool: Pool, tenant: Tenant) => Promise<unknown>>([
  [scenarios["1"].query, answerListing],
  [scenarios["2"].query, answerOrders],
]);

/** What the floor needs of a key's identity; null for one without a tenant, refused like an unknown key. */
function tenantOf(auth: AuthContext): Tenant | null {
  if (auth.clientId === null) return null;
  return { clientId: auth.clientId, ownOrdersOf: hasFullAccess(auth) ? null : auth.keyId };
}

async function main(): Promise<void> {
  const { port, identities } = peerEnv();
  const databaseUrl = process.env.DATABASE_URL;
  if (!databaseUrl) throw new Error("DATABASE_URL is not set");
  // As many connections as our gateway's pool (openPostgres' default).
  const pool = new Pool({ connectionString: databaseUrl, max: 10 });
  // A connection PostgreSQL drops while idle must not end the process: the pool replaces it.
  pool.on("error", () => undefined);
  const tenants = new Map<string, Tenant | null>(
    identities.map((identity) => [`${identity.platformKey}\n${identity.clientKey}`, tenantOf(identity.auth)]),
  );

  const server = http.createServer((req, res) => {
    const reply = (status: number, body: unknown) => {
      res.writeHead(status, { "content-type": "application/json" });
      res.end(JSON.stringify(body));
    };
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const tenant = tenants.get(
        `${String(req.headers["x-api-key"] ?? "")}\n${String(req.headers["client-x-api-key"] ?? "")}`,
      );
      if (!tenant) return reply(401, { errors: [{ message: "Unknown or missing API keys" }] });
      let query: unknown;
      try {
        query = (JSON.parse(Buffer.concat(chunks).toString("utf8")) as { query?: unknown }).query;
      } catch {
        return reply(400, { errors: [{ message: "The body is not JSON" }] });
      }
      const answer = typeof query === "string" ? answers.get(query) : undefined;
      if (!answer) return reply(400, { errors: [{ message: "The floor answers the bench's two queries only" }] });
      answer(pool, tenant).then(
        (body) => reply(200, body),
        (error: unknown) => {
          console.error(error);
          reply(500, { errors: [{ message: "Internal server error" }] });
        },
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  process.stdout.write(`ready http://127.0.0.1:${port}/graphql\n`);
  const stop = () => server.close(() => void pool.end().then(() => process.exit(0)));
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
