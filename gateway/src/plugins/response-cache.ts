import type { ApolloServerPlugin } from "@apollo/server";
import type { GatewayContext } from "../context";
import { measureResponseCost } from "../limits/operation-analysis";
import { actualCostOf, requestedCostOf } from "../limits/request-cost";
import { cachedAnswerHeaders } from "../response-cache/http";
import { etagOf, type ResponseCache } from "../response-cache/response-cache";

/**
 * Keeps the answer of a request the response cache missed (its lookup left a slot in the
 * context), when the answer is one every caller of its tenant and scopes would get: a query
 * over the storefront reads, all data and no errors, HTTP 200. The entry carries the
 * operation's static and actual cost, which a hit charges as this request was charged.
 * Requests the gateway runs for itself (subscription payloads, REST) have no slot.
 */
export function responseCachePlugin(cache: ResponseCache): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart({ contextValue }) {
      const slot = contextValue.responseCache;
      if (!slot) return;
      return {
        async willSendResponse({ response, schema, document, operation, operationName, request }) {
          response.http.headers.set("x-omni-cache", "miss");
          if (response.body.kind !== "single" || !document || !operation) return;
          const result = response.body.singleResult;
          if (!result.data || result.errors?.length || (response.http.status ?? 200) !== 200) return;
          if (!cache.holdsOperation(operation)) return;
          // A hit is charged as operation-limits.ts charged this request; unpriced, it is not kept.
          const requestedCost = requestedCostOf(request);
          const actualCost = actualCostOf(request, () => measureResponseCost(schema, document, operation, result.data));
          if (requestedCost === undefined || actualCost === undefined) return;
          const data = JSON.stringify(result.data);
          const etag = etagOf(data);
          cache.keep(slot, { data, etag, requestedCost, actualCost, operationName: operationName ?? null });
          for (const [name, value] of Object.entries(cachedAnswerHeaders("miss", etag))) {
            response.http.headers.set(name, value);
          }
        },
      };
    },
  };
}
