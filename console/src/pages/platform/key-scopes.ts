import type { ScopeOption } from "../../components/keys/scope-choice";
import type { ApiKeyScope } from "../../generated/graphql";

/** The scopes of a tenant's client key, as a person reads them. */
export const clientKeyScopes: ScopeOption<ApiKeyScope>[] = [
  { value: "ADMIN", label: "Admin (everything of the tenant)" },
  { value: "STOREFRONT", label: "Storefront (published catalog, stock, checkout)" },
];
