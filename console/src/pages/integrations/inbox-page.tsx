import { useQuery, useMutation } from "urql";
import { useSearchParams } from "wouter";
import { refetchOn } from "../../api/client";
import { ErrorNotice } from "../../components/error-notice";
import { SelectField } from "../../components/field";
import { formatDate } from "../../components/format";
import { Pager, usePaging } from "../../components/pager";
import {
  InboxConnectionsDocument,
  ReplayWebhookReceiptDocument,
  WebhookReceiptsDocument,
  type WebhookReceiptFieldsFragment,
  type WebhookReceiptStatus,
} from "../../generated/graphql";
import { platformName, storeName } from "./store-names";

const receiptsContext = refetchOn("WebhookReceipt");

const statuses: { value: WebhookReceiptStatus | ""; label: string }[] = [
  { value: "", label: "Any status" },
  { value: "RECEIVED", label: "Received (waiting)" },
  { value: "PROCESSED", label: "Processed" },
  { value: "IGNORED", label: "Ignored" },
  { value: "FAILED", label: "Failed" },
];

/**
 * The integration inbox: what a store's webhooks delivered and what became of each, with a
 * replay for those that failed once their cause is fixed. The store and status live in the
 * address, so a connection's page links straight to its inbox.
 */
export function InboxPage() {
  const [params, setParams] = useSearchParams();
  const paging = usePaging();
  const [connections] = useQuery({ query: InboxConnectionsDocument });
  const stores = connections.data?.connections ?? [];
  const connectionId = params.get("connection") ?? stores[0]?.id ?? "";
  const status = (params.get("status") ?? "") as WebhookReceiptStatus | "";
  const choose = (name: string, value: string) => {
    paging.reset();
    setParams((now) => {
      const next = new URLSearchParams(now);
      next.set("connection", connectionId);
      if (value) next.set(name, value);
      else next.delete(name);
      return next;
    });
  };
  return (
    <>
      <h1>Integration inbox</h1>
      <ErrorNotice error={connections.error} />
      {connections.data && stores.length === 0 && <p>No stores connected: their webhooks will show here.</p>}
      {stores.length > 0 && (
        <form className="inline" aria-label="Which deliveries" onSubmit={(event) => event.preventDefault()}>
          <SelectField
            label="Store"
            value={connectionId}
            onChange={(event) => choose("connection", event.target.value)}
            options={stores.map((store) => ({
              value: store.id,
              label: `${storeName(store)} (${platformName(store.platform)})`,
            }))}
          />
          <SelectField
            label="Status"
            value={status}
            onChange={(event) => choose("status", event.target.value)}
            options={statuses}
          />
        </form>
      )}
      {connectionId && <Receipts connectionId={connectionId} status={status || null} paging={paging} />}
    </>
  );
}

function Receipts(props: {
  connectionId: string;
  status: WebhookReceiptStatus | null;
  paging: ReturnType<typeof usePaging>;
}) {
  const { connectionId, status, paging } = props;
  const [{ data, error, fetching }] = useQuery({
    query: WebhookReceiptsDocument,
    variables: { connectionId, status, ...paging.variables },
    context: receiptsContext,
  });
  const [replayed, replay] = useMutation(ReplayWebhookReceiptDocument);
  const receipts = data?.webhookReceipts;
  return (
    <>
      <ErrorNotice error={error ?? replayed.error} />
      {replayed.data && (
        <p className="notice" role="status">
          Delivery {receiptLabel(replayed.data.replayWebhookReceipt)} is queued again.
        </p>
      )}
      <div className="table-wrap">
        <table aria-busy={fetching}>
          <caption className="visually-hidden">Store webhook deliveries</caption>
          <thead>
            <tr>
              <th scope="col">Received</th>
              <th scope="col">Topic</th>
              <th scope="col">Store order</th>
              <th scope="col">Status</th>
              <th scope="col">Tries</th>
              <th scope="col">Problem</th>
              <th scope="col">Order</th>
              <th scope="col">Actions</th>
            </tr>
          </thead>
          <tbody>
            {receipts?.edges.map(({ node }) => (
              <tr key={node.id}>
                <td>{formatDate(node.createdAt)}</td>
                <td>{node.topic}</td>
                <td>{node.storeOrderId ?? "—"}</td>
                <td>
                  <span className={`badge ${node.status === "FAILED" ? "off" : "ok"}`}>
                    {node.status.toLowerCase()}
                  </span>
                </td>
                <td>{node.attempts}</td>
                <td>
                  {node.errorCode && <code>{node.errorCode}</code>} {node.lastError}
                  {node.unmappedSkus.length > 0 && <div>Unmatched SKUs: {node.unmappedSkus.join(", ")}</div>}
                </td>
                <td>{node.order ? `#${node.order.number}` : "—"}</td>
                <td>
                  {replayable(node) && (
                    <button
                      type="button"
                      className="secondary"
                      aria-label={`Replay ${receiptLabel(node)}`}
                      disabled={replayed.fetching}
                      onClick={() => void replay({ id: node.id })}
                    >
                      Replay
                    </button>
                  )}
                </td>
              </tr>
            ))}
            {receipts?.edges.length === 0 && (
              <tr>
                <td colSpan={8}>No deliveries{status ? ` with status ${status.toLowerCase()}` : ""}.</td>
              </tr>
            )}
          </tbody>
        </table>
      </div>
      <Pager paging={paging} pageInfo={receipts?.pageInfo} totalCount={receipts?.totalCount} label="Deliveries" />
    </>
  );
}

const receiptLabel = (receipt: WebhookReceiptFieldsFragment) =>
  `${receipt.topic}${receipt.storeOrderId ? ` of store order ${receipt.storeOrderId}` : ""}`;

// The API's own rule (receipt-inbox.ts): a failure, or a store order none of whose lines matched.
const replayable = (receipt: WebhookReceiptFieldsFragment) =>
  receipt.status === "FAILED" ||
  (receipt.status === "PROCESSED" && receipt.unmappedSkus.length > 0 && receipt.order === null);
