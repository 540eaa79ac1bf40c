import type { AuthContext } from "../../subgraphs/core/src/auth/context";
import type { Identity } from "./auth/authenticate";

export interface GatewayContext {
  auth: AuthContext;
  requestId: string;
  /** The caller's client app's own request budget (null columns: the server's default). */
  rateLimit?: Identity["rateLimit"];
}
