import type { UserRole } from "../../generated/graphql";

/** Every role a tenant's user can have, staff roles first, as a person reads them. */
export const userRoles: { value: UserRole; label: string }[] = [
  { value: "OWNER", label: "Owner" },
  { value: "ADMIN", label: "Admin" },
  { value: "MANAGER", label: "Manager" },
  { value: "STAFF", label: "Staff" },
  { value: "CUSTOMER", label: "Customer" },
];
