import type { AuthContext } from "../../subgraphs/core/src/auth/context";

export interface GatewayContext {
  auth: AuthContext;
  requestId: string;
}
