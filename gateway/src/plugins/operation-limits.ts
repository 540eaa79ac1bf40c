import type { ApolloServerPlugin } from "@apollo/server";
import { HeaderMap } from "@apollo/server";
import { GraphQLError } from "graphql";
import type { OperationLimits } from "../../../subgraphs/core/src/config";
import { AppError, errorStatus } from "../../../subgraphs/core/src/errors";
import type { GatewayContext } from "../context";
import type { ClientBucket, ClientBuckets } from "../rate-limit/client-buckets";
import { secondsUntilAvailable, type TakeResult } from "../rate-limit/leaky-bucket";
import { enforceOperationLimits, tooComplex } from "../limits/check";
import { measureResponseCost } from "../limits/operation-analysis";
import { actualCostOf, recordRequestedCost } from "../limits/request-cost";

/** `extensions.cost` of every response, in Shopify's shape. */
export interface CostExtension {
  requestedQueryCost: number;
  actualQueryCost: number;
  throttleStatus: { maximumAvailable: number; currentlyAvailable: number; restoreRate: number } | null;
}

export function throttleStatus(result: TakeResult | undefined): CostExtension["throttleStatus"] {
  if (!result) return null;
  return {
    maximumAvailable: result.settings.capacity,
    currentlyAvailable: Math.floor(result.available),
    restoreRate: result.settings.restoreRate,
  };
}

function rateLimited(retryAfter: number): GraphQLError {
  return new GraphQLError(`Rate limit exceeded: retry in ${retryAfter} s`, {
    extensions: {
      code: "RATE_LIMITED",
      retryAfter,
      http: { status: errorStatus.RATE_LIMITED, headers: new HeaderMap([["retry-after", String(retryAfter)]]) },
    },
  });
}

/**
 * What an operation must pass before any resolver runs, once validated (the token count came
 * before parsing, token-limit.ts): input nesting, depth, aliases, root fields, list sizes and
 * static cost, with the variables, then the caller's bucket, charged the static cost.
 * `didResolveOperation` comes before @apollo/gateway's executor, which plans the operation:
 * what is refused here is never planned. After execution the bucket gets back what the
 * response did not use, and the response says so in `extensions.cost`.
 *
 * Operations the gateway runs for itself (subscription payloads, through executeOperation)
 * have no HTTP request: they were checked as the subscription they serve and are not metered.
 */
export function operationLimitsPlugin(
  limits: OperationLimits,
  buckets: ClientBuckets,
): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart({ request }) {
      if (!request.http) return;
      let requested = 0;
      let bucket: ClientBucket | undefined;
      let charge: TakeResult | undefined;
      return {
        async didResolveOperation({ schema, document, operation, request, contextValue }) {
          if (!operation) return;
          requested = asGraphQLErrors(
            () => enforceOperationLimits(schema, document, operation, request.variables, limits).cost,
          );
          recordRequestedCost(request, requested);
          bucket = buckets.bucketFor(contextValue);
          if (!bucket) return;
          // More than the bucket can ever hold would be refused forever: that is a limit, not a wait.
          if (requested > bucket.settings.capacity) {
            throw tooComplex("cost", requested, bucket.settings.capacity).toGraphQLError();
          }
          charge = await buckets.take(bucket, requested);
          if (!charge.allowed) throw rateLimited(secondsUntilAvailable(charge, requested));
        },
        async willSendResponse({ response, schema, document, operation, request, contextValue }) {
          if (response.body.kind !== "single") return;
          const result = response.body.singleResult;
          const charged = charge?.allowed === true;
          let actual = 0;
          let status = charge;
          if (charged && bucket && document && operation) {
            actual =
              actualCostOf(request, () => measureResponseCost(schema, document, operation, result.data)) ?? requested;
            // The points the response did not use go back.
            if (actual < requested) status = await buckets.take(bucket, actual - requested);
          } else if (!charge) {
            // Refused before the charge: the bucket as it stands, unless nothing meters this caller.
            const standing = bucket ?? buckets.bucketFor(contextValue);
            if (standing) status = await buckets.take(standing, 0);
          }
          const cost: CostExtension = {
            requestedQueryCost: requested,
            actualQueryCost: actual,
            throttleStatus: throttleStatus(status),
          };
          result.extensions = { ...result.extensions, cost };
        },
      };
    },
  };
}

/** Our refusals carry their HTTP status into Apollo Server's answer as GraphQL errors. */
function asGraphQLErrors<T>(check: () => T): T {
  try {
    return check();
  } catch (error) {
    throw error instanceof AppError ? error.toGraphQLError() : error;
  }
}
