import type { ApolloServerPlugin } from "@apollo/server";
import type { Logger } from "../../../subgraphs/core/src/logger";
import type { GatewayContext } from "../context";
import { isPublic, isRefusedRequest, maskedMessage } from "../http/error-masking";

/**
 * Logs every unexpected error of a GraphQL request in full, with the request id the client
 * got in `x-request-id`. Errors a subgraph already masked were logged by that subgraph.
 */
export function internalErrorLog(log: Logger): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart() {
      return {
        async didEncounterErrors({ errors, contextValue, operationName }) {
          for (const error of errors) {
            if (isPublic(error) || isRefusedRequest(error) || error.message === maskedMessage) continue;
            log.error(
              { err: error.originalError ?? error, requestId: contextValue.requestId, operationName, path: error.path },
              "unexpected error in GraphQL request",
            );
          }
        },
      };
    },
  };
}
