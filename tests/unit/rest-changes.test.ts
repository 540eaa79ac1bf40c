import { compareRestDocuments, type ComparedDocument } from "../../gateway/src/schema-evolution/rest-changes";

/** A small REST surface: a product list and one product, as the generated document says them. */
function base(): ComparedDocument {
  return {
    paths: {
      "/products": {
        get: {
          parameters: [
            { name: "first", in: "query", required: false, schema: { type: "integer" } },
            { name: "status", in: "query", required: false, schema: { $ref: "#/components/schemas/Status" } },
          ],
          responses: {
            "200": { content: { "application/json": { schema: { $ref: "#/components/schemas/ProductList" } } } },
            "404": { $ref: "#/components/responses/NotFound" },
          },
        },
        post: {
          requestBody: {
            required: true,
            content: {
              "application/json": {
                schema: {
                  type: "object",
                  required: ["sku"],
                  properties: { sku: { type: "string" }, note: { type: ["string", "null"] } },
                },
              },
            },
          },
          responses: {
            "201": { content: { "application/json": { schema: { $ref: "#/components/schemas/Product" } } } },
          },
        },
      },
      "/products/{id}": {
        get: {
          parameters: [{ name: "id", in: "path", required: true, schema: { type: "string" } }],
          responses: {
            "200": { content: { "application/json": { schema: { $ref: "#/components/schemas/Product" } } } },
          },
        },
      },
    },
    components: {
      schemas: {
        Status: { type: "string", enum: ["DRAFT", "ACTIVE"] },
        ProductList: {
          type: "object",
          required: ["items"],
          properties: { items: { type: "array", items: { $ref: "#/components/schemas/Product" } } },
        },
        Product: {
          type: "object",
          required: ["id", "sku", "status"],
          properties: {
            id: { type: "string" },
            sku: { type: "string" },
            status: { $ref: "#/components/schemas/Status" },
            price: { type: "string" },
            // A cycle: the comparison must end.
            related: { anyOf: [{ $ref: "#/components/schemas/Product" }, { type: "null" }] },
          },
        },
      },
    },
  };
}

/** The fixtures are edited freely, as a person editing the document would. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Fixture = any;

function changed(edit: (document: Fixture) => void): ComparedDocument {
  const document = base();
  edit(document);
  return document;
}

test("the same document has no breaking change", () => {
  expect(compareRestDocuments(base(), base())).toEqual([]);
});

test("a removed route fails, naming it", () => {
  const after = changed((document) => delete document.paths["/products/{id}"]);
  expect(compareRestDocuments(base(), after)).toEqual(["REST GET /products/{id} was removed"]);
});

test("a removed method fails", () => {
  const after = changed((document) => delete document.paths["/products"].post);
  expect(compareRestDocuments(base(), after)).toEqual(["REST POST /products was removed"]);
});

test("an added route and added optional parameters, properties and enum values pass", () => {
  const after = changed((document) => {
    document.paths["/categories"] = { get: { responses: { "200": { description: "OK" } } } };
    document.paths["/products"].get.parameters.push({ name: "after", in: "query", schema: { type: "string" } });
    document.components.schemas.Product.properties.title = { type: "string" };
    document.components.schemas.Status.enum.push("ARCHIVED");
    document.paths["/products"].post.requestBody.content["application/json"].schema.properties.title = {
      type: "string",
    };
  });
  expect(compareRestDocuments(base(), after)).toEqual([]);
});

test("a removed response field fails, named by its schema", () => {
  const after = changed((document) => delete document.components.schemas.Product.properties.price);
  expect(compareRestDocuments(base(), after)).toEqual(["REST Product.price was removed"]);
});

test("a parameter that became required fails, and so does a new required one", () => {
  const after = changed((document) => {
    document.paths["/products"].get.parameters[0].required = true;
    document.paths["/products"].get.parameters.push({
      name: "tenant",
      in: "query",
      required: true,
      schema: { type: "string" },
    });
  });
  expect(compareRestDocuments(base(), after)).toEqual([
    "REST GET /products: query parameter first became required",
    "REST GET /products: query parameter tenant was added, required",
  ]);
});

test("a body property that became required fails", () => {
  const after = changed((document) =>
    document.paths["/products"].post.requestBody.content["application/json"].schema.required.push("note"),
  );
  expect(compareRestDocuments(base(), after)).toEqual(["REST POST /products: request body.note became required"]);
});

test("a removed enum value and a changed type fail", () => {
  const after = changed((document) => {
    document.components.schemas.Status.enum = ["ACTIVE"];
    document.components.schemas.Product.properties.price = { type: "number" };
  });
  expect(compareRestDocuments(base(), after)).toEqual(
    expect.arrayContaining([
      "REST Status enum value DRAFT was removed",
      "REST Product.price changed type from string to number",
    ]),
  );
});

test("a response field that may now be null fails; a body field that now accepts null passes", () => {
  const after = changed((document) => {
    document.components.schemas.Product.properties.sku = { type: ["string", "null"] };
    document.paths["/products"].post.requestBody.content["application/json"].schema.properties.sku = {
      type: ["string", "null"],
    };
  });
  expect(compareRestDocuments(base(), after)).toEqual(["REST Product.sku may now be null"]);
});
