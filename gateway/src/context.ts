import type { AuthContext } from "../../subgraphs/core/src/auth/context";
import type { Identity } from "./auth/authenticate";
import type { ResponseSlot } from "./response-cache/response-cache";

export interface GatewayContext {
  auth: AuthContext;
  requestId: string;
  /** The caller's client app's own request budget (null columns: the server's default). */
  rateLimit?: Identity["rateLimit"];
  /** A publishable key's call (a public key: metered per key and caller address). */
  publishable?: boolean;
  /** The caller's address (X-Forwarded-For as far as OMNI_TRUST_PROXY_HOPS trusts it, else the socket's). */
  callerAddress?: string;
  /** When the request's keys were issued: the key rotation plugin warns about old ones. */
  keysCreatedAt?: Identity["keysCreatedAt"];
  /** Where the answer goes when the response cache missed it (set by the lookup before Apollo). */
  responseCache?: ResponseSlot;
}
