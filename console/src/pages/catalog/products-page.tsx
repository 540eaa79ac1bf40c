import { useState, type FormEvent } from "react";
import { Link, useLocation } from "wouter";
import { useMutation, useQuery } from "urql";
import { refetchOn } from "../../api/client";
import { ErrorNotice } from "../../components/error-notice";
import { Field, SelectField } from "../../components/field";
import { Pager, usePaging } from "../../components/pager";
import {
  CreateProductDocument,
  ProductsDocument,
  type Currency,
  type ProductFilter,
  type ProductStatus,
} from "../../generated/graphql";
import { CategorySelect } from "./category-select";
import { currencyOptions } from "./currencies";
import { formatMoney } from "./money";
import { ProductStatusBadge } from "./product-status";

const productsContext = refetchOn("Product");

const statusOptions = [
  { value: "", label: "Any status" },
  { value: "DRAFT", label: "Draft" },
  { value: "PUBLISHED", label: "Published" },
  { value: "ARCHIVED", label: "Archived" },
];

/** The tenant's products: found by text, status or category, and new ones created as drafts. */
export function ProductsPage() {
  const paging = usePaging();
  const [filter, setFilter] = useState<ProductFilter>({});
  const [{ data, error, fetching }] = useQuery({
    query: ProductsDocument,
    variables: { filter, ...paging.variables },
    context: productsContext,
  });
  const products = data?.products;
  return (
    <>
      <h1>Products</h1>
      <NewProduct />
      <h2 id="product-list">Product list</h2>
      <ProductSearch
        onSearch={(next) => {
          setFilter(next);
          paging.reset();
        }}
      />
      <ErrorNotice error={error} />
      <div className="table-wrap">
        <table aria-busy={fetching} aria-labelledby="product-list">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">SKU</th>
              <th scope="col">Price</th>
              <th scope="col">Category</th>
              <th scope="col">Status</th>
              <th scope="col">Available</th>
            </tr>
          </thead>
          <tbody>
            {products?.edges.map(({ node }) => (
              <tr key={node.id}>
                <td>
                  <Link href={`/products/${node.id}`}>{node.name}</Link>
                </td>
                <td>
                  <code>{node.sku}</code>
                </td>
                <td>{formatMoney(node.price)}</td>
                <td>{node.category?.name ?? "—"}</td>
                <td>
                  <ProductStatusBadge status={node.status} />
                </td>
                <td>{node.available}</td>
              </tr>
            ))}
            {products?.edges.length === 0 && (
              <tr>
                <td colSpan={6}>No products match.</td>
              </tr>
            )}
          </tbody>
        </table>
      </div>
      <Pager paging={paging} pageInfo={products?.pageInfo} totalCount={products?.totalCount} label="Products" />
    </>
  );
}

function ProductSearch(props: { onSearch: (filter: ProductFilter) => void }) {
  const [search, setSearch] = useState("");
  const [status, setStatus] = useState("");
  const [categoryId, setCategoryId] = useState("");
  const submit = (event: FormEvent) => {
    event.preventDefault();
    props.onSearch({
      ...(search.trim() && { search: search.trim() }),
      ...(status && { status: status as ProductStatus }),
      ...(categoryId && { categoryId }),
    });
  };
  return (
    <form className="inline" role="search" aria-label="Find products" onSubmit={submit}>
      <Field label="Name or SKU contains" type="search" value={search} onChange={(e) => setSearch(e.target.value)} />
      <SelectField label="Status" options={statusOptions} value={status} onChange={(e) => setStatus(e.target.value)} />
      <CategorySelect label="In category" emptyLabel="Any category" value={categoryId} onChange={setCategoryId} />
      <button type="submit">Find</button>
    </form>
  );
}

function NewProduct() {
  const [created, create] = useMutation(CreateProductDocument);
  const [, navigate] = useLocation();
  const [sku, setSku] = useState("");
  const [name, setName] = useState("");
  const [price, setPrice] = useState("");
  const [currency, setCurrency] = useState("");
  const [categoryId, setCategoryId] = useState("");

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const result = await create({
      input: {
        sku,
        name,
        price,
        ...(currency && { currency: currency as Currency }),
        ...(categoryId && { categoryId }),
      },
    });
    if (result.data) navigate(`/products/${result.data.createProduct.id}`);
  };
  return (
    <section aria-labelledby="new-product">
      <h2 id="new-product">New product</h2>
      <form className="inline" onSubmit={submit} aria-labelledby="new-product">
        <Field label="Product name" required maxLength={200} value={name} onChange={(e) => setName(e.target.value)} />
        <Field label="SKU" required maxLength={100} value={sku} onChange={(e) => setSku(e.target.value)} />
        <Field
          label="Price"
          required
          inputMode="decimal"
          pattern="\d+(\.\d{1,2})?"
          value={price}
          onChange={(e) => setPrice(e.target.value)}
        />
        <SelectField
          label="Currency"
          options={currencyOptions}
          value={currency}
          onChange={(e) => setCurrency(e.target.value)}
        />
        <CategorySelect label="Category" emptyLabel="No category" value={categoryId} onChange={setCategoryId} />
        <button type="submit" disabled={created.fetching}>
          Create product
        </button>
      </form>
      <p className="hint">A new product is a draft until it is published.</p>
      <ErrorNotice error={created.error} />
    </section>
  );
}
