import { buildSchema, getOperationAST, parse } from "graphql";
import { measureOperation, measureResponseCost } from "../../gateway/src/limits/operation-analysis";

const schema = buildSchema(`
  type Query {
    product(id: ID!): Product
    products(first: Int = 20, after: String): ProductConnection!
    lowStock(threshold: Int!): [Product!]!
  }
  type Mutation { archiveProduct(id: ID!): Product! }
  type Product { id: ID! name: String! category: Category available: Int! tags: [Tag!]! }
  type Category { id: ID! parent: Category }
  type Tag { label: String! }
  type ProductConnection { edges: [ProductEdge!]! pageInfo: PageInfo! totalCount: Int! }
  type ProductEdge { cursor: String! node: Product! }
  type PageInfo { hasNextPage: Boolean! endCursor: String }
`);

function measure(query: string, variables?: Record<string, unknown>) {
  const document = parse(query);
  return measureOperation(schema, document, getOperationAST(document)!, variables, 100);
}

describe("static query cost", () => {
  test("an object is 1, a scalar is free, a nested object adds 1", () => {
    expect(measure("{ product(id: 1) { id name } }").cost).toBe(1);
    expect(measure("{ product(id: 1) { id category { id parent { id } } } }").cost).toBe(3);
  });

  test("a connection multiplies its edges by first; pageInfo and totalCount count once", () => {
    // 1 connection + 10 × (edge free + node 1 + category 1) + pageInfo free
    const query = "{ products(first: 10) { edges { cursor node { id category { id } } } pageInfo { hasNextPage } } }";
    expect(measure(query).cost).toBe(21);
  });

  test("the size comes from a variable, else the argument's default", () => {
    const query = "query ($n: Int) { products(first: $n) { edges { node { id } } } }";
    expect(measure(query, { n: 50 }).cost).toBe(51);
    expect(measure(query).cost).toBe(21);
    expect(measure(query, { n: 50 }).largestList).toBe(50);
    // Before coercion: a negative size costs nothing below the connection, a non-number the most.
    expect(measure(query, { n: -1000 }).cost).toBe(1);
    expect(measure(query, { n: "lots" }).cost).toBe(101);
  });

  test("a plain list counts one item; overrides replace a field's own cost", () => {
    // Query.lowStock is priced 10 in the table; Product.available 1; tags one Tag.
    expect(measure("{ lowStock(threshold: 1) { id available tags { label } } }").cost).toBe(12);
  });

  test("a mutation root field costs 10 plus what it returns", () => {
    expect(measure('mutation { archiveProduct(id: "1") { id category { id } } }').cost).toBe(11);
  });

  test("fragments are counted where they are spread, aliases and depth included", () => {
    const query = `{ a: product(id: 1) { ...deep } b: product(id: 2) { ...deep } }
      fragment deep on Product { category { parent { parent { id } } } }`;
    expect(measure(query)).toEqual({ depth: 5, aliases: 2, rootFields: 2, largestList: 0, cost: 8 });
  });

  test("introspection adds neither depth nor cost", () => {
    const measured = measure("{ __schema { types { fields { type { ofType { ofType { name } } } } } } }");
    expect(measured.depth).toBe(0);
    expect(measured.cost).toBe(0);
  });
});

describe("actual cost of a response", () => {
  test("a connection counts the edges returned, and never more than was requested", () => {
    const query = "{ products(first: 10) { edges { node { id category { id } } } totalCount } }";
    const document = parse(query);
    const operation = getOperationAST(document)!;
    const data = {
      products: {
        edges: [{ node: { id: "1", category: { id: "c" } } }, { node: { id: "2", category: null } }],
        totalCount: 2,
      },
    };
    // totalCount is priced 1 in the table (a COUNT query)
    expect(measureOperation(schema, document, operation, undefined, 100).cost).toBe(22);
    // 1 connection + 1 totalCount + (node 1 + category 1) + (node 1)
    expect(measureResponseCost(schema, document, operation, data)).toBe(5);
  });

  test("a fragment is priced on each object it is spread on; a cycle (an unvalidated document) ends", () => {
    const price = (query: string, data: Record<string, unknown>) => {
      const document = parse(query);
      return measureResponseCost(schema, document, getOperationAST(document)!, data);
    };
    const items = `{ lowStock(threshold: 1) { ...withCategory } }
      fragment withCategory on Product { category { id parent { id } } }`;
    // lowStock 10 + the costliest item: category 1 + parent 1
    expect(
      price(items, {
        lowStock: [{ category: { id: "c", parent: null } }, { category: { id: "d", parent: { id: "p" } } }],
      }),
    ).toBe(12);
    const cycle = `{ ...a } fragment a on Query { lowStock(threshold: 1) { id } ...b } fragment b on Query { ...a }`;
    expect(price(cycle, { lowStock: [{ id: "1" }] })).toBe(10);
  });
});
