import { useState, type FormEvent } from "react";
import { useMutation } from "urql";
import { ErrorNotice } from "../../components/error-notice";
import { Field } from "../../components/field";
import {
  ConfigureProkipDocument,
  ConnectWooCommerceDocument,
  InitiateShopifyConnectionDocument,
} from "../../generated/graphql";
import { storeName } from "./store-names";

/** Starts Shopify's OAuth: the shop's consent screen comes back to the gateway, which sends the browser here. */
export function ShopifyConnectForm() {
  const [initiated, initiate] = useMutation(InitiateShopifyConnectionDocument);
  const [shop, setShop] = useState("");
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const result = await initiate({ shop });
    if (result.data) window.location.assign(result.data.initiateShopifyConnection.authUrl);
  };
  return (
    <form className="inline" onSubmit={submit} aria-label="Connect a Shopify store">
      <Field
        label="Shopify shop"
        required
        maxLength={255}
        placeholder="mystore.myshopify.com"
        value={shop}
        onChange={(event) => setShop(event.target.value)}
        hint="You approve the app on the shop, then come back here."
      />
      <button type="submit" disabled={initiated.fetching}>
        Connect Shopify
      </button>
      <ErrorNotice error={initiated.error} />
    </form>
  );
}

export function WooCommerceConnectForm() {
  const [connected, connect] = useMutation(ConnectWooCommerceDocument);
  const [storeUrl, setStoreUrl] = useState("");
  const [consumerKey, setConsumerKey] = useState("");
  const [consumerSecret, setConsumerSecret] = useState("");
  const [done, setDone] = useState<string | null>(null);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setDone(null);
    const result = await connect({ input: { storeUrl, consumerKey, consumerSecret } });
    if (result.data) {
      setDone(storeName(result.data.connectWooCommerce));
      setConsumerKey("");
      setConsumerSecret("");
    }
  };
  return (
    <form className="inline" onSubmit={submit} aria-label="Connect a WooCommerce store">
      <Field
        label="WooCommerce store URL"
        type="url"
        required
        placeholder="https://shop.example.com"
        value={storeUrl}
        onChange={(event) => setStoreUrl(event.target.value)}
      />
      <Field
        label="Consumer key"
        required
        autoComplete="off"
        placeholder="ck_…"
        value={consumerKey}
        onChange={(event) => setConsumerKey(event.target.value)}
      />
      <Field
        label="Consumer secret"
        type="password"
        required
        autoComplete="off"
        placeholder="cs_…"
        value={consumerSecret}
        onChange={(event) => setConsumerSecret(event.target.value)}
      />
      <button type="submit" disabled={connected.fetching}>
        Connect WooCommerce
      </button>
      <ErrorNotice error={connected.error} />
      {done && (
        <p className="notice" role="status">
          Connected store {done}.
        </p>
      )}
    </form>
  );
}

export function ProkipForm() {
  const [configured, configure] = useMutation(ConfigureProkipDocument);
  const [token, setToken] = useState("");
  const [apiUrl, setApiUrl] = useState("");
  const [locationId, setLocationId] = useState("");
  const [done, setDone] = useState(false);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setDone(false);
    const result = await configure({ input: { token, locationId, apiUrl: apiUrl || null } });
    if (result.data) {
      setDone(true);
      setToken("");
    }
  };
  return (
    <form className="inline" onSubmit={submit} aria-label="Configure Prokip">
      <Field
        label="Prokip API token"
        type="password"
        required
        autoComplete="off"
        value={token}
        onChange={(event) => setToken(event.target.value)}
      />
      <Field
        label="Prokip business location id"
        required
        value={locationId}
        onChange={(event) => setLocationId(event.target.value)}
        hint="Where store sales are booked in Prokip."
      />
      <Field
        label="Prokip API URL (optional)"
        type="url"
        value={apiUrl}
        onChange={(event) => setApiUrl(event.target.value)}
        hint="Empty: the gateway's default."
      />
      <button type="submit" disabled={configured.fetching}>
        Save Prokip
      </button>
      <ErrorNotice error={configured.error} />
      {done && (
        <p className="notice" role="status">
          Prokip is configured.
        </p>
      )}
    </form>
  );
}
