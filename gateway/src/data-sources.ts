import { RemoteGraphQLDataSource, type GraphQLDataSource, type GraphQLDataSourceProcessOptions } from "@apollo/gateway";
import type { GatewayGraphQLResponse } from "@apollo/server-gateway-interface";
import { GraphQLError } from "graphql";
import { anonymous } from "../../subgraphs/core/src/auth/context";
import { contextHeader, signContext } from "../../subgraphs/core/src/auth/signed-context";
import type { SubgraphRuntime } from "../../subgraphs/core/src/subgraph/runtime";
import type { GatewayContext } from "./context";

function signedHeaderFor(secret: string, context: Partial<GatewayContext> | undefined): string {
  // Schema loading and health checks carry no request context: they travel as anonymous.
  return signContext(secret, context?.auth ?? anonymous, context?.requestId ?? "gateway");
}

/**
 * Executes a subgraph in this process, without an HTTP hop or JSON round trip. The caller
 * the gateway authenticated is handed over as it is: with no network in between there is
 * nothing to sign against (the HTTP data source below signs every request).
 */
export class InProcessDataSource implements GraphQLDataSource<GatewayContext> {
  constructor(private readonly runtime: SubgraphRuntime) {}

  async process(options: GraphQLDataSourceProcessOptions<GatewayContext>): Promise<GatewayGraphQLResponse> {
    const { request, context } = options;
    if (!request.query) return { errors: [{ message: "Subgraph request without a query" }] };
    // Schema loading and health checks carry no request context: they run as anonymous.
    return this.runtime.execute(
      { query: request.query, variables: request.variables, operationName: request.operationName },
      { auth: context?.auth ?? anonymous, requestId: context?.requestId ?? "gateway" },
    );
  }
}

type FetcherResponse = Parameters<RemoteGraphQLDataSource["errorFromResponse"]>[0];

/** A standalone subgraph over HTTP: each request carries the signed context. */
export class SignedRemoteDataSource extends RemoteGraphQLDataSource<GatewayContext> {
  constructor(
    url: string,
    private readonly secret: string,
  ) {
    // Node's fetch (undici) closes a pooled connection before the subgraph's advertised
    // keep-alive timeout runs out; Apollo's default fetcher keeps it until the subgraph
    // closes it, and a request written into it at that moment fails with read ECONNRESET.
    super({ url, fetcher: fetch });
  }

  override willSendRequest(options: GraphQLDataSourceProcessOptions<GatewayContext>): void {
    options.request.http?.headers.set(contextHeader, signedHeaderFor(this.secret, options.context));
  }

  /**
   * A subgraph answers 400 when a variable value fails its scalar (price: "ten"): that is the
   * client's error, with the subgraph's own message and code, not a failed fetch.
   */
  override async errorFromResponse(response: FetcherResponse): Promise<GraphQLError> {
    if (response.status === 400) {
      const body = (await response
        .clone()
        .json()
        .catch(() => null)) as {
        errors?: { message?: unknown; extensions?: Record<string, unknown> }[];
      } | null;
      const [first] = body?.errors ?? [];
      if (typeof first?.message === "string") {
        return new GraphQLError(first.message, { extensions: first.extensions ?? { code: "BAD_USER_INPUT" } });
      }
    }
    return super.errorFromResponse(response);
  }
}

/** Reports how long each fetch of a subgraph took and whether it failed (for `/metrics`). */
export class TimedDataSource implements GraphQLDataSource<GatewayContext> {
  constructor(
    private readonly inner: GraphQLDataSource<GatewayContext>,
    private readonly observe: (durationSeconds: number, failed: boolean) => void,
  ) {}

  async process(options: GraphQLDataSourceProcessOptions<GatewayContext>): Promise<GatewayGraphQLResponse> {
    const startedAt = performance.now();
    let failed = true;
    try {
      const response = await this.inner.process(options);
      failed = Boolean(response.errors?.length) && response.data == null;
      return response;
    } finally {
      this.observe((performance.now() - startedAt) / 1000, failed);
    }
  }
}
