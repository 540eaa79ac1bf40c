import { Client, cacheExchange, fetchExchange, subscriptionExchange } from "urql";
import { CloseCode, createClient as createWsClient, type Client as WsClient, type ClientOptions } from "graphql-ws";
import { liveConnectionEvents } from "./live-connection";
import { currentSession } from "./session";

/**
 * The console's one GraphQL client: the gateway's public endpoint over HTTP, and graphql-ws on
 * the same path for subscriptions. Both carry the session's CSRF token; the cookie travels by
 * itself (same origin), so nothing secret is held by the page.
 */
export function consoleClient(csrfToken: string, onSessionEnded: () => void): { client: Client; close: () => void } {
  // The gateway closes a socket whose session ended (signed out elsewhere, expired): the page
  // asks whether the session is really over before sending the person to sign in.
  const ws = consoleSocket(csrfToken, liveConnectionEvents, () =>
    currentSession().then(
      (session) => session ?? onSessionEnded(),
      () => undefined,
    ),
  );
  const client = new Client({
    url: "/graphql",
    requestPolicy: "cache-and-network",
    // POST with a JSON body: Apollo's CSRF prevention refuses a GET without a preflight header.
    preferGetMethod: false,
    fetchOptions: () => ({ credentials: "same-origin", headers: { "x-csrf-token": csrfToken } }),
    fetch: async (input, init) => {
      const response = await fetch(input, init);
      if (response.status === 401) {
        const body = (await response
          .clone()
          .json()
          .catch(() => null)) as {
          errors?: { extensions?: { code?: string } }[];
        } | null;
        if (body?.errors?.some((error) => error.extensions?.code === "UNAUTHENTICATED")) onSessionEnded();
      }
      return response;
    },
    exchanges: [
      cacheExchange,
      fetchExchange,
      subscriptionExchange({
        forwardSubscription: (request) => ({
          subscribe: (sink) => ({ unsubscribe: ws.subscribe({ ...request, query: request.query ?? "" }, sink) }),
        }),
      }),
    ],
  });
  return { client, close: () => void ws.dispose() };
}

/**
 * graphql-ws to the gateway's own origin: the browser sends the session cookie with the
 * upgrade, the CSRF token goes in connectionParams. Connects on the first subscription; `on`
 * hears its connection's events (the pages' live indicator listens to the console's socket).
 * A refusal of the credentials (4401) is not retried: `unauthorized` hears it instead.
 */
export function consoleSocket(csrfToken: string, on?: ClientOptions["on"], unauthorized?: () => void): WsClient {
  const refused = (event: unknown) => (event as { code?: number } | null)?.code === CloseCode.Unauthorized;
  return createWsClient({
    url: `${location.protocol === "https:" ? "wss" : "ws"}://${location.host}/graphql`,
    connectionParams: { "x-csrf-token": csrfToken },
    lazy: true,
    // A gateway restart or a dropped network: the live feeds come back by themselves.
    retryAttempts: Infinity,
    shouldRetry: (event) => !refused(event),
    on: {
      ...on,
      closed: (event) => {
        on?.closed?.(event);
        if (refused(event)) unauthorized?.();
      },
    },
  });
}

/**
 * A query's context that refetches it after any mutation returning one of these types: urql's
 * document cache would miss a list that was empty (no typename of its items in it yet).
 * Built once per page module, so the context keeps its identity between renders.
 */
export const refetchOn = (...typenames: string[]) => ({ additionalTypenames: typenames });
