import { useState, type FormEvent } from "react";
import { Link } from "wouter";
import { useMutation, useQuery } from "urql";
import { refetchOn } from "../../api/client";
import { ErrorNotice } from "../../components/error-notice";
import { Field } from "../../components/field";
import { formatDate } from "../../components/format";
import { SecretOnce } from "../../components/secret-once";
import {
  CreateWebhookEndpointDocument,
  DeleteWebhookEndpointDocument,
  WebhookEndpointsDocument,
} from "../../generated/graphql";

const endpointsContext = refetchOn("WebhookEndpoint");

/** The event types the API queues (CreateWebhookEndpointInput.events). */
const eventTypes = [
  { value: "stock.changed", label: "Stock changed" },
  { value: "order.created", label: "Order created" },
  { value: "order.status_changed", label: "Order status changed" },
  { value: "product.published", label: "Product published" },
  { value: "product.updated", label: "Product updated" },
  { value: "product.archived", label: "Product archived" },
];

/** The tenant's outbound webhook endpoints: subscribe a URL to events (its signing secret shown once), delete one. */
export function WebhookEndpointsPage() {
  const [{ data, error, fetching }, refetch] = useQuery({ query: WebhookEndpointsDocument, context: endpointsContext });
  const [created, create] = useMutation(CreateWebhookEndpointDocument);
  const [deleted, remove] = useMutation(DeleteWebhookEndpointDocument);
  const [url, setUrl] = useState("");
  const [events, setEvents] = useState<string[]>([]);
  const [secret, setSecret] = useState<{ url: string; value: string } | null>(null);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const result = await create({ input: { url, events } });
    if (result.data) {
      const { endpoint, secret: value } = result.data.createWebhookEndpoint;
      setSecret({ url: endpoint.url, value });
      setUrl("");
      setEvents([]);
    }
  };
  // A delete answers a Boolean, which names no type to refetch on: the list is asked again.
  const deleteEndpoint = async (id: string) => {
    const result = await remove({ id });
    if (result.data) refetch({ requestPolicy: "network-only" });
  };
  const endpoints = data?.webhookEndpoints;
  return (
    <>
      <h1>Outbound webhooks</h1>
      <form className="inline" onSubmit={submit} aria-label="Add a webhook endpoint">
        <Field
          label="Endpoint URL"
          type="url"
          required
          placeholder="https://shop.example.com/webhooks/omni"
          value={url}
          onChange={(event) => setUrl(event.target.value)}
        />
        <fieldset className="event-types">
          <legend>Events it receives</legend>
          {eventTypes.map((type) => (
            <label key={type.value} className="check">
              <input
                type="checkbox"
                checked={events.includes(type.value)}
                onChange={(event) =>
                  setEvents((now) =>
                    event.target.checked ? [...now, type.value] : now.filter((value) => value !== type.value),
                  )
                }
              />{" "}
              {type.label} <code>{type.value}</code>
            </label>
          ))}
        </fieldset>
        <button type="submit" disabled={created.fetching || events.length === 0}>
          Add endpoint
        </button>
      </form>
      <ErrorNotice error={created.error ?? deleted.error} />
      {secret && (
        <SecretOnce label={`Signing secret of ${secret.url}`} value={secret.value} onDismiss={() => setSecret(null)} />
      )}
      <ErrorNotice error={error} />
      <div className="table-wrap">
        <table aria-busy={fetching}>
          <caption className="visually-hidden">Webhook endpoints</caption>
          <thead>
            <tr>
              <th scope="col">URL</th>
              <th scope="col">Events</th>
              <th scope="col">Status</th>
              <th scope="col">Created</th>
              <th scope="col">Actions</th>
            </tr>
          </thead>
          <tbody>
            {endpoints?.map((endpoint) => (
              <tr key={endpoint.id}>
                <td className="wrap-anywhere">
                  <Link href={`/webhooks/${endpoint.id}`} aria-label={`Deliveries to ${endpoint.url}`}>
                    {endpoint.url}
                  </Link>
                </td>
                <td>{endpoint.events.join(", ")}</td>
                <td>
                  <span className={`badge ${endpoint.isActive ? "ok" : "off"}`}>
                    {endpoint.isActive ? "active" : "disabled (410 Gone)"}
                  </span>
                </td>
                <td>{formatDate(endpoint.createdAt)}</td>
                <td>
                  <button
                    type="button"
                    className="danger"
                    aria-label={`Delete ${endpoint.url}`}
                    disabled={deleted.fetching}
                    onClick={() => {
                      if (confirm(`Delete ${endpoint.url}? Its delivery log goes with it.`))
                        void deleteEndpoint(endpoint.id);
                    }}
                  >
                    Delete
                  </button>
                </td>
              </tr>
            ))}
            {endpoints?.length === 0 && (
              <tr>
                <td colSpan={5}>No endpoints yet.</td>
              </tr>
            )}
          </tbody>
        </table>
      </div>
    </>
  );
}
