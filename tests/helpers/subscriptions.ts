import { createClient, type Client } from "graphql-ws";
import WebSocket from "ws";

export interface Subscriber<T> {
  events: T[];
  errors: unknown[];
  /** Resolves once `count` events arrived; rejects after `timeoutMs`. */
  waitFor(count: number, timeoutMs?: number): Promise<T[]>;
  close(): Promise<void>;
}

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
  const client = createClient({
    url: wsUrl(httpUrl),
    webSocketImpl: WebSocket,
    connectionParams: keys,
    lazy: false,
    retryAttempts: 0,
    // Refused connections are what some tests expect; they read the close code instead.
    onNonLazyError: () => undefined,
    on: { connected: () => connectedNow(), closed: (event) => closedWith((event as { code: number }).code) },
  });
  return { client, connected, closed };
}

export async function subscribe<T = Record<string, unknown>>(
  client: Client,
  query: string,
  variables: Record<string, unknown> = {},
): Promise<Subscriber<T>> {
  const events: T[] = [];
  const errors: unknown[] = [];
  const waiters: (() => void)[] = [];
  const stop = client.subscribe<T>(
    { query, variables },
    {
      next: (result) => {
        if (result.errors) errors.push(...result.errors);
        if (result.data) events.push(result.data as T);
        waiters.forEach((wake) => wake());
      },
      error: (error) => {
        errors.push(error);
        waiters.forEach((wake) => wake());
      },
      complete: () => undefined,
    },
  );
  // graphql-ws has no "subscribed" acknowledgement: a short pause lets the server register
  // the subscription before the test acts.
  await new Promise((resolve) => setTimeout(resolve, 150));
  return {
    events,
    errors,
    waitFor(count, timeoutMs = 5000) {
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
