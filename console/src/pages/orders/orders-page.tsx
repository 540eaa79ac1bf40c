import { useCallback, useState, type FormEvent } from "react";
import { Link } from "wouter";
import { useQuery } from "urql";
import { refetchOn } from "../../api/client";
import { useOnLiveAgain } from "../../api/live-connection";
import { ErrorNotice } from "../../components/error-notice";
import { Field, SelectField } from "../../components/field";
import { formatDate } from "../../components/format";
import { Pager, usePaging } from "../../components/pager";
import {
  OrdersDocument,
  type OrderFilter,
  type OrderRowFragment,
  type OrderSource,
  type OrderStatus,
} from "../../generated/graphql";
import { formatMoney } from "../catalog/money";
import { LiveIndicator } from "./live-indicator";
import { freshest, useOrderFeed } from "./order-feed";
import { OrderStatusBadge } from "./order-status";

const ordersContext = refetchOn("Order");

const statuses: OrderStatus[] = ["PENDING", "PROCESSING", "COMPLETED", "CANCELLED", "REFUNDED"];
const sources: OrderSource[] = ["API", "STOREFRONT", "SHOPIFY", "WOOCOMMERCE", "PROKIP"];

const matches = (order: OrderRowFragment, filter: OrderFilter) =>
  (!filter.status?.length || filter.status.includes(order.status)) &&
  (!filter.source || filter.source === order.source) &&
  (!filter.createdAfter || order.createdAt >= filter.createdAfter) &&
  (!filter.createdBefore || order.createdAt < filter.createdBefore);

/**
 * The tenant's orders, newest first. The live feed puts new orders at the top of the first page
 * and changes the status of those shown, without a reload; after a dropped connection the list
 * is read again, as the events sent meanwhile are lost.
 */
export function OrdersPage() {
  const paging = usePaging();
  const [filter, setFilter] = useState<OrderFilter>({});
  const [{ data, error, fetching }, refetch] = useQuery({
    query: OrdersDocument,
    variables: { filter, ...paging.variables },
    context: ordersContext,
  });
  const { feed, error: feedError } = useOrderFeed();
  useOnLiveAgain(useCallback(() => refetch({ requestPolicy: "network-only" }), [refetch]));
  const fetched = data?.orders.edges.map(({ node }) => freshest(node, feed)) ?? [];
  const arrived =
    paging.page === 1 && data
      ? feed.created
          .map((order) => freshest(order, feed))
          .filter((order) => matches(order, filter) && !fetched.some((row) => row.id === order.id))
      : [];
  const rows = [...arrived, ...fetched];
  const orders = data?.orders;
  return (
    <>
      <div className="title-row">
        <h1>Orders</h1>
        <LiveIndicator />
      </div>
      <p className="live-news" aria-live="polite">
        {feed.last?.type === "CREATED" && `New order #${feed.last.order.number} just arrived.`}
        {feed.last?.type === "STATUS_CHANGED" &&
          `Order #${feed.last.order.number} is now ${feed.last.status.toLowerCase()}.`}
      </p>
      <ErrorNotice error={feedError} />
      <OrderSearch
        onSearch={(next) => {
          setFilter(next);
          paging.reset();
        }}
      />
      <ErrorNotice error={error} />
      <div className="table-wrap">
        <table aria-busy={fetching}>
          <caption className="visually-hidden">Orders, newest first</caption>
          <thead>
            <tr>
              <th scope="col">Order</th>
              <th scope="col">Status</th>
              <th scope="col">Total</th>
              <th scope="col">Customer</th>
              <th scope="col">Source</th>
              <th scope="col">Placed</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((order) => (
              <tr key={order.id}>
                <td>
                  <Link href={`/orders/${order.id}`}>Order #{order.number}</Link>
                </td>
                <td>
                  <OrderStatusBadge status={order.status} />
                </td>
                <td>{formatMoney(order.total)}</td>
                <td>{order.customerEmail ?? "—"}</td>
                <td>{order.source.toLowerCase()}</td>
                <td>{formatDate(order.createdAt)}</td>
              </tr>
            ))}
            {data && rows.length === 0 && (
              <tr>
                <td colSpan={6}>No orders match.</td>
              </tr>
            )}
          </tbody>
        </table>
      </div>
      <Pager
        paging={paging}
        pageInfo={orders?.pageInfo}
        totalCount={orders && orders.totalCount + arrived.length}
        label="Orders"
      />
    </>
  );
}

/** A day in the person's time zone, as the API's DateTime of its first instant. */
const startOfDay = (day: string) => new Date(`${day}T00:00:00`).toISOString();
const startOfNextDay = (day: string) => {
  const next = new Date(`${day}T00:00:00`);
  next.setDate(next.getDate() + 1);
  return next.toISOString();
};

function OrderSearch({ onSearch }: { onSearch: (filter: OrderFilter) => void }) {
  const [status, setStatus] = useState("");
  const [source, setSource] = useState("");
  const [from, setFrom] = useState("");
  const [until, setUntil] = useState("");
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onSearch({
      ...(status && { status: [status as OrderStatus] }),
      ...(source && { source: source as OrderSource }),
      ...(from && { createdAfter: startOfDay(from) }),
      ...(until && { createdBefore: startOfNextDay(until) }),
    });
  };
  return (
    <form className="inline" role="search" aria-label="Find orders" onSubmit={submit}>
      <SelectField
        label="Status"
        options={[
          { value: "", label: "Any status" },
          ...statuses.map((value) => ({ value, label: value.toLowerCase() })),
        ]}
        value={status}
        onChange={(e) => setStatus(e.target.value)}
      />
      <SelectField
        label="Source"
        options={[
          { value: "", label: "Any source" },
          ...sources.map((value) => ({ value, label: value.toLowerCase() })),
        ]}
        value={source}
        onChange={(e) => setSource(e.target.value)}
      />
      <Field label="Placed from" type="date" value={from} onChange={(e) => setFrom(e.target.value)} />
      <Field label="Placed until" type="date" value={until} onChange={(e) => setUntil(e.target.value)} />
      <button type="submit">Find</button>
    </form>
  );
}
