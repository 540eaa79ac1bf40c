import type { TenantAuth } from "../../../core/src/auth/context";
import { AppError } from "../../../core/src/errors";
import { findTenantProductsBySku } from "../../../catalog/src/public";
import { findActiveClientAppId } from "../../../clients/src/public";
import {
  findOrderStatus,
  orderTransitions,
  placeOrder,
  transitionOrder,
  type OrderSource,
} from "../../../orders/src/public";
import { refreshProductMappings } from "./product-mapping";
import { shopifyProductFromWebhook } from "./stores/shopify-store";
import { wooCommerceProductFromWebhook } from "./stores/woocommerce-store";
import { connectionLocationId } from "./connections";
import { storeDeliveryAction } from "./webhook-receipts";
import { Currency, Prisma, type Connection, type Db, type Tx, type WebhookReceipt } from "../db";

/** What processing a receipt did, written back onto it. */
export interface ReceiptOutcome {
  orderId: string | null;
  unmappedSkus: string[];
  /** Set when nothing was done on purpose (the order was already seen, or never was). */
  note: string | null;
}

/** A store order reduced to what we read from it; both platforms send the same core. */
interface StoreOrder {
  externalId: string;
  name: string | null;
  email: string | null;
  lines: StoreOrderLine[];
  /** What the store charged, when it said: the imported order keeps it instead of our catalog's prices. */
  pricing: { currency: Currency; total: Prisma.Decimal } | null;
}

interface StoreOrderLine {
  storeLineId: string | null;
  sku: string | null;
  title: string | null;
  quantity: number;
  /** The store's price of one unit, in the order's currency; null when it sent none. */
  unitPrice: Prisma.Decimal | null;
}

/**
 * Turns a stored delivery into its effect, inside the caller's transaction (the one that
 * holds the receipt's row lock and then marks it processed): a new store order becomes one
 * order and one SalesLog row, a cancellation cancels the order it became.
 */
export async function applyStoreDelivery(tx: Tx, receipt: WebhookReceipt): Promise<ReceiptOutcome> {
  const connection = await tx.connection.findUniqueOrThrow({ where: { id: receipt.connectionId } });
  const action = storeDeliveryAction(connection.platform, receipt.topic, receipt.payload);
  if (action === "product.updated") return remapStoreProduct(tx, connection, receipt.payload);
  const order = readStoreOrder(receipt.payload);
  if (action === "order.created") return importStoreOrder(tx, connection, order);
  if (action === "order.cancelled") return cancelStoreOrder(tx, connection, order);
  return { orderId: null, unmappedSkus: [], note: `Nothing to do for topic ${receipt.topic}` };
}

/** `products/update`, `product.updated`: the store product's SKUs are matched to ours again. */
async function remapStoreProduct(tx: Db, connection: Connection, payload: unknown): Promise<ReceiptOutcome> {
  const changed =
    connection.platform === "SHOPIFY" ? shopifyProductFromWebhook(payload) : wooCommerceProductFromWebhook(payload);
  const mapped = await refreshProductMappings(tx, connection, changed.externalProductId, changed.products);
  return { orderId: null, unmappedSkus: [], note: mapped === 0 ? "No SKU of the store product is ours" : null };
}

/**
 * Shopify (`{id, name, email, currency, total_price, line_items: [{id, sku, title, quantity,
 * price}]}`) and WooCommerce (`{id, number, billing: {email}, currency, total, line_items:
 * [{id, sku, name, quantity, price}]}`) agree on the parts we need. The order keeps the
 * store's prices, currency and total when it sends them (orders pulled or posted without
 * prices are priced from our catalog); ids arrive exact (store-json.ts).
 */
function readStoreOrder(payload: unknown): StoreOrder {
  const body = (payload ?? {}) as {
    id?: unknown;
    name?: unknown;
    number?: unknown;
    email?: unknown;
    billing?: { email?: unknown } | null;
    currency?: unknown;
    total_price?: unknown;
    total?: unknown;
    line_items?: unknown;
  };
  if (typeof body.id !== "number" && typeof body.id !== "string") {
    throw new AppError("BAD_USER_INPUT", "The store order has no id");
  }
  const items = Array.isArray(body.line_items) ? (body.line_items as Record<string, unknown>[]) : [];
  const lines = items.map((item, index): StoreOrderLine => ({
    storeLineId: item.id === undefined || item.id === null ? null : String(item.id as string | number),
    sku: text(item.sku),
    title: text(item.title) ?? text(item.name),
    quantity: lineQuantity(item.quantity, index),
    unitPrice: item.price === undefined || item.price === null ? null : storeAmount(item.price, `line ${index + 1}`),
  }));
  return {
    externalId: String(body.id),
    name: text(body.name) ?? (body.number === undefined ? null : String(body.number as string | number)),
    email: text(body.email) ?? text(body.billing?.email),
    lines,
    pricing: storePricing(body.currency, body.total_price ?? body.total, lines),
  };
}

const text = (value: unknown) => (typeof value === "string" && value !== "" ? value : null);

/** The store's currency and total, when it sent a currency and a price on every line. */
function storePricing(currency: unknown, total: unknown, lines: StoreOrderLine[]): StoreOrder["pricing"] {
  if (typeof currency !== "string" || lines.some((line) => line.unitPrice === null)) return null;
  if (!(currency in Currency)) {
    throw new AppError(
      "BAD_USER_INPUT",
      `The store order is in ${currency}, which is not one of our currencies (${Object.keys(Currency).join(", ")})`,
    );
  }
  const sum = lines.reduce((amount, line) => amount.add(line.unitPrice!.mul(line.quantity)), new Prisma.Decimal(0));
  return {
    currency: currency as Currency,
    total: total === undefined || total === null ? sum : storeAmount(total, "the order total"),
  };
}

// Amounts are numeric(12, 2) in our tables.
const amountPattern = /^-?\d{1,10}(\.\d+)?$/;

/** A price as the store wrote it (Shopify: "9.99", WooCommerce: 9.99), exact; BAD_USER_INPUT when it is none. */
function storeAmount(value: unknown, what: string): Prisma.Decimal {
  const written = typeof value === "number" || typeof value === "string" ? String(value) : "";
  if (!amountPattern.test(written)) {
    throw new AppError("BAD_USER_INPUT", `The price of ${what} of the store order is ${JSON.stringify(value)}`);
  }
  return new Prisma.Decimal(written);
}

// Quantities are int4 in our tables; a larger one cannot be stored however often we try.
const maxLineQuantity = 2_147_483_647;

/**
 * A line's quantity as a whole number we can store. Anything else (2147483648, 1e20, an id-
 * sized integer kept as text by the parser, a fraction) makes the order malformed: a
 * permanent failure with the reason, where it used to overflow in SQL and be retried forever.
 */
function lineQuantity(value: unknown, index: number): number {
  if (typeof value === "number" && Number.isInteger(value) && value >= 0 && value <= maxLineQuantity) return value;
  throw new AppError(
    "BAD_USER_INPUT",
    `Line ${index + 1} of the store order has quantity ${String(value)}: not a whole number from 0 to ${maxLineQuantity}`,
  );
}

const orderSources: Partial<Record<Connection["platform"], OrderSource>> = {
  SHOPIFY: "SHOPIFY",
  WOOCOMMERCE: "WOOCOMMERCE",
};

/** The tenant as the integration acts for it: no key, all of the tenant's rights (the store is its own). */
async function integrationAuth(tx: Db, clientId: string): Promise<TenantAuth> {
  const clientAppId = await findActiveClientAppId(tx, clientId);
  if (!clientAppId) throw new AppError("NOT_FOUND", "The connection's client is gone or deactivated");
  return { clientAppId, clientId, keyId: null, userId: null, scopes: ["admin"], isAdmin: false };
}

async function importStoreOrder(tx: Tx, connection: Connection, order: StoreOrder): Promise<ReceiptOutcome> {
  const seen = await tx.salesLog.findUnique({
    where: { connectionId_externalOrderId: { connectionId: connection.id, externalOrderId: order.externalId } },
  });
  if (seen) return { orderId: seen.orderId, unmappedSkus: [], note: "This store order was imported already" };

  const skus = order.lines.flatMap((line) => (line.sku ? [line.sku] : []));
  const products = await findTenantProductsBySku(tx, connection.clientId, skus);
  const bySku = new Map(products.map((product) => [product.sku, product]));
  const lines = order.lines.filter((line) => line.quantity > 0);
  const mapped: { line: StoreOrderLine; productId: string }[] = [];
  const unmapped: StoreOrderLine[] = [];
  const quantities = new Map<string, number>();
  for (const line of lines) {
    const product = line.sku ? bySku.get(line.sku) : undefined;
    if (!product) {
      unmapped.push(line);
      continue;
    }
    // Lines of one product are reserved together: their sum must fit as well.
    const quantity = (quantities.get(product.id) ?? 0) + line.quantity;
    if (quantity > maxLineQuantity) {
      throw new AppError(
        "BAD_USER_INPUT",
        `The store order asks for ${quantity} of ${product.sku}: more than we can store`,
      );
    }
    quantities.set(product.id, quantity);
    mapped.push({ line, productId: product.id });
  }
  const unmappedSkus = [...new Set(unmapped.map((line) => line.sku ?? "(no sku)"))];
  if (mapped.length === 0) {
    return { orderId: null, unmappedSkus, note: "No line of the store order matches a product SKU" };
  }

  const auth = await integrationAuth(tx, connection.clientId);
  const locationId = await connectionLocationId(tx, connection);
  if (!locationId) throw new Error("The tenant has no location to take the store order's stock from");
  const placed = await placeOrder(tx, auth, {
    items: mapped.map(({ line, productId }) => ({
      productId,
      locationId,
      quantity: line.quantity,
      storeLineId: line.storeLineId,
      ...(order.pricing && { unitPrice: line.unitPrice! }),
    })),
    storePricing: order.pricing,
    // Kept on the order, not dropped: the order is what the customer bought, mapped or not.
    unmappedLines: unmapped.map((line) => ({
      storeLineId: line.storeLineId,
      sku: line.sku,
      title: line.title,
      quantity: line.quantity,
      unitPrice: order.pricing ? line.unitPrice : null,
    })),
    source: orderSources[connection.platform] ?? "API",
    externalId: order.externalId,
    customerEmail: order.email,
    note: order.name ? `Store order ${order.name}` : null,
  });
  // Unique per connection and store order: a concurrent import of the same order fails
  // here, rolls back its order with it, and finds this row when it is retried.
  await tx.salesLog.create({
    data: {
      clientId: connection.clientId,
      connectionId: connection.id,
      externalOrderId: order.externalId,
      orderId: placed.id,
    },
  });
  return { orderId: placed.id, unmappedSkus, note: null };
}

async function cancelStoreOrder(tx: Tx, connection: Connection, order: StoreOrder): Promise<ReceiptOutcome> {
  const imported = await tx.salesLog.findUnique({
    where: { connectionId_externalOrderId: { connectionId: connection.id, externalOrderId: order.externalId } },
  });
  if (!imported) return { orderId: null, unmappedSkus: [], note: "This store order was never imported" };
  const current = await findOrderStatus(tx, imported.orderId);
  if (!orderTransitions[current.status].includes("CANCELLED")) {
    return { orderId: current.id, unmappedSkus: [], note: `The order is ${current.status} and cannot be cancelled` };
  }
  const auth = await integrationAuth(tx, connection.clientId);
  await transitionOrder(tx, auth, current.id, "CANCELLED", { note: "Cancelled in the store" });
  return { orderId: current.id, unmappedSkus: [], note: null };
}

/**
 * Errors that come back the same however often we retry: the store sold what we do not
 * have, a product is not published, the order is malformed. The receipt is FAILED at once
 * with the reason, for a person to look at, instead of burning its retries.
 */
export function isPermanentFailure(error: unknown): boolean {
  return (
    (error instanceof AppError &&
      ["INSUFFICIENT_STOCK", "BAD_USER_INPUT", "NOT_FOUND", "INVALID_STATE_TRANSITION"].includes(error.code)) ||
    isDataException(error)
  );
}

/**
 * PostgreSQL's class 22 (data exception: a number out of range, a character it cannot store):
 * the values themselves are wrong, so the same statement fails the same way on every retry.
 * The code sits on the error (pg), or under the driver adapter's cause (Prisma).
 */
function isDataException(error: unknown, depth = 0): boolean {
  if (!error || typeof error !== "object" || depth > 4) return false;
  const candidate = error as {
    code?: unknown;
    originalCode?: unknown;
    cause?: unknown;
    meta?: { driverAdapterError?: unknown };
  };
  for (const code of [candidate.code, candidate.originalCode]) {
    if (typeof code === "string" && /^22[0-9A-Z]{3}$/.test(code)) return true;
  }
  return isDataException(candidate.meta?.driverAdapterError, depth + 1) || isDataException(candidate.cause, depth + 1);
}
