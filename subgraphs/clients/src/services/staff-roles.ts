import type { CallerScope } from "../../../core/src/auth/permissions";

/**
 * The scope a role gives a person signed in to a staff app (docs/authentication.md lists what
 * each grants). Customers have accounts for user sync and families, not for staff apps.
 */
const scopeOfRole: Record<string, CallerScope | null> = {
  OWNER: "admin",
  ADMIN: "admin",
  MANAGER: "manager",
  STAFF: "associate",
  CUSTOMER: null,
};

export const staffScopeOf = (role: string): CallerScope | null => scopeOfRole[role] ?? null;
