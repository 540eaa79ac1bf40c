import type { ConsolePage } from "../console-page";
import { ConnectionPage } from "./connection-page";
import { ConnectionsPage } from "./connections-page";
import { InboxPage } from "./inbox-page";

// Store integrations need the `admin` permission, which only these roles give (staff-roles.ts).
const owners = ["OWNER", "ADMIN"];

export const integrationPages: ConsolePage[] = [
  {
    path: "/connections",
    title: "Store connections",
    levels: ["TENANT_STAFF"],
    roles: owners,
    component: ConnectionsPage,
  },
  {
    path: "/connections/:id",
    title: "Store connection",
    levels: ["TENANT_STAFF"],
    roles: owners,
    component: ConnectionPage,
  },
  { path: "/inbox", title: "Integration inbox", levels: ["TENANT_STAFF"], roles: owners, component: InboxPage },
];
