import { useState, type FormEvent } from "react";
import { Link, useParams } from "wouter";
import { useMutation, useQuery } from "urql";
import { ErrorNotice } from "../../components/error-notice";
import { Field, SelectField } from "../../components/field";
import { formatDate } from "../../components/format";
import { ProductDocument, UpdateProductDocument, type Currency, type ProductQuery } from "../../generated/graphql";
import { CategorySelect } from "./category-select";
import { formatMoney } from "./money";
import { ProductMoves } from "./product-moves";
import { ProductStatusBadge } from "./product-status";
import { currencyOptions } from "./currencies";

type Product = NonNullable<ProductQuery["product"]>;

/** One product: its fields, its status flow and its stock at each location. */
export function ProductPage() {
  const { id } = useParams<{ id: string }>();
  const [{ data, error, fetching }] = useQuery({ query: ProductDocument, variables: { id } });
  const product = data?.product;
  return (
    <>
      <p>
        <Link href="/products">← Products</Link>
      </p>
      <ErrorNotice error={error} />
      {!product && !fetching && !error && <p>There is no such product.</p>}
      {product && (
        <>
          <h1>{product.name}</h1>
          <p>
            <ProductStatusBadge status={product.status} /> <code>{product.sku}</code> · {formatMoney(product.price)}
            {product.category && ` · in ${product.category.name}`}
          </p>
          <p className="hint">
            Created {formatDate(product.createdAt)} · updated {formatDate(product.updatedAt)} · last published{" "}
            {formatDate(product.publishedAt)}
          </p>
          <section aria-labelledby="product-status">
            <h2 id="product-status">Status</h2>
            <ProductMoves product={product} />
          </section>
          <ProductFields key={product.id} product={product} />
          <ProductStock product={product} />
        </>
      )}
    </>
  );
}

/** The editable fields; only the ones changed are sent, so a concurrent edit of another survives. */
function ProductFields({ product }: { product: Product }) {
  const [updated, update] = useMutation(UpdateProductDocument);
  const [name, setName] = useState(product.name);
  const [sku, setSku] = useState(product.sku);
  const [description, setDescription] = useState(product.description ?? "");
  const [price, setPrice] = useState(product.price.amount);
  const [currency, setCurrency] = useState<string>(product.price.currency);
  const [categoryId, setCategoryId] = useState(product.category?.id ?? "");
  const [saved, setSaved] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setSaved(false);
    const input = {
      ...(name !== product.name && { name }),
      ...(sku !== product.sku && { sku }),
      ...(description !== (product.description ?? "") && { description: description || null }),
      ...(price !== product.price.amount && { price }),
      ...(currency !== product.price.currency && { currency: currency as Currency }),
      ...(categoryId !== (product.category?.id ?? "") && { categoryId: categoryId || null }),
    };
    const result = await update({ id: product.id, input });
    if (result.data) setSaved(true);
  };
  return (
    <section aria-labelledby="product-fields">
      <h2 id="product-fields">Details and price</h2>
      <form className="inline" onSubmit={submit} aria-labelledby="product-fields">
        <Field label="Name" required maxLength={200} value={name} onChange={(e) => setName(e.target.value)} />
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
          options={currencyOptions.filter((option) => option.value)}
          value={currency}
          onChange={(e) => setCurrency(e.target.value)}
        />
        <CategorySelect
          label="Category"
          emptyLabel="No category"
          value={categoryId}
          onChange={setCategoryId}
          current={product.category}
        />
        <div className="field wide">
          <label htmlFor="product-description">Description</label>
          <textarea
            id="product-description"
            rows={3}
            maxLength={5000}
            value={description}
            onChange={(e) => setDescription(e.target.value)}
          />
        </div>
        <button type="submit" disabled={updated.fetching}>
          Save changes
        </button>
      </form>
      <p role="status">{saved && !updated.error && "Saved."}</p>
      <ErrorNotice error={updated.error} />
    </section>
  );
}

function ProductStock({ product }: { product: Product }) {
  return (
    <section aria-labelledby="product-stock">
      <h2 id="product-stock">Stock by location</h2>
      <p>
        {product.available} available over all locations. <Link href="/inventory">Receive or move stock</Link>
      </p>
      <div className="table-wrap">
        <table aria-labelledby="product-stock">
          <thead>
            <tr>
              <th scope="col">Location</th>
              <th scope="col">On hand</th>
              <th scope="col">Reserved</th>
              <th scope="col">Available</th>
            </tr>
          </thead>
          <tbody>
            {product.inventory.map((level) => (
              <tr key={level.id}>
                <td>
                  {level.location.name} <code>{level.location.code}</code>
                </td>
                <td>{level.onHand}</td>
                <td>{level.reserved}</td>
                <td>{level.available}</td>
              </tr>
            ))}
            {product.inventory.length === 0 && (
              <tr>
                <td colSpan={4}>No stock anywhere yet.</td>
              </tr>
            )}
          </tbody>
        </table>
      </div>
    </section>
  );
}
