import type { Currency } from "../../generated/graphql";

/** The currencies a price may be in; empty leaves it to the tenant's default. */
export const currencyOptions: { value: Currency | ""; label: string }[] = [
  { value: "", label: "The tenant's default" },
  { value: "USD", label: "USD" },
  { value: "EUR", label: "EUR" },
  { value: "GBP", label: "GBP" },
  { value: "CHF", label: "CHF" },
  { value: "ALL", label: "ALL (Albanian lek)" },
];
