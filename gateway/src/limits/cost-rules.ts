import { defaultPageSize } from "../../../subgraphs/core/src/graphql/pagination";

/**
 * What an operation costs, as Shopify prices its Admin API: a figure known before anything
 * runs, charged against the caller's bucket. The same rules price the response afterwards,
 * with the sizes actually returned, so the difference can be refunded.
 *
 * - a field returning an object costs `objectCost`, plus its selection; scalars are free;
 * - a field with a `first`/`last` argument (a Relay connection) multiplies its list children
 *   (`edges`, `nodes`) by the size asked for; `pageInfo` and `totalCount` count once;
 * - any other list field counts one item (its size is bounded by the domain, e.g. order lines);
 * - a mutation's root field costs `mutationCost`, plus what it returns;
 * - introspection is free: graphql's MaxIntrospectionDepthRule already bounds it.
 */
export const costRules = {
  objectCost: 1,
  mutationCost: 10,
  /** Argument names that size a connection. */
  sizeArguments: ["first", "last"] as readonly string[],
  /** The size of a connection asked for with neither: the page it answers (pagination.ts). */
  defaultSize: defaultPageSize,
  /**
   * A field's own cost where the defaults misjudge the work behind it, as `Type.field`: it
   * replaces the object, mutation or (for a scalar) zero cost, never the cost of the
   * selection below.
   */
  fieldCosts: {
    // Reads up to 100 stock levels in one scan: priced like a page of them.
    "Query.lowStock": 10,
    // A COUNT over the connection's whole filter, on top of the page itself.
    "ProductConnection.totalCount": 1,
    "OrderConnection.totalCount": 1,
    // Sums the product's stock over every location.
    "Product.available": 1,
  } as Readonly<Record<string, number>>,
};

/** Relay plumbing: an edge or a page info is no work beyond the node it wraps. */
export function isFreeType(typeName: string): boolean {
  return typeName === "PageInfo" || typeName.endsWith("Edge");
}
