import { useState } from "react";
import { Link } from "wouter";
import { useQuery } from "urql";
import { refetchOn } from "../../api/client";
import { ErrorNotice } from "../../components/error-notice";
import { SelectField } from "../../components/field";
import { formatDate } from "../../components/format";
import { Pager, usePaging } from "../../components/pager";
import { InventoryLevelsDocument, InventoryMovementsDocument, type MovementType } from "../../generated/graphql";
import { StockActions } from "./stock-actions";
import { StockChoiceFields, type StockChoice } from "./stock-choice";

// A receipt returns its Batch, not the level it changed: both refetch the levels and the ledger.
const stockContext = refetchOn("InventoryLevel", "Batch");

const filterOf = (choice: StockChoice) => ({
  ...(choice.productId && { productId: choice.productId }),
  ...(choice.locationId && { locationId: choice.locationId }),
});

/** Stock levels of the tenant by product and location, the ways to change them, and the ledger. */
export function StockPage() {
  const [choice, setChoice] = useState<StockChoice>({ productId: "", locationId: "" });
  const levelsPaging = usePaging();
  const movementsPaging = usePaging();
  return (
    <>
      <h1>Stock</h1>
      <StockChoiceFields
        choice={choice}
        onChange={(next) => {
          setChoice(next);
          levelsPaging.reset();
          movementsPaging.reset();
        }}
      />
      <StockLevels choice={choice} paging={levelsPaging} />
      <section aria-labelledby="stock-actions">
        <h2 id="stock-actions">Change stock</h2>
        <StockActions choice={choice} />
      </section>
      <StockLedger choice={choice} paging={movementsPaging} />
    </>
  );
}

function StockLevels({ choice, paging }: { choice: StockChoice; paging: ReturnType<typeof usePaging> }) {
  const [{ data, error, fetching }] = useQuery({
    query: InventoryLevelsDocument,
    variables: { filter: filterOf(choice), ...paging.variables },
    context: stockContext,
  });
  const levels = data?.inventoryLevels;
  return (
    <section aria-labelledby="stock-levels">
      <h2 id="stock-levels">Levels</h2>
      <ErrorNotice error={error} />
      <div className="table-wrap">
        <table aria-busy={fetching} aria-labelledby="stock-levels">
          <thead>
            <tr>
              <th scope="col">Product</th>
              <th scope="col">Location</th>
              <th scope="col">On hand</th>
              <th scope="col">Reserved</th>
              <th scope="col">Available</th>
              <th scope="col">Changed</th>
            </tr>
          </thead>
          <tbody>
            {levels?.edges.map(({ node }) => (
              <tr key={node.id}>
                <td>
                  <Link href={`/products/${node.product.id}`}>{node.product.name}</Link> <code>{node.product.sku}</code>
                </td>
                <td>
                  {node.location.name} <code>{node.location.code}</code>
                </td>
                <td>{node.onHand}</td>
                <td>{node.reserved}</td>
                <td>{node.available}</td>
                <td>{formatDate(node.updatedAt)}</td>
              </tr>
            ))}
            {levels?.edges.length === 0 && (
              <tr>
                <td colSpan={6}>No stock recorded here yet.</td>
              </tr>
            )}
          </tbody>
        </table>
      </div>
      <Pager paging={paging} pageInfo={levels?.pageInfo} totalCount={levels?.totalCount} label="Levels" />
    </section>
  );
}

const movementTypes: MovementType[] = [
  "RECEIPT",
  "ADJUSTMENT",
  "RESERVATION",
  "RELEASE",
  "SALE",
  "RETURN",
  "TRANSFER_IN",
  "TRANSFER_OUT",
];

function StockLedger({ choice, paging }: { choice: StockChoice; paging: ReturnType<typeof usePaging> }) {
  const [type, setType] = useState("");
  const [{ data, error, fetching }] = useQuery({
    query: InventoryMovementsDocument,
    variables: {
      filter: { ...filterOf(choice), ...(type && { type: type as MovementType }) },
      ...paging.variables,
    },
    context: stockContext,
  });
  const movements = data?.inventoryMovements;
  return (
    <section aria-labelledby="stock-ledger">
      <h2 id="stock-ledger">Ledger</h2>
      <form className="inline" aria-label="Ledger filter" onSubmit={(event) => event.preventDefault()}>
        <SelectField
          label="Movement type"
          options={[
            { value: "", label: "Every type" },
            ...movementTypes.map((value) => ({ value, label: value.toLowerCase().replace("_", " ") })),
          ]}
          value={type}
          onChange={(e) => {
            setType(e.target.value);
            paging.reset();
          }}
        />
      </form>
      <ErrorNotice error={error} />
      <div className="table-wrap">
        <table aria-busy={fetching} aria-labelledby="stock-ledger">
          <thead>
            <tr>
              <th scope="col">When</th>
              <th scope="col">Type</th>
              <th scope="col">Change</th>
              <th scope="col">Product</th>
              <th scope="col">Location</th>
              <th scope="col">Reason</th>
              <th scope="col">Reference</th>
            </tr>
          </thead>
          <tbody>
            {movements?.edges.map(({ node }) => (
              <tr key={node.id}>
                <td>{formatDate(node.at)}</td>
                <td>{node.type.toLowerCase().replace("_", " ")}</td>
                <td>{node.quantity > 0 ? `+${node.quantity}` : node.quantity}</td>
                <td>
                  {node.product.name} <code>{node.product.sku}</code>
                </td>
                <td>
                  <code>{node.location.code}</code>
                </td>
                <td>{node.reason ?? "—"}</td>
                <td>{node.reference ? <code>{node.reference}</code> : "—"}</td>
              </tr>
            ))}
            {movements?.edges.length === 0 && (
              <tr>
                <td colSpan={7}>No movements.</td>
              </tr>
            )}
          </tbody>
        </table>
      </div>
      <Pager paging={paging} pageInfo={movements?.pageInfo} totalCount={movements?.totalCount} label="Ledger" />
    </section>
  );
}
