import type { ConsolePage } from "../console-page";
import { FamilyAccountsPage } from "./family-accounts-page";
import { SettingsPage } from "./settings-page";
import { StaffAppsPage } from "./staff-apps-page";
import { UsersPage } from "./users-page";

// Every operation here needs the admin permission: OWNER and ADMIN; others would see refusals only.
const admins = ["OWNER", "ADMIN"];

export const peoplePages: ConsolePage[] = [
  { path: "/users", title: "Users", levels: ["TENANT_STAFF"], roles: admins, component: UsersPage },
  { path: "/staff-apps", title: "Staff apps", levels: ["TENANT_STAFF"], roles: admins, component: StaffAppsPage },
  {
    path: "/families",
    title: "Family accounts",
    levels: ["TENANT_STAFF"],
    roles: admins,
    component: FamilyAccountsPage,
  },
  { path: "/settings", title: "Settings", levels: ["TENANT_STAFF"], roles: admins, component: SettingsPage },
];
