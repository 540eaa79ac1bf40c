import { useDeferredValue, useState } from "react";
import { useQuery } from "urql";
import { ErrorNotice } from "../../components/error-notice";
import { Field, SelectField } from "../../components/field";
import { LocationsDocument, ProductChoicesDocument } from "../../generated/graphql";
import { locationsContext } from "./locations-page";

export interface StockChoice {
  productId: string;
  locationId: string;
}

/**
 * Which stock the page shows and changes: a product (found by name or SKU, as the tenant may
 * have thousands) and a location; empty means all of them.
 */
export function StockChoiceFields(props: { choice: StockChoice; onChange: (choice: StockChoice) => void }) {
  const { choice, onChange } = props;
  const [search, setSearch] = useState("");
  const deferredSearch = useDeferredValue(search.trim());
  const [products] = useQuery({ query: ProductChoicesDocument, variables: { search: deferredSearch || null } });
  const [locations] = useQuery({ query: LocationsDocument, context: locationsContext });
  const productOptions = products.data?.products.edges.map(({ node }) => ({
    value: node.id,
    label: `${node.name} (${node.sku})`,
  }));
  return (
    <fieldset className="inline">
      <legend>Which stock</legend>
      <Field
        label="Find product"
        type="search"
        value={search}
        onChange={(e) => {
          // A new search offers other products: the one chosen may not be among them.
          setSearch(e.target.value);
          onChange({ ...choice, productId: "" });
        }}
      />
      <SelectField
        label="Product"
        options={[{ value: "", label: "All products" }, ...(productOptions ?? [])]}
        value={choice.productId}
        onChange={(e) => onChange({ ...choice, productId: e.target.value })}
      />
      <SelectField
        label="Location"
        options={[
          { value: "", label: "All locations" },
          ...(locations.data?.locations.map((location) => ({
            value: location.id,
            label: `${location.name} (${location.code})`,
          })) ?? []),
        ]}
        value={choice.locationId}
        onChange={(e) => onChange({ ...choice, locationId: e.target.value })}
      />
      <ErrorNotice error={products.error ?? locations.error} />
    </fieldset>
  );
}

/** The other locations, for a transfer's destination. */
export function useLocationOptions(except: string) {
  const [{ data }] = useQuery({ query: LocationsDocument, context: locationsContext });
  return (data?.locations ?? [])
    .filter((location) => location.id !== except)
    .map((location) => ({ value: location.id, label: `${location.name} (${location.code})` }));
}
