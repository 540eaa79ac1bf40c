import { header, notFound, startFakeServer, type FakeReply, type FakeServer, type RecordedRequest } from "./http";

/**
 * Plays a WooCommerce store's REST API v3 (woocommerce.github.io/woocommerce-rest-api-docs)
 * for the calls a connection makes, with HTTP Basic auth by consumer key and secret:
 *
 * - `GET /wp-json/wc/v3/system_status`: the system status report (abridged), 401
 *   `woocommerce_rest_cannot_view` for a wrong key pair.
 * - `POST /wp-json/wc/v3/webhooks` `{name, topic, delivery_url, secret, status}`: 201 with the webhook;
 *   `DELETE /wp-json/wc/v3/webhooks/{id}?force=true`: 200 with the deleted webhook.
 * - `GET /wp-json/wc/v3/products?per_page&page`: the products, with `X-WP-Total` and `X-WP-TotalPages`.
 * - `PUT /wp-json/wc/v3/products/{id}` `{manage_stock, stock_quantity}`: 200 with the product.
 * - `GET /wp-json/wc/v3/orders?after=…&per_page&page`: orders created after that time.
 *
 * `throttle(n, seconds)` makes the next n calls answer 429 with `Retry-After` (a host's rate
 * limiter in front of WordPress; WooCommerce itself has none).
 */
export interface FakeWooCommerce extends FakeServer {
  webhooks: WooCommerceWebhook[];
  products: WooCommerceProduct[];
  orders: Record<string, unknown>[];
  calls(path: string): RecordedRequest[];
  throttle(count: number, seconds: number): void;
  addProduct(name: string, sku: string): WooCommerceProduct;
}

export interface WooCommerceProduct {
  id: number;
  name: string;
  type: "simple";
  sku: string;
  manage_stock: boolean;
  stock_quantity: number | null;
  stock_status: "instock" | "outofstock";
}

export interface WooCommerceWebhook {
  id: number;
  name: string;
  status: string;
  topic: string;
  resource: string;
  event: string;
  hooks: string[];
  delivery_url: string;
  /** Kept by the fake so tests can sign deliveries; the real API never returns it. */
  secret: string;
  date_created: string;
  date_created_gmt: string;
  date_modified: string | null;
  date_modified_gmt: string | null;
}

export interface FakeWooCommerceOptions {
  consumerKey: string;
  consumerSecret: string;
  port?: number;
}

const cannotView: FakeReply = {
  status: 401,
  json: { code: "woocommerce_rest_cannot_view", message: "Sorry, you cannot list resources.", data: { status: 401 } },
};

export async function startFakeWooCommerce(options: FakeWooCommerceOptions): Promise<FakeWooCommerce> {
  const webhooks: WooCommerceWebhook[] = [];
  let nextId = 142;
  let baseUrl = "";
  const products: WooCommerceProduct[] = [];
  const orders: Record<string, unknown>[] = [];
  let nextProductId = 794;
  let forced429 = { count: 0, seconds: 1 };

  const addProduct = (name: string, sku: string): WooCommerceProduct => {
    const product: WooCommerceProduct = {
      id: nextProductId++,
      name,
      type: "simple",
      sku,
      manage_stock: false,
      stock_quantity: null,
      stock_status: "instock",
    };
    products.push(product);
    return product;
  };

  const page = <T>(request: RecordedRequest, items: T[]): FakeReply => {
    const perPage = Math.min(Math.max(Number(request.query.get("per_page") ?? 10), 1), 100);
    const number = Math.max(Number(request.query.get("page") ?? 1), 1);
    return {
      status: 200,
      json: items.slice((number - 1) * perPage, number * perPage),
      headers: {
        "x-wp-total": String(items.length),
        "x-wp-totalpages": String(Math.max(Math.ceil(items.length / perPage), 1)),
      },
    };
  };

  const updateProduct = (request: RecordedRequest, id: number): FakeReply => {
    const product = products.find((candidate) => candidate.id === id);
    if (!product) {
      return {
        status: 404,
        json: { code: "woocommerce_rest_product_invalid_id", message: "Invalid ID.", data: { status: 404 } },
      };
    }
    const body = (request.body ?? {}) as { manage_stock?: unknown; stock_quantity?: unknown };
    if (typeof body.manage_stock === "boolean") product.manage_stock = body.manage_stock;
    if (typeof body.stock_quantity === "number") {
      product.stock_quantity = body.stock_quantity;
      product.stock_status = body.stock_quantity > 0 ? "instock" : "outofstock";
    }
    return { status: 200, json: product };
  };

  const deleteWebhook = (id: number): FakeReply => {
    const index = webhooks.findIndex((webhook) => webhook.id === id);
    if (index < 0) {
      return {
        status: 404,
        json: { code: "woocommerce_rest_webhook_invalid_id", message: "Invalid ID.", data: { status: 404 } },
      };
    }
    const [removed] = webhooks.splice(index, 1);
    const { secret: _secret, ...shown } = removed!;
    return { status: 200, json: shown };
  };

  const authorized = (request: RecordedRequest): boolean => {
    const expected = `Basic ${Buffer.from(`${options.consumerKey}:${options.consumerSecret}`).toString("base64")}`;
    return header(request, "authorization") === expected;
  };

  const systemStatus = (): FakeReply => ({
    status: 200,
    json: {
      environment: {
        home_url: baseUrl,
        site_url: baseUrl,
        version: "9.3.3",
        wp_version: "6.6.2",
        wp_multisite: false,
        wp_memory_limit: 268435456,
        wp_debug_mode: false,
        language: "en_US",
        server_info: "nginx/1.24.0",
        php_version: "8.2.24",
        max_upload_size: 67108864,
        default_timezone: "UTC",
        mysql_version: "8.0.39",
      },
      database: { wc_database_version: "9.3.3", database_prefix: "wp_" },
      active_plugins: [{ plugin: "woocommerce/woocommerce.php", name: "WooCommerce", version: "9.3.3" }],
      theme: { name: "Storefront", version: "4.6.0" },
      settings: {
        api_enabled: true,
        force_ssl: false,
        currency: "USD",
        currency_symbol: "&#36;",
        thousand_separator: ",",
        decimal_separator: ".",
        number_of_decimals: 2,
      },
      security: { secure_connection: false, hide_errors: true },
      pages: [],
    },
  });

  const createWebhook = (request: RecordedRequest): FakeReply => {
    const input = (request.body ?? {}) as Partial<
      Pick<WooCommerceWebhook, "name" | "topic" | "delivery_url" | "secret" | "status">
    >;
    if (!input.topic || !input.delivery_url) {
      return {
        status: 400,
        json: {
          code: "rest_missing_callback_param",
          message: "Missing parameter(s): topic, delivery_url",
          data: { status: 400, params: ["topic", "delivery_url"] },
        },
      };
    }
    const [resource = "", event = ""] = input.topic.split(".");
    const now = new Date().toISOString().slice(0, 19);
    const webhook: WooCommerceWebhook = {
      id: nextId++,
      name: input.name ?? input.topic,
      status: input.status ?? "active",
      topic: input.topic,
      resource,
      event,
      hooks: [`woocommerce_${event}_${resource}`],
      delivery_url: input.delivery_url,
      secret: input.secret ?? "",
      date_created: now,
      date_created_gmt: now,
      date_modified: null,
      date_modified_gmt: null,
    };
    webhooks.push(webhook);
    const { secret: _secret, ...shown } = webhook;
    return { status: 201, json: shown };
  };

  const server = await startFakeServer((request) => {
    if (!request.path.startsWith("/wp-json/wc/v3/")) return notFound(request);
    if (forced429.count > 0) {
      forced429.count -= 1;
      return {
        status: 429,
        json: { code: "too_many_requests", message: "Too many requests", data: { status: 429 } },
        headers: { "retry-after": String(forced429.seconds) },
      };
    }
    if (!authorized(request)) return cannotView;
    const path = request.path.slice("/wp-json/wc/v3".length);
    const product = /^\/products\/(\d+)$/.exec(path);
    const webhook = /^\/webhooks\/(\d+)$/.exec(path);
    if (request.method === "GET" && path === "/system_status") return systemStatus();
    if (request.method === "POST" && path === "/webhooks") return createWebhook(request);
    if (request.method === "DELETE" && webhook) return deleteWebhook(Number(webhook[1]));
    if (request.method === "GET" && path === "/products") return page(request, products);
    if (request.method === "PUT" && product) return updateProduct(request, Number(product[1]));
    if (request.method === "GET" && path === "/orders") {
      const after = request.query.get("after");
      const afterMs = after ? Date.parse(after.endsWith("Z") ? after : `${after}Z`) : 0;
      return page(
        request,
        orders.filter((order) => Date.parse(`${String(order.date_created_gmt)}Z`) > afterMs),
      );
    }
    return {
      status: 404,
      json: {
        code: "rest_no_route",
        message: "No route was found matching the URL and request method.",
        data: { status: 404 },
      },
    };
  }, options.port);
  baseUrl = server.url;
  return {
    ...server,
    webhooks,
    products,
    orders,
    calls: (path) => server.requests.filter((request) => request.path === path),
    throttle: (count, seconds) => {
      forced429 = { count, seconds };
    },
    addProduct,
  };
}
