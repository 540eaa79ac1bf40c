import type { ConsolePage } from "../console-page";
import { AuditPage } from "./audit-page";

export const auditPages: ConsolePage[] = [
  { path: "/audit", title: "Audit log", levels: ["TENANT_STAFF"], roles: ["OWNER", "ADMIN"], component: AuditPage },
];
