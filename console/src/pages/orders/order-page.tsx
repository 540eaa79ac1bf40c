import { useState, type FormEvent } from "react";
import { Link, useParams } from "wouter";
import { useMutation, useQuery } from "urql";
import { ErrorNotice } from "../../components/error-notice";
import { Field } from "../../components/field";
import { formatDate } from "../../components/format";
import {
  CancelOrderDocument,
  CompleteOrderDocument,
  OrderDocument,
  ProcessOrderDocument,
  RefundOrderDocument,
  type OrderDetailFragment,
} from "../../generated/graphql";
import { formatMoney } from "../catalog/money";
import { OrderStatusBadge } from "./order-status";

/** One order: its items, its history, and the moves its status allows. */
export function OrderPage() {
  const { id } = useParams<{ id: string }>();
  const [{ data, error, fetching }] = useQuery({ query: OrderDocument, variables: { id } });
  const order = data?.order;
  return (
    <>
      <p>
        <Link href="/orders">← Orders</Link>
      </p>
      <ErrorNotice error={error} />
      {!order && !fetching && !error && <p>There is no such order.</p>}
      {order && (
        <>
          <h1>Order #{order.number}</h1>
          <p>
            <OrderStatusBadge status={order.status} /> {formatMoney(order.total)} · placed {formatDate(order.createdAt)}{" "}
            · {order.source.toLowerCase()}
            {order.externalId && (
              <>
                {" "}
                as <code>{order.externalId}</code>
              </>
            )}
          </p>
          <p>
            Customer: {order.customerEmail ?? "—"}
            {order.note && ` · Note: ${order.note}`}
          </p>
          <OrderMoves order={order} />
          <OrderItems order={order} />
          <OrderHistory order={order} />
        </>
      )}
    </>
  );
}

function OrderMoves({ order }: { order: OrderDetailFragment }) {
  const [processed, processOrder] = useMutation(ProcessOrderDocument);
  const [completed, completeOrder] = useMutation(CompleteOrderDocument);
  const [cancelled, cancelOrder] = useMutation(CancelOrderDocument);
  const [refunded, refundOrder] = useMutation(RefundOrderDocument);
  const [reason, setReason] = useState("");
  const [restock, setRestock] = useState(true);
  const busy = processed.fetching || completed.fetching || cancelled.fetching || refunded.fetching;
  const open = order.status === "PENDING" || order.status === "PROCESSING";

  const cancel = (event: FormEvent) => {
    event.preventDefault();
    if (confirm(`Cancel order #${order.number}? Its reserved stock is released.`))
      void cancelOrder({ id: order.id, reason: reason || null });
  };
  const refund = (event: FormEvent) => {
    event.preventDefault();
    if (confirm(`Refund order #${order.number}?`)) void refundOrder({ id: order.id, restock });
  };
  return (
    <section aria-labelledby="order-actions">
      <h2 id="order-actions">Actions</h2>
      {!open && order.status !== "COMPLETED" && <p className="hint">A {order.status.toLowerCase()} order is final.</p>}
      <div className="button-row">
        {order.status === "PENDING" && (
          <button type="button" disabled={busy} onClick={() => void processOrder({ id: order.id })}>
            Process order
          </button>
        )}
        {order.status === "PROCESSING" && (
          <button type="button" disabled={busy} onClick={() => void completeOrder({ id: order.id })}>
            Complete order
          </button>
        )}
      </div>
      {open && (
        <form className="inline" onSubmit={cancel} aria-label="Cancel the order">
          <Field
            label="Reason for cancelling"
            maxLength={500}
            value={reason}
            onChange={(e) => setReason(e.target.value)}
          />
          <button type="submit" className="danger" disabled={busy}>
            Cancel order
          </button>
        </form>
      )}
      {order.status === "COMPLETED" && (
        <form className="inline" onSubmit={refund} aria-label="Refund the order">
          <label className="check">
            <input type="checkbox" checked={restock} onChange={(e) => setRestock(e.target.checked)} /> Put the sold
            units back on hand
          </label>
          <button type="submit" className="danger" disabled={busy}>
            Refund order
          </button>
        </form>
      )}
      <ErrorNotice error={processed.error ?? completed.error ?? cancelled.error ?? refunded.error} />
    </section>
  );
}

function OrderItems({ order }: { order: OrderDetailFragment }) {
  return (
    <section aria-labelledby="order-items">
      <h2 id="order-items">Items</h2>
      <div className="table-wrap">
        <table aria-labelledby="order-items">
          <thead>
            <tr>
              <th scope="col">Product</th>
              <th scope="col">SKU</th>
              <th scope="col">Quantity</th>
              <th scope="col">Unit price</th>
              <th scope="col">Line total</th>
            </tr>
          </thead>
          <tbody>
            {order.items.map((item) => (
              <tr key={item.id}>
                <td>
                  <Link href={`/products/${item.product.id}`}>{item.product.name}</Link>
                </td>
                <td>
                  <code>{item.sku}</code>
                </td>
                <td>{item.quantity}</td>
                <td>{formatMoney(item.unitPrice)}</td>
                <td>{formatMoney(item.lineTotal)}</td>
              </tr>
            ))}
            {order.unmappedLines.map((line, index) => (
              <tr key={`unmapped-${index}`}>
                <td>
                  {line.title ?? "—"} <span className="badge off">not one of our products</span>
                </td>
                <td>{line.sku ? <code>{line.sku}</code> : "—"}</td>
                <td>{line.quantity}</td>
                <td colSpan={2}>—</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

function OrderHistory({ order }: { order: OrderDetailFragment }) {
  return (
    <section aria-labelledby="order-history">
      <h2 id="order-history">History</h2>
      <ol className="order-history">
        {order.history.map((change, index) => (
          <li key={index}>
            {formatDate(change.at)}: {change.from ? `${change.from.toLowerCase()} → ` : ""}
            {change.to.toLowerCase()}
            {change.note && ` (${change.note})`}
          </li>
        ))}
      </ol>
    </section>
  );
}
