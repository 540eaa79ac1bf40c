import { Link } from "wouter";
import { useQuery } from "urql";
import { refetchOn } from "../../api/client";
import { ErrorNotice } from "../../components/error-notice";
import { formatDate } from "../../components/format";
import { StoreConnectionsDocument } from "../../generated/graphql";
import { ProkipForm, ShopifyConnectForm, WooCommerceConnectForm } from "./connect-forms";
import { ShopifyOutcome } from "./shopify-outcome";
import { locationName, platformName, storeName, syncState } from "./store-names";

const connectionsContext = refetchOn("Connection");

/** The tenant's store connections, and the forms that connect Shopify, WooCommerce and Prokip. */
export function ConnectionsPage() {
  const [{ data, error, fetching }] = useQuery({ query: StoreConnectionsDocument, context: connectionsContext });
  const connections = data?.connections;
  return (
    <>
      <h1>Store connections</h1>
      <ShopifyOutcome />
      <ErrorNotice error={error} />
      <div className="table-wrap">
        <table aria-busy={fetching}>
          <caption className="visually-hidden">Store connections</caption>
          <thead>
            <tr>
              <th scope="col">Store</th>
              <th scope="col">Platform</th>
              <th scope="col">Status</th>
              <th scope="col">Last sync</th>
              <th scope="col">Location</th>
              <th scope="col">Products matched</th>
            </tr>
          </thead>
          <tbody>
            {connections?.map((connection) => {
              const sync = syncState(connection);
              return (
                <tr key={connection.id}>
                  <td>
                    <Link href={`/connections/${connection.id}`}>{storeName(connection)}</Link>
                    {connection.lastError && <div className="hint">Error: {connection.lastError}</div>}
                  </td>
                  <td>{platformName(connection.platform)}</td>
                  <td>
                    <span className={`badge ${sync.ok ? "ok" : "off"}`}>{sync.label}</span>
                  </td>
                  <td>{formatDate(connection.lastSyncAt)}</td>
                  <td>{locationName(connection.locationId, data?.locations)}</td>
                  <td>{connection.productCount}</td>
                </tr>
              );
            })}
            {connections?.length === 0 && (
              <tr>
                <td colSpan={6}>No stores connected yet.</td>
              </tr>
            )}
          </tbody>
        </table>
      </div>
      <h2>Connect Shopify</h2>
      <ShopifyConnectForm />
      <h2>Connect WooCommerce</h2>
      <WooCommerceConnectForm />
      <h2>Prokip</h2>
      <ProkipForm />
    </>
  );
}
