import type { ConsolePage } from "../console-page";
import { LocationsPage } from "./locations-page";
import { StockPage } from "./stock-page";

// Every role reads stock; changes and the ledger need a manager, which the API says in words.
export const inventoryPages: ConsolePage[] = [
  { path: "/inventory", title: "Stock", levels: ["TENANT_STAFF"], component: StockPage },
  { path: "/locations", title: "Locations", levels: ["TENANT_STAFF"], component: LocationsPage },
];
