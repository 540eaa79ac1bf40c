import type { ConsolePage } from "../console-page";
import { OwnPlatformPage } from "./own-platform-page";
import { TenantPage } from "./tenant-page";
import { TenantsPage } from "./tenants-page";

export const platformPages: ConsolePage[] = [
  { path: "/tenants", title: "Tenants", levels: ["PLATFORM_ADMIN"], component: TenantsPage },
  { path: "/tenants/:id", title: "Tenant", levels: ["PLATFORM_ADMIN"], component: TenantPage },
  { path: "/platform", title: "Platform keys and admins", levels: ["PLATFORM_ADMIN"], component: OwnPlatformPage },
];
