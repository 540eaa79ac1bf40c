/**
 * The comparison's two queries, exactly as the harness sends them: the floor peer (f) answers
 * these texts and nothing else, so both read them from here.
 */
export const scenarios = {
  "1": {
    name: "storefront listing",
    query:
      "query StorefrontListing { products(first: 20, filter: { status: PUBLISHED }) { edges { node { id name price { amount currency } category { name } available } } } }",
    expectedEdges: 20,
  },
  "2": {
    name: "PMS orders page",
    query:
      "query OrdersPage { orders(first: 50) { edges { node { id number status items { quantity product { name } } } } } }",
    expectedEdges: 50,
  },
} as const;

export type ScenarioId = keyof typeof scenarios;
