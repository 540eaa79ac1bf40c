import { createClient, type Client } from "graphql-ws";
import WebSocket from "ws";

export interface Subscriber<T> {
  events: T[];
  errors: unknown[];
  /** Resolves once `count` events arrived; rejects after `timeoutMs`. */
  waitFor(count: number, timeoutMs?: number): Promise<T[]>;
  close(): Promise<void>;
}

/** The id of each client's latest subscription, so `subscribe` can match the server's acknowledgement. */
const latestIds = new WeakMap<Client, { id?: string }>();

export function wsUrl(httpUrl: string): string {
  return httpUrl.replace(/^http/, "ws");
}

/** A graphql-ws client as a PMS would open it, with the keys in connectionParams. */
export function connect(
  httpUrl: string,
  keys: Record<string, string>,
): { client: Client; connected: Promise<void>; closed: Promise<number> } {
  let closedWith: (code: number) => void = () => undefined;
  let connectedNow: () => void = () => undefined;
  const closed = new Promise<number>((resolve) => (closedWith = resolve));
  const connected = new Promise<void>((resolve) => (connectedNow = resolve));
  const latest: { id?: string } = {};
  let operations = 0;
  const client = createClient({
    url: wsUrl(httpUrl),
    webSocketImpl: WebSocket,
    connectionParams: keys,
    lazy: false,
    retryAttempts: 0,
    generateID: () => (latest.id = `op-${++operations}`),
    // Refused connections are what some tests expect; they read the close code instead.
    onNonLazyError: () => undefined,
    on: { connected: () => connectedNow(), closed: (event) => closedWith((event as { code: number }).code) },
  });
  latestIds.set(client, latest);
  return { client, connected, closed };
}

/**
 * Starts a subscription and resolves once the server confirms it listens (its `subscribed`
 * acknowledgement, see gateway/src/subscriptions/server.ts), so whatever the test does next
 * is seen by it. A refused subscription resolves as soon as its errors arrive; they are in
 * `errors`.
 */
export async function subscribe<T = Record<string, unknown>>(
  client: Client,
  query: string,
  variables: Record<string, unknown> = {},
  acknowledgedWithinMs = 30_000,
): Promise<Subscriber<T>> {
  const events: T[] = [];
  const errors: unknown[] = [];
  const waiters: (() => void)[] = [];
  let settled: () => void = () => undefined;
  const acknowledged = new Promise<void>((resolve) => (settled = resolve));
  const wake = () => {
    settled();
    waiters.forEach((waiter) => waiter());
  };
  const stop = client.subscribe<T>(
    { query, variables },
    {
      next: (result) => {
        if (result.errors) errors.push(...result.errors);
        if (result.data) events.push(result.data as T);
        wake();
      },
      error: (error) => {
        errors.push(error);
        wake();
      },
      complete: () => settled(),
    },
  );
  // Registered after `subscribe` in the same tick: the acknowledgement comes in a later message.
  const id = latestIds.get(client)?.id;
  const stopListening = client.on("pong", (received, payload) => {
    const subscribed = (payload as { subscribed?: unknown } | undefined)?.subscribed;
    // A client made elsewhere has no recorded id: then any acknowledgement will do.
    if (received && subscribed !== undefined && (id === undefined || subscribed === id)) settled();
  });
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      acknowledged,
      new Promise<never>((_, reject) => {
        timer = setTimeout(
          () => reject(new Error(`the server did not acknowledge ${query} within ${acknowledgedWithinMs} ms`)),
          acknowledgedWithinMs,
        );
      }),
    ]);
  } finally {
    clearTimeout(timer);
    stopListening();
  }
  return {
    events,
    errors,
    waitFor(count, timeoutMs = 20_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          if (events.length >= count) resolve(events);
          else if (errors.length > 0) reject(new Error(JSON.stringify(errors)));
        };
        const timer = setTimeout(
          () => reject(new Error(`got ${events.length} of ${count} events: ${JSON.stringify(events)}`)),
          timeoutMs,
        );
        waiters.push(() => {
          check();
          if (events.length >= count) clearTimeout(timer);
        });
        check();
      });
    },
    async close() {
      stop();
    },
  };
}
