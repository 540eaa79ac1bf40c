import type { ConsolePage } from "../console-page";
import { OrderPage } from "./order-page";
import { OrdersPage } from "./orders-page";

// Every role reads orders; moving them needs orders:manage, which the API refuses in words.
export const orderPages: ConsolePage[] = [
  { path: "/orders", title: "Orders", levels: ["TENANT_STAFF"], component: OrdersPage },
  { path: "/orders/:id", title: "Order", levels: ["TENANT_STAFF"], component: OrderPage },
];
