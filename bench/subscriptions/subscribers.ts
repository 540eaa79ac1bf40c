import type { ClientRequestArgs } from "node:http";
import { createClient, type Client } from "graphql-ws";
import WebSocket, { type ClientOptions } from "ws";
import type { Mode } from "./options";
import { waitUntil } from "./waiting";

export interface SubscriberTarget {
  /** The gateway's GraphQL URL; the sockets go to the same path over ws://. */
  url: string;
  connectionParams: Record<string, string>;
  productId: string;
}

/**
 * The document subscriber `i` sends in a mode:
 *   shared:     every subscriber the same (one `product { name }` fetch per event)
 *   root-alias: a unique alias on the root, `p${i}: product { name }`; the gateway replaces it
 *               with its entity query alias, so it still shares one fetch
 *   unshared:   a unique alias inside the entity, `product { n${i}: name }`: one fetch per
 *               subscriber per event
 */
function documentFor(mode: Mode, i: number): string {
  const entity =
    mode === "shared"
      ? "product { name }"
      : mode === "root-alias"
        ? `p${i}: product { name }`
        : `product { n${i}: name }`;
  return `subscription ($id: ID!) { stockChanged(productId: $id) { ${entity} onHand at } }`;
}

function nameOf(mode: Mode, i: number, event: Record<string, unknown>): unknown {
  const product = event[mode === "root-alias" ? `p${i}` : "product"] as Record<string, unknown> | undefined;
  return product?.[mode === "unshared" ? `n${i}` : "name"];
}

/**
 * When the frame being handled reached this thread: set by each socket's first `message`
 * listener, before graphql-ws's own parses it and calls the subscription's `next` in the same
 * synchronous turn, so the parse and the tally are not counted as the gateway's time.
 */
let messageAt = 0;

class TimedWebSocket extends WebSocket {
  constructor(address: string | URL, protocols?: string | string[], options?: ClientOptions | ClientRequestArgs) {
    super(address, protocols, options);
    this.on("message", () => (messageAt = Date.now()));
  }
}

/**
 * N graphql-ws connections with one `stockChanged` subscription each, and the tally of what
 * they received: per expected event value, how many times each subscriber got it (a
 * duplicate shows up as a count of 2), with the event→delivery latency of each. Subscriber
 * `first + i` of the whole bench is this thread's `i`.
 */
export class Subscribers {
  readonly latencies: number[] = [];
  delivered = 0;
  duplicates = 0;
  unexpected = 0;
  missingName = 0;
  /** Subscribers the warm-up event reached. */
  warmedUp = 0;
  readonly errors: string[] = [];
  connected = 0;
  refused = 0;
  closed = 0;
  readonly closes = new Map<number, number>();
  private readonly counts = new Map<number, Uint8Array>();
  private warmupCounts: Uint8Array | undefined;
  private readonly clients: Client[] = [];

  constructor(
    readonly n: number,
    private readonly mode: Mode,
    private readonly target: SubscriberTarget,
    private readonly first = 0,
  ) {}

  /** Events with these values count as measured deliveries. */
  expect(values: number[]): void {
    for (const value of values) this.counts.set(value, new Uint8Array(this.n));
  }

  /** The event with this value proves the subscriptions are registered: counted apart. */
  expectWarmup(value: number): void {
    this.warmupCounts = new Uint8Array(this.n);
    this.counts.set(value, this.warmupCounts);
  }

  /** Per value, how many subscribers never received it. */
  lost(values: number[]): number[] {
    return values.map((value) => this.counts.get(value)!.reduce((sum, c) => sum + (c === 0 ? 1 : 0), 0));
  }

  /** Opens all N with `inFlight` handshakes at a time, until the deadline or the first refusal. */
  async connect(inFlight = 200): Promise<void> {
    const deadline = Date.now() + 30_000 + this.n * 10;
    let next = 0;
    await Promise.all(
      Array.from({ length: Math.min(inFlight, this.n) }, async () => {
        while (next < this.n && Date.now() < deadline && this.refused === 0) await this.open(next++);
      }),
    );
  }

  /** Closes every client and waits for their sockets to close; a note when they do not in 30 s. */
  async close(): Promise<string | undefined> {
    const opened = this.clients.filter(Boolean).length;
    await Promise.all(this.clients.map((client) => client?.dispose()));
    return waitUntil(() => this.closed >= opened, 30_000, `closing clients (${this.closed}/${opened})`).then(
      () => undefined,
      (error: unknown) => (error instanceof Error ? error.message : String(error)),
    );
  }

  private open(i: number): Promise<void> {
    return new Promise<void>((resolve) => {
      let settled = false;
      const done = () => {
        if (!settled) {
          settled = true;
          resolve();
        }
      };
      const client = createClient({
        url: this.target.url.replace(/^http/, "ws"),
        webSocketImpl: TimedWebSocket,
        connectionParams: this.target.connectionParams,
        lazy: false,
        retryAttempts: 0,
        onNonLazyError: () => undefined,
        on: {
          connected: () => {
            this.connected++;
            done();
          },
          closed: (event) => {
            this.closed++;
            const code = (event as { code?: number }).code ?? 0;
            this.closes.set(code, (this.closes.get(code) ?? 0) + 1);
            if (!settled) this.refused++;
            done();
          },
          error: (error) => {
            if (this.errors.length < 5) this.errors.push(`socket ${i}: ${String((error as Error)?.message ?? error)}`);
            if (!settled) this.refused++;
            done();
          },
        },
      });
      this.clients[i] = client;
      client.subscribe<{ stockChanged: Record<string, unknown> }>(
        { query: documentFor(this.mode, this.first + i), variables: { id: this.target.productId } },
        {
          next: (result) => this.receive(i, result.data?.stockChanged, result.errors),
          error: (error) => {
            if (this.errors.length < 5) this.errors.push(`subscription ${i}: ${JSON.stringify(error)}`);
          },
          complete: () => undefined,
        },
      );
    });
  }

  private receive(i: number, event: Record<string, unknown> | undefined, errors: readonly unknown[] | undefined) {
    const receivedAt = messageAt;
    if (errors?.length && this.errors.length < 5) this.errors.push(JSON.stringify(errors));
    if (!event) return;
    const perSubscriber = this.counts.get(event.onHand as number);
    if (!perSubscriber) {
      this.unexpected++;
      return;
    }
    if (perSubscriber[i]! > 0) this.duplicates++;
    perSubscriber[i]!++;
    if (!nameOf(this.mode, this.first + i, event)) this.missingName++;
    if (perSubscriber !== this.warmupCounts) {
      this.delivered++;
      this.latencies.push(receivedAt - Date.parse(event.at as string));
    } else this.warmedUp++;
  }
}
