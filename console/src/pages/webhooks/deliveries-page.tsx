import { useEffect } from "react";
import { Link, useParams } from "wouter";
import { useMutation, useQuery } from "urql";
import { refetchOn } from "../../api/client";
import { ErrorNotice } from "../../components/error-notice";
import { formatDate } from "../../components/format";
import { Pager, usePaging } from "../../components/pager";
import { RedeliverWebhookDocument, WebhookDeliveriesDocument, WebhookEndpointsDocument } from "../../generated/graphql";

const deliveriesContext = refetchOn("WebhookDelivery");

const pendingRefreshMs = 2000;

const statusClass = (status: string) => (status === "SUCCEEDED" ? "ok" : status === "PENDING" ? "" : "off");

/** One endpoint's delivery log, newest first, with a redeliver for each delivery. */
export function WebhookDeliveriesPage() {
  const { id } = useParams<{ id: string }>();
  const paging = usePaging();
  const [endpoints] = useQuery({ query: WebhookEndpointsDocument });
  const [{ data, error, fetching }, refetch] = useQuery({
    query: WebhookDeliveriesDocument,
    variables: { endpointId: id, ...paging.variables },
    context: deliveriesContext,
  });
  const deliveries = data?.webhookDeliveries;
  // The worker sends in the background: while a delivery waits, the log asks again until it is settled.
  const waiting = deliveries?.edges.some(({ node }) => node.status === "PENDING") ?? false;
  useEffect(() => {
    if (!waiting) return;
    const timer = setInterval(() => refetch({ requestPolicy: "network-only" }), pendingRefreshMs);
    return () => clearInterval(timer);
  }, [waiting, refetch]);
  const [redelivered, redeliver] = useMutation(RedeliverWebhookDocument);
  const endpoint = endpoints.data?.webhookEndpoints.find((candidate) => candidate.id === id);
  return (
    <>
      <p>
        <Link href="/webhooks">← Outbound webhooks</Link>
      </p>
      <h1>Deliveries</h1>
      <p className="wrap-anywhere">
        To <code>{endpoint?.url ?? id}</code>
        {endpoint && ` · ${endpoint.events.join(", ")}`}
      </p>
      <ErrorNotice error={endpoints.error ?? error ?? redelivered.error} />
      {redelivered.data && (
        <p className="notice" role="status">
          {redelivered.data.redeliverWebhook.eventType} is being sent again: its attempts below count it.
        </p>
      )}
      <div className="table-wrap">
        <table aria-busy={fetching}>
          <caption className="visually-hidden">Deliveries</caption>
          <thead>
            <tr>
              <th scope="col">Created</th>
              <th scope="col">Event</th>
              <th scope="col">Status</th>
              <th scope="col">Attempts</th>
              <th scope="col">Response</th>
              <th scope="col">Next attempt</th>
              <th scope="col">Error</th>
              <th scope="col">Actions</th>
            </tr>
          </thead>
          <tbody>
            {deliveries?.edges.map(({ node }) => (
              <tr key={node.id}>
                <td>{formatDate(node.createdAt)}</td>
                <td>
                  {node.eventType}
                  <div className="hint">
                    <code>{node.eventId}</code>
                  </div>
                </td>
                <td>
                  <span className={`badge ${statusClass(node.status)}`}>{node.status.toLowerCase()}</span>
                </td>
                <td>{node.attempts}</td>
                <td>{node.responseStatus ?? "—"}</td>
                <td>{formatDate(node.nextAttemptAt)}</td>
                <td>{node.lastError ?? "—"}</td>
                <td>
                  <button
                    type="button"
                    className="secondary"
                    aria-label={`Redeliver ${node.eventType} ${node.eventId}`}
                    disabled={redelivered.fetching}
                    onClick={() => void redeliver({ deliveryId: node.id })}
                  >
                    Redeliver
                  </button>
                </td>
              </tr>
            ))}
            {deliveries?.edges.length === 0 && (
              <tr>
                <td colSpan={8}>No deliveries yet.</td>
              </tr>
            )}
          </tbody>
        </table>
      </div>
      <Pager paging={paging} pageInfo={deliveries?.pageInfo} totalCount={deliveries?.totalCount} label="Deliveries" />
    </>
  );
}
