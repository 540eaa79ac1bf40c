import type { ApolloServerPlugin } from "@apollo/server";
import { ApolloServerPluginLandingPageDisabled } from "@apollo/server/plugin/disabled";
import { ApolloServerPluginLandingPageLocalDefault } from "@apollo/server/plugin/landingPage/default";
import type { GraphQLSchema } from "graphql";
import type { Config } from "../../../subgraphs/core/src/config";
import type { OutboxSignal } from "../../../subgraphs/core/src/events/outbox-signal";
import type { Logger } from "../../../subgraphs/core/src/logger";
import type { GatewayContext } from "../context";
import type { GatewayMetrics } from "../observability/metrics";
import type { RequestLog } from "../observability/request-log";
import type { ClientBuckets } from "../rate-limit/client-buckets";
import type { ResponseCache } from "../response-cache/response-cache";
import { authErrorStatusPlugin } from "./auth-error-status";
import { internalErrorLog } from "./internal-error-log";
import { introspectionWithSubscriptions } from "./introspection-with-subscriptions";
import { keyRotationWarningPlugin } from "./key-rotation-warning";
import { operationLimitsPlugin } from "./operation-limits";
import { operationObserver } from "./operation-observer";
import { operationResolutionGuard } from "./operation-resolution-guard";
import { outboxWakePlugin } from "./outbox-wake";
import { requireCredentialsPlugin } from "./require-credentials";
import { responseCachePlugin } from "./response-cache";
import { storableTextPlugin } from "./storable-text";
import { unavailableStatusPlugin } from "./unavailable-status";

export interface GatewayPluginDeps {
  config: Config;
  log: Logger;
  metrics: GatewayMetrics;
  requestLog: RequestLog;
  buckets: ClientBuckets;
  responseCache: ResponseCache;
  outbox: OutboxSignal;
  /** The subscription schema once the supergraph loaded: introspection shows its Subscription type. */
  subscriptionSchema: () => GraphQLSchema | undefined;
}

/**
 * Every Apollo plugin of the gateway, in the order Apollo runs their hooks: observers first
 * (so they see refused requests too), then the refusals from the cheapest to the costliest,
 * stopping at the first: no credentials, an operation that cannot be planned, over the
 * limits (which also bound the nesting of variables before the text check walks them).
 * The key rotation warning decorates every answer, refused ones included: the key still worked.
 * The response cache keeps clean storefront answers (its hits never reach Apollo: response-cache/http.ts).
 * A finished mutation wakes this process's outbox dispatcher.
 */
export function gatewayPlugins(deps: GatewayPluginDeps): ApolloServerPlugin<GatewayContext>[] {
  const { config } = deps;
  return [
    config.introspection
      ? ApolloServerPluginLandingPageLocalDefault({ embed: true })
      : ApolloServerPluginLandingPageDisabled(),
    operationObserver(deps.metrics, deps.requestLog),
    internalErrorLog(deps.log),
    keyRotationWarningPlugin(config.keyMaxAge),
    unavailableStatusPlugin,
    requireCredentialsPlugin,
    authErrorStatusPlugin,
    operationResolutionGuard,
    operationLimitsPlugin(config.limits, deps.buckets),
    storableTextPlugin,
    introspectionWithSubscriptions(deps.subscriptionSchema),
    responseCachePlugin(deps.responseCache),
    outboxWakePlugin(deps.outbox),
  ];
}
