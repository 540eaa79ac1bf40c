import { header, startFakeServer, type FakeServer, type RecordedRequest } from "./http";

/**
 * Plays Prokip's connector API (an Ultimate POS "Connector" API, bearer tokens) for the
 * token check `configureProkip` makes:
 *
 * - `GET /connector/api/business-location` with `Authorization: Bearer <token>`:
 *   `{ data: [business locations] }`, 401 `{ message: "Unauthenticated." }` for any other token.
 */
export interface FakeProkip extends FakeServer {
  locations: ProkipLocation[];
  calls(path: string): RecordedRequest[];
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
  const server = await startFakeServer((request) => {
    if (header(request, "authorization") !== `Bearer ${options.token}`) {
      return { status: 401, json: { message: "Unauthenticated." } };
    }
    if (request.method === "GET" && request.path === "/connector/api/business-location") {
      return { status: 200, json: { data: locations } };
    }
    return { status: 404, json: { message: "Not Found" } };
  }, options.port);
  return { ...server, locations, calls: (path) => server.requests.filter((request) => request.path === path) };
}
