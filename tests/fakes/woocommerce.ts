import { header, notFound, startFakeServer, type FakeReply, type FakeServer, type RecordedRequest } from "./http";

/**
 * Plays a WooCommerce store's REST API v3 (woocommerce.github.io/woocommerce-rest-api-docs)
 * for the calls a connection makes, with HTTP Basic auth by consumer key and secret:
 *
 * - `GET /wp-json/wc/v3/system_status`: the system status report (abridged), 401
 *   `woocommerce_rest_cannot_view` for a wrong key pair.
 * - `POST /wp-json/wc/v3/webhooks` `{name, topic, delivery_url, secret, status}`: 201 with the webhook.
 */
export interface FakeWooCommerce extends FakeServer {
  webhooks: WooCommerceWebhook[];
  calls(path: string): RecordedRequest[];
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
    if (!authorized(request)) return cannotView;
    if (request.method === "GET" && request.path === "/wp-json/wc/v3/system_status") return systemStatus();
    if (request.method === "POST" && request.path === "/wp-json/wc/v3/webhooks") return createWebhook(request);
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
  return { ...server, webhooks, calls: (path) => server.requests.filter((request) => request.path === path) };
}
