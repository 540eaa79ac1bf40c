import type { ApolloServerPlugin } from "@apollo/server";
import { errorStatus } from "../../../subgraphs/core/src/errors";
import type { GatewayContext } from "../context";

const authCodes = new Set(["UNAUTHENTICATED", "FORBIDDEN"]);

/**
 * Subgraph resolvers refuse calls whose keys do not suffice; the gateway receives that as
 * an execution error (HTTP 200). When the refusal is the whole answer — no data, only
 * auth errors — clients and proxies expect 401/403, so the status says it too.
 */
export const authErrorStatusPlugin: ApolloServerPlugin<GatewayContext> = {
  async requestDidStart() {
    return {
      async willSendResponse({ response }) {
        if (response.body.kind !== "single") return;
        const { data, errors } = response.body.singleResult;
        if (data != null || !errors?.length) return;
        const codes = errors.map((error) => String(error.extensions?.code ?? ""));
        if (!codes.every((code) => authCodes.has(code))) return;
        const status = codes.includes("UNAUTHENTICATED") ? errorStatus.UNAUTHENTICATED : errorStatus.FORBIDDEN;
        response.http.status = status;
      },
    };
  },
};
