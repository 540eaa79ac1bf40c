import { header, startFakeServer, type FakeReply, type FakeServer, type RecordedRequest } from "./http";

/**
 * Plays Prokip's connector API (an Ultimate POS "Connector" API, bearer tokens), every call
 * with `Authorization: Bearer <token>` (401 `{ message: "Unauthenticated." }` otherwise):
 *
 * - `GET /connector/api/business-location`: `{ data: [business locations] }`.
 * - `GET /connector/api/product?per_page=-1`: `{ data: [{id, name, sku, type,
 *   product_variations: [{variations: [{id, sub_sku}]}]}] }`.
 * - `PUT /connector/api/product/{id}` `{quantity, location_id}`: sets the stock at a location.
 * - `POST /connector/api/sell` `{sells: [{location_id, invoice_no, products: [...], ...}]}`:
 *   `[{id, invoice_no, ...}]`, one transaction per sell.
 */
export interface FakeProkip extends FakeServer {
  locations: ProkipLocation[];
  products: ProkipProduct[];
  /** Stock per `${productId}@${locationId}`. */
  stock: Map<string, number>;
  sells: { id: number; body: Record<string, unknown> }[];
  calls(path: string): RecordedRequest[];
  addProduct(name: string, sku: string): ProkipProduct;
}

export interface ProkipProduct {
  id: number;
  name: string;
  sku: string;
  type: "single";
  product_variations: { id: number; variations: { id: number; product_id: number; sub_sku: string }[] }[];
}

export interface ProkipLocation {
  id: number;
  business_id: number;
  location_id: string;
  name: string;
  landmark: string | null;
  country: string;
  state: string;
  city: string;
  zip_code: string;
  mobile: string | null;
  email: string | null;
  is_active: number;
  created_at: string;
  updated_at: string;
}

export interface FakeProkipOptions {
  token: string;
  port?: number;
}

export async function startFakeProkip(options: FakeProkipOptions): Promise<FakeProkip> {
  const locations: ProkipLocation[] = [
    {
      id: 1,
      business_id: 1,
      location_id: "BL0001",
      name: "Main Shop",
      landmark: "Moi Avenue",
      country: "Kenya",
      state: "Nairobi",
      city: "Nairobi",
      zip_code: "00100",
      mobile: "+254700000000",
      email: null,
      is_active: 1,
      created_at: "2024-03-01 09:00:00",
      updated_at: "2024-03-01 09:00:00",
    },
    {
      id: 2,
      business_id: 1,
      location_id: "BL0002",
      name: "Warehouse",
      landmark: null,
      country: "Kenya",
      state: "Nairobi",
      city: "Nairobi",
      zip_code: "00100",
      mobile: null,
      email: null,
      is_active: 1,
      created_at: "2024-03-01 09:00:00",
      updated_at: "2024-03-01 09:00:00",
    },
  ];
  const products: ProkipProduct[] = [];
  const stock = new Map<string, number>();
  const sells: { id: number; body: Record<string, unknown> }[] = [];
  let nextProductId = 301;
  let nextVariationId = 901;
  let nextSellId = 5001;

  const addProduct = (name: string, sku: string): ProkipProduct => {
    const id = nextProductId++;
    const product: ProkipProduct = {
      id,
      name,
      sku,
      type: "single",
      product_variations: [{ id, variations: [{ id: nextVariationId++, product_id: id, sub_sku: sku }] }],
    };
    products.push(product);
    return product;
  };

  const updateStock = (request: RecordedRequest, id: number): FakeReply => {
    const body = (request.body ?? {}) as { quantity?: unknown; location_id?: unknown };
    if (!products.some((product) => product.id === id)) return { status: 404, json: { message: "Product not found" } };
    if (
      typeof body.quantity !== "number" ||
      !locations.some((location) => String(location.id) === String(body.location_id))
    ) {
      return { status: 422, json: { message: "The given data was invalid." } };
    }
    stock.set(`${id}@${String(body.location_id)}`, body.quantity);
    return { status: 200, json: { success: true, msg: "Product updated successfully" } };
  };

  const createSells = (request: RecordedRequest): FakeReply => {
    const body = (request.body ?? {}) as { sells?: unknown };
    if (!Array.isArray(body.sells) || body.sells.length === 0) {
      return { status: 422, json: { message: "The given data was invalid." } };
    }
    const created = (body.sells as Record<string, unknown>[]).map((sell) => {
      const id = nextSellId++;
      sells.push({ id, body: sell });
      return {
        id,
        business_id: 1,
        location_id: sell.location_id,
        type: "sell",
        status: "final",
        invoice_no: sell.invoice_no ?? `INV${id}`,
        final_total: sell.final_total ?? "0.0000",
        transaction_date: sell.transaction_date,
      };
    });
    return { status: 200, json: created };
  };

  const server = await startFakeServer((request) => {
    if (header(request, "authorization") !== `Bearer ${options.token}`) {
      return { status: 401, json: { message: "Unauthenticated." } };
    }
    const product = /^\/connector\/api\/product\/(\d+)$/.exec(request.path);
    if (request.method === "GET" && request.path === "/connector/api/business-location") {
      return { status: 200, json: { data: locations } };
    }
    if (request.method === "GET" && request.path === "/connector/api/product") {
      return { status: 200, json: { data: products } };
    }
    if (request.method === "PUT" && product) return updateStock(request, Number(product[1]));
    if (request.method === "POST" && request.path === "/connector/api/sell") return createSells(request);
    return { status: 404, json: { message: "Not Found" } };
  }, options.port);
  return {
    ...server,
    locations,
    products,
    stock,
    sells,
    calls: (path) => server.requests.filter((request) => request.path === path),
    addProduct,
  };
}
