import type { GraphQLDataSource, GraphQLDataSourceProcessOptions } from "@apollo/gateway";
import type { GatewayGraphQLResponse } from "@apollo/server-gateway-interface";
import type { GatewayContext } from "../../gateway/src/context";
import { DistinctEntitiesDataSource } from "../../gateway/src/data-sources";

type Representation = Record<string, unknown> & { __typename: string };

/**
 * A subgraph that answers `_entities` as the catalog does: each representation's product by
 * id, null with an error at its position for an unknown one. It records what it was sent.
 */
class CatalogStandIn implements GraphQLDataSource<GatewayContext> {
  readonly sent: Representation[][] = [];

  constructor(private readonly names: Record<string, string>) {}

  async process(options: GraphQLDataSourceProcessOptions<GatewayContext>): Promise<GatewayGraphQLResponse> {
    const representations = options.request.variables?.representations as Representation[] | undefined;
    if (!representations) return { data: { shop: "answered without representations" } };
    this.sent.push(representations);
    const nameOf = (representation: Representation) => this.names[String(representation.id ?? representation.sku)];
    const errors = representations.flatMap((representation, index) =>
      nameOf(representation) ? [] : [{ message: "No such product", path: ["_entities", index, "name"] }],
    );
    return {
      data: {
        _entities: representations.map((representation) =>
          nameOf(representation) ? { name: nameOf(representation) } : null,
        ),
      },
      ...(errors.length > 0 && { errors }),
    };
  }
}

const product = (id: string): Representation => ({ __typename: "Product", id });

function fetchOf(representations: Representation[] | undefined): GraphQLDataSourceProcessOptions<GatewayContext> {
  return {
    kind: "incoming operation",
    request: {
      query:
        "query ($representations: [_Any!]!) { _entities(representations: $representations) { ... on Product { name } } }",
      variables: representations ? { representations } : {},
    },
    context: {},
  } as unknown as GraphQLDataSourceProcessOptions<GatewayContext>;
}

describe("entity fetches", () => {
  it("send each distinct representation once and answer every position", async () => {
    const catalog = new CatalogStandIn({ a: "Mug", b: "Plate" });
    const source = new DistinctEntitiesDataSource(catalog);

    const response = await source.process(fetchOf([product("a"), product("b"), product("a"), product("a")]));

    expect(catalog.sent).toEqual([[product("a"), product("b")]]);
    expect(response.data).toEqual({
      _entities: [{ name: "Mug" }, { name: "Plate" }, { name: "Mug" }, { name: "Mug" }],
    });
    expect(response.errors).toBeUndefined();
  });

  it("tell apart the same id of two types, and representations keyed otherwise", async () => {
    const catalog = new CatalogStandIn({ a: "Mug", "MUG-1": "Mug by SKU" });
    const source = new DistinctEntitiesDataSource(catalog);
    const category = { __typename: "Category", id: "a" };
    const bySku = { __typename: "Product", sku: "MUG-1" };

    const response = await source.process(fetchOf([product("a"), category, bySku, { ...bySku }, product("a")]));

    expect(catalog.sent).toEqual([[product("a"), category, bySku]]);
    expect(response.data).toEqual({
      _entities: [{ name: "Mug" }, { name: "Mug" }, { name: "Mug by SKU" }, { name: "Mug by SKU" }, { name: "Mug" }],
    });
  });

  it("report an entity's error at each position it stands for", async () => {
    const catalog = new CatalogStandIn({ a: "Mug" });
    const source = new DistinctEntitiesDataSource(catalog);

    const response = await source.process(fetchOf([product("gone"), product("a"), product("gone")]));

    expect(catalog.sent).toEqual([[product("gone"), product("a")]]);
    expect(response.data).toEqual({ _entities: [null, { name: "Mug" }, null] });
    expect(response.errors).toEqual([
      { message: "No such product", path: ["_entities", 0, "name"] },
      { message: "No such product", path: ["_entities", 2, "name"] },
    ]);
  });

  it("pass fetches without repeats or representations through as they are", async () => {
    const catalog = new CatalogStandIn({ a: "Mug", b: "Plate" });
    const source = new DistinctEntitiesDataSource(catalog);

    const distinct = await source.process(fetchOf([product("b"), product("a")]));
    const root = await source.process(fetchOf(undefined));

    expect(catalog.sent).toEqual([[product("b"), product("a")]]);
    expect(distinct.data).toEqual({ _entities: [{ name: "Plate" }, { name: "Mug" }] });
    expect(root.data).toEqual({ shop: "answered without representations" });
  });
});
