import { useState, type FormEvent } from "react";
import { Link, useParams } from "wouter";
import { useMutation, useQuery } from "urql";
import { refetchOn } from "../../api/client";
import { ErrorNotice } from "../../components/error-notice";
import { SelectField } from "../../components/field";
import { formatDate } from "../../components/format";
import {
  DisconnectStoreDocument,
  PauseSyncDocument,
  PullOrdersDocument,
  RematchProductsDocument,
  ResumeSyncDocument,
  SetConnectionLocationDocument,
  StoreConnectionDocument,
  TriggerSyncDocument,
  type StoreConnectionFieldsFragment,
} from "../../generated/graphql";
import { locationName, platformName, storeName, syncState } from "./store-names";
import { SyncRuns } from "./sync-runs";

const connectionContext = refetchOn("Connection");

/** One store connection: its state, what staff can do to it, and its sync runs. */
export function ConnectionPage() {
  const { id } = useParams<{ id: string }>();
  const [{ data, error }] = useQuery({ query: StoreConnectionDocument, variables: { id }, context: connectionContext });
  const connection = data?.connection;
  return (
    <>
      <p>
        <Link href="/connections">← Store connections</Link>
      </p>
      <h1>{connection ? storeName(connection) : "Store connection"}</h1>
      <ErrorNotice error={error} />
      {data && !connection && <p>No such connection in this tenant.</p>}
      {connection && (
        <>
          <ConnectionFacts connection={connection} locations={data.locations} />
          <p>
            <Link href={`/inbox?connection=${connection.id}`}>Store webhooks of {storeName(connection)}</Link>
          </p>
          {connection.status !== "DISCONNECTED" && (
            <>
              <ConnectionActions connection={connection} />
              <LocationForm connection={connection} locations={data.locations} />
            </>
          )}
          <SyncRuns connectionId={connection.id} />
        </>
      )}
    </>
  );
}

type Locations = { id: string; name: string; code: string }[];

function ConnectionFacts({
  connection,
  locations,
}: {
  connection: StoreConnectionFieldsFragment;
  locations: Locations;
}) {
  const sync = syncState(connection);
  return (
    <dl className="facts">
      <dt>Platform</dt>
      <dd>{platformName(connection.platform)}</dd>
      <dt>Status</dt>
      <dd>
        <span className={`badge ${sync.ok ? "ok" : "off"}`}>{sync.label}</span>
      </dd>
      <dt>Last sync</dt>
      <dd>{formatDate(connection.lastSyncAt)}</dd>
      <dt>Location</dt>
      <dd>{locationName(connection.locationId, locations)}</dd>
      <dt>Products matched by SKU</dt>
      <dd>{connection.productCount}</dd>
      <dt>Store orders imported</dt>
      <dd>{connection.orderCount}</dd>
      <dt>Connected</dt>
      <dd>{formatDate(connection.createdAt)}</dd>
      {connection.lastError && (
        <>
          <dt>Last error</dt>
          <dd>{connection.lastError}</dd>
        </>
      )}
    </dl>
  );
}

function ConnectionActions({ connection }: { connection: StoreConnectionFieldsFragment }) {
  const connectionId = connection.id;
  const [synced, sync] = useMutation(TriggerSyncDocument);
  const [paused, pause] = useMutation(PauseSyncDocument);
  const [resumed, resume] = useMutation(ResumeSyncDocument);
  const [pulled, pull] = useMutation(PullOrdersDocument);
  const [rematched, rematch] = useMutation(RematchProductsDocument);
  const [disconnected, disconnect] = useMutation(DisconnectStoreDocument);
  const [outcome, setOutcome] = useState<string | null>(null);
  const busy =
    synced.fetching ||
    paused.fetching ||
    resumed.fetching ||
    pulled.fetching ||
    rematched.fetching ||
    disconnected.fetching;

  const syncNow = async () => {
    setOutcome(null);
    const result = await sync({ connectionId });
    const run = result.data?.triggerSync[0];
    if (result.data)
      setOutcome(
        run
          ? `Sync ${run.status.toLowerCase()}: ${run.pushed} pushed, ${run.skipped} unchanged, ${run.failed} refused${run.error ? ` (${run.error})` : ""}.`
          : "Nothing was synced: the store is not syncing.",
      );
  };
  const pullNow = async () => {
    setOutcome(null);
    const result = await pull({ connectionId });
    if (result.data) setOutcome(`${result.data.pullOrders.count} new store orders queued for import.`);
  };
  const rematchNow = async () => {
    setOutcome(null);
    const result = await rematch({ connectionId });
    if (result.data) setOutcome(`${result.data.rematchProducts.productCount} store products matched by SKU.`);
  };
  const name = storeName(connection);
  return (
    <section aria-labelledby="connection-actions">
      <h2 id="connection-actions">Actions</h2>
      <div className="actions">
        <button type="button" disabled={busy} onClick={() => void syncNow()}>
          Sync now
        </button>
        {connection.syncEnabled ? (
          <button type="button" className="secondary" disabled={busy} onClick={() => void pause({ connectionId })}>
            Pause sync
          </button>
        ) : (
          <button type="button" className="secondary" disabled={busy} onClick={() => void resume({ connectionId })}>
            Resume sync
          </button>
        )}
        <button type="button" className="secondary" disabled={busy} onClick={() => void pullNow()}>
          Pull orders
        </button>
        <button type="button" className="secondary" disabled={busy} onClick={() => void rematchNow()}>
          Rematch products
        </button>
        <button
          type="button"
          className="danger"
          disabled={busy}
          onClick={() => {
            if (confirm(`Disconnect ${name}? Its webhooks are removed from the store and its credentials forgotten.`))
              void disconnect({ id: connectionId });
          }}
        >
          Disconnect
        </button>
      </div>
      {outcome && (
        <p className="notice" role="status">
          {outcome}
        </p>
      )}
      <ErrorNotice
        error={synced.error ?? paused.error ?? resumed.error ?? pulled.error ?? rematched.error ?? disconnected.error}
      />
    </section>
  );
}

function LocationForm({ connection, locations }: { connection: StoreConnectionFieldsFragment; locations: Locations }) {
  const [saved, save] = useMutation(SetConnectionLocationDocument);
  const [chosen, setChosen] = useState(connection.locationId ?? "");
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void save({ id: connection.id, locationId: chosen || null });
  };
  return (
    <form className="inline" onSubmit={submit} aria-label="Set the location">
      <SelectField
        label="Location the store draws from"
        value={chosen}
        onChange={(event) => setChosen(event.target.value)}
        options={[
          { value: "", label: locationName(null, locations) },
          ...locations.map((location) => ({ value: location.id, label: `${location.name} (${location.code})` })),
        ]}
      />
      <button type="submit" disabled={saved.fetching}>
        Save location
      </button>
      <ErrorNotice error={saved.error} />
    </form>
  );
}
