import { useSearch } from "wouter";

// The callback's error codes (subgraphs/integrations/src/services/shopify.ts), in words a
// merchant can act on.
const reasons: Record<string, string> = {
  not_configured: "This gateway has no Shopify app configured (SHOPIFY_CLIENT_ID and SHOPIFY_CLIENT_SECRET).",
  invalid_request: "Shopify's answer was incomplete: start the connection again.",
  invalid_hmac: "Shopify's answer was not signed by our Shopify app, so it was refused.",
  invalid_shop: "Shopify answered for a shop that is not a *.myshopify.com domain.",
  invalid_state: "The authorization was already used, had expired (10 minutes) or was for another shop: start again.",
  token_exchange_failed: "Shopify refused to exchange the authorization for an access token: start again.",
  webhook_registration_failed:
    "The shop was connected but its webhooks could not be registered: see the connection's error.",
  internal_error: "The gateway failed to finish the connection: start again, and tell the operator if it persists.",
};

/** How the Shopify consent round trip ended: the callback sends the browser back here, told so in the query. */
export function ShopifyOutcome() {
  const query = new URLSearchParams(useSearch());
  const store = query.get("store");
  if (query.get("shopify_success") === "true")
    return (
      <p className="notice" role="status">
        Connected store {store}.
      </p>
    );
  const error = query.get("shopify_error");
  if (!error) return null;
  return (
    <div role="alert" className="error-notice">
      <p>
        Connecting {store ?? "the Shopify store"} failed: {reasons[error] ?? error}
        <code className="error-code">{error}</code>
      </p>
    </div>
  );
}
