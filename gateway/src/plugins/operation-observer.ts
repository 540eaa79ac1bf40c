import type { ApolloServerPlugin } from "@apollo/server";
import type { GraphQLFormattedError } from "graphql";
import type { GatewayContext } from "../context";
import type { GatewayMetrics } from "../observability/metrics";
import type { RequestLog } from "../observability/request-log";

const codeOf = (error: { extensions?: Record<string, unknown> | undefined }): string =>
  typeof error.extensions?.code === "string" ? error.extensions.code : "UNKNOWN";

/**
 * Feeds each GraphQL operation that arrived over HTTP into the metrics (count and latency by
 * operation name, errors by code) and onto its request's log line. The gateway's own
 * operations (subscription payload resolution) belong to no HTTP request and are skipped.
 */
export function operationObserver(metrics: GatewayMetrics, requests: RequestLog): ApolloServerPlugin<GatewayContext> {
  return {
    async contextCreationDidFail({ error }) {
      metrics.countErrors([codeOf(error as { extensions?: Record<string, unknown> })]);
    },
    async requestDidStart({ contextValue, request }) {
      const record = requests.recordFor(contextValue);
      if (!record) return;
      const startedAt = performance.now();
      let name = request.operationName ?? undefined;
      let type = "unknown";
      return {
        async didResolveOperation({ operation, operationName }) {
          name = operationName ?? undefined;
          type = operation?.operation ?? "unknown";
        },
        async willSendResponse({ response }) {
          const errors: readonly GraphQLFormattedError[] =
            response.body.kind === "single" ? (response.body.singleResult.errors ?? []) : [];
          const errorCodes = errors.map(codeOf);
          record.operations.push(name ?? "anonymous");
          record.errorCodes.push(...errorCodes);
          metrics.observeOperation({
            name,
            type,
            durationSeconds: (performance.now() - startedAt) / 1000,
            errorCodes,
          });
        },
      };
    },
  };
}
