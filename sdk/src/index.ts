import type { DocumentTypeDecoration } from "@graphql-typed-document-node/core";
// The client entry alone: the package root also holds the server, which needs `graphql` at run time.
import { createClient, type Client as WsClient } from "graphql-ws/client";

// `.js` as Node resolves the built ESM output; TypeScript maps it back to the source.
export * from "./generated/graphql.js";

export interface OmniClientOptions {
  /** The gateway's GraphQL endpoint, e.g. `http://127.0.0.1:4000/graphql`; subscriptions use the same URL as ws(s). */
  url: string;
  /** The platform's key (`pk_…`), sent as `x-api-key`: for servers. */
  platformKey?: string;
  /** The tenant's key (`sk_…`), sent as `client-x-api-key`; leave it out for platform-level calls such as `registerClient`. */
  clientKey?: string;
  /** A browser storefront's publishable key (`pub_…`), sent alone as `client-x-api-key`. */
  publishableKey?: string;
  /**
   * A staff app's access token (from `POST /auth/login`), sent as `Authorization: Bearer`; a
   * function is asked before each request and each WebSocket connection, so a refreshed token is used.
   */
  accessToken?: string | (() => string | Promise<string>);
  /** A WebSocket class where the runtime has none (Node 20: `import WebSocket from "ws"`). */
  webSocketImpl?: unknown;
}

/** One GraphQL error as the gateway sends it; `extensions.code` is one of the codes in docs/querying.md. */
export interface OmniGraphqlError {
  message: string;
  path?: (string | number)[];
  extensions?: { code?: string; [key: string]: unknown };
}

export interface OmniResponse<TResult> {
  status: number;
  data: TResult | null | undefined;
  errors: OmniGraphqlError[] | undefined;
  /** Includes `cost` (requested, actual, throttle status) on every answer. */
  extensions: Record<string, unknown> | undefined;
}

/** Errors of an answer (`request`) or of a subscription (`subscribe`); `code` is the first error's. */
export class OmniRequestError extends Error {
  readonly code: string | undefined;

  constructor(
    /** The HTTP status; undefined for a subscription's errors, which arrive over the WebSocket. */
    readonly status: number | undefined,
    readonly errors: OmniGraphqlError[],
  ) {
    super(errors.map((error) => error.message).join("; ") || `HTTP ${status}`);
    this.name = "OmniRequestError";
    this.code = errors[0]?.extensions?.code;
  }
}

export interface SubscriptionSink<TResult> {
  next(data: TResult): void;
  /** The gateway confirmed the subscription: every event from now on reaches `next`. */
  subscribed?(): void;
  /** A refused subscription (an OmniRequestError with its code) or a lost connection. */
  error?(error: unknown): void;
  complete?(): void;
}

// Operations whose variables are all optional may be called without any.
type VariablesArgument<TVariables> =
  Record<string, never> extends TVariables ? [variables?: TVariables] : [variables: TVariables];

export interface OmniClient {
  /** The whole answer, errors included: for callers that read `extensions.cost` or handle partial data. */
  execute<TResult, TVariables>(
    document: DocumentTypeDecoration<TResult, TVariables>,
    ...variables: VariablesArgument<TVariables>
  ): Promise<OmniResponse<TResult>>;
  /** The data of a successful answer; any GraphQL error rejects with an OmniRequestError. */
  request<TResult, TVariables>(
    document: DocumentTypeDecoration<TResult, TVariables>,
    ...variables: VariablesArgument<TVariables>
  ): Promise<TResult>;
  /** Starts a subscription over graphql-ws; returns the function that ends it. */
  subscribe<TResult, TVariables>(
    document: DocumentTypeDecoration<TResult, TVariables>,
    variables: TVariables,
    sink: SubscriptionSink<TResult>,
  ): () => void;
  /** Closes the WebSocket, if one was opened. */
  dispose(): Promise<void>;
}

export function createOmniClient(options: OmniClientOptions): OmniClient {
  const credentials = async (): Promise<Record<string, string>> => {
    if (options.accessToken !== undefined) {
      const token = typeof options.accessToken === "function" ? await options.accessToken() : options.accessToken;
      return { authorization: `Bearer ${token}` };
    }
    if (options.publishableKey) return { "client-x-api-key": options.publishableKey };
    const keys: Record<string, string> = {};
    if (options.platformKey) keys["x-api-key"] = options.platformKey;
    if (options.clientKey) keys["client-x-api-key"] = options.clientKey;
    return keys;
  };
  let socket: WsClient | undefined;
  // Ids of our own making, so a subscription knows which acknowledgement is its own.
  let operations = 0;
  let latestId = "";

  // One connection for all of this client's subscriptions, opened by the first of them.
  const ws = (): WsClient =>
    (socket ??= createClient({
      url: options.url.replace(/^http/, "ws"),
      connectionParams: credentials,
      generateID: () => (latestId = String(++operations)),
      ...(options.webSocketImpl !== undefined && { webSocketImpl: options.webSocketImpl }),
    }));

  const execute: OmniClient["execute"] = async (document, ...[variables]) => {
    const response = await fetch(options.url, {
      method: "POST",
      headers: { "content-type": "application/json", ...(await credentials()) },
      body: JSON.stringify({ query: document.toString(), variables }),
    });
    // A proxy in front of the gateway may answer with something else than GraphQL's JSON.
    const body = (await response.json().catch(() => ({
      errors: [{ message: `HTTP ${response.status}: not a GraphQL response` }],
    }))) as Partial<Omit<OmniResponse<never>, "status">>;
    return { status: response.status, data: body.data, errors: body.errors, extensions: body.extensions };
  };

  function subscribe<TResult, TVariables>(
    document: DocumentTypeDecoration<TResult, TVariables>,
    variables: TVariables,
    sink: SubscriptionSink<TResult>,
  ): () => void {
    const client = ws();
    let stopWaiting: () => void = () => undefined;
    const unsubscribe = client.subscribe<TResult>(
      { query: document.toString(), variables: variables as Record<string, unknown> },
      {
        next(result) {
          if (result.errors?.length) {
            sink.error?.(new OmniRequestError(undefined, result.errors as OmniGraphqlError[]));
          } else if (result.data) {
            sink.next(result.data);
          }
        },
        // graphql-ws hands a refused subscription's errors over as an array.
        error: (error) => {
          stopWaiting();
          sink.error?.(Array.isArray(error) ? new OmniRequestError(undefined, error as OmniGraphqlError[]) : error);
        },
        complete: () => {
          stopWaiting();
          sink.complete?.();
        },
      },
    );
    // The gateway acknowledges a live subscription with a pong naming its id (graphql-ws itself
    // has no such message); `subscribe` drew the id synchronously, so it is ours.
    if (sink.subscribed) {
      const id = latestId;
      stopWaiting = client.on("pong", (received, payload) => {
        if (!received || (payload as { subscribed?: unknown } | undefined)?.subscribed !== id) return;
        stopWaiting();
        sink.subscribed?.();
      });
    }
    return () => {
      stopWaiting();
      unsubscribe();
    };
  }

  return {
    execute,
    async request(document, ...variables) {
      const response = await execute(document, ...variables);
      if (response.errors?.length || response.data == null) {
        throw new OmniRequestError(response.status, response.errors ?? []);
      }
      return response.data;
    },
    subscribe,
    async dispose() {
      await socket?.dispose();
    },
  };
}
