import type { ApolloServerPlugin } from "@apollo/server";
import { errorStatus } from "../../../subgraphs/core/src/errors";
import type { GatewayContext } from "../context";

/** What a client is told to wait before retrying while the database or a subgraph is unreachable. */
const retryAfterSeconds = 5;

/**
 * A subgraph that cannot reach its database answers its fields with SERVICE_UNAVAILABLE,
 * which the gateway receives as an execution error (HTTP 200). When that is the whole
 * answer — nothing but unavailable errors and no data — clients, proxies and load
 * balancers expect 503 with Retry-After, so the status says it too.
 */
export const unavailableStatusPlugin: ApolloServerPlugin<GatewayContext> = {
  async requestDidStart() {
    return {
      async willSendResponse({ response }) {
        if (response.body.kind !== "single") return;
        const { data, errors } = response.body.singleResult;
        if (!errors?.length || !errors.every((error) => error.extensions?.code === "SERVICE_UNAVAILABLE")) return;
        if (data != null && Object.values(data).some((value) => value != null)) return;
        response.http.status = errorStatus.SERVICE_UNAVAILABLE;
        response.http.headers.set("retry-after", String(retryAfterSeconds));
      },
    };
  },
};
