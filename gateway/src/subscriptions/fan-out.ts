import { print, type ExecutionArgs, type ExecutionResult } from "graphql";
import type { WebSocket } from "ws";
import type { AuthContext } from "../../../subgraphs/core/src/auth/context";
import type { Logger } from "../../../subgraphs/core/src/logger";
import { Connection, WriteBatch, type Corkable } from "./write-batch";

/** Who receives a subscription's results: one graphql-ws subscription on one socket. */
export interface Subscriber {
  socket: WebSocket;
  /** The TCP socket under `socket` (the upgrade request's), corked while a tick's frames are written. */
  stream: Corkable;
  id: string;
}

type SourceResult = AsyncIterableIterator<ExecutionResult> | ExecutionResult;

/**
 * Close code for a subscriber whose socket has not drained `maxBufferedBytes`: 1013 "try
 * again later" tells graphql-ws clients to reconnect, and the rest of the group is not held
 * back by one reader, nor the process's memory by its backlog.
 */
export const slowSubscriberClose = { code: 1013, reason: "Subscriber too slow" } as const;

export interface FanOutOptions {
  /** graphql-js `subscribe` with the gateway's field resolver. */
  subscribe: (args: ExecutionArgs) => Promise<SourceResult>;
  /** What a subscriber is sent of a result (typed error codes, internals masked). */
  format: (result: ExecutionResult) => unknown;
  /** Unsent bytes a socket may hold before it is closed as too slow. */
  maxBufferedBytes: number;
  log: Logger;
}

/**
 * Subscribers whose results cannot differ share one execution: the same tenant, app, person
 * and scopes, the same document, operation and variables. Each event is executed once for
 * the group and serialised once; every member's socket gets the same bytes but for its
 * subscription id. With thousands of subscribers on one selection an event costs one
 * execution and one write per socket, not one execution and one serialisation per subscriber.
 */
export class SubscriptionFanOut {
  private readonly groups = new Map<string, Promise<Group | ExecutionResult>>();
  /** One for all groups: a socket subscribed in several gets their frames of a tick in one write. */
  private readonly batch = new WriteBatch();
  private readonly connections = new WeakMap<WebSocket, Connection>();

  constructor(private readonly options: FanOutOptions) {}

  /**
   * What graphql-ws iterates for this subscriber. The iterator never yields: the group writes
   * the results to the socket itself, and the iterator ends (graphql-ws then sends `complete`)
   * when the group's source ends; `return()` (the client completed or left) leaves the group.
   */
  async subscribe(args: ExecutionArgs, subscriber: Subscriber, auth: AuthContext): Promise<SourceResult> {
    const key = groupKey(args, auth);
    for (;;) {
      const opened = await (this.groups.get(key) ?? this.open(key, args));
      if (!(opened instanceof Group)) return opened;
      // A group whose last member left while this one waited has stopped: open another.
      const joined = opened.join(subscriber, this.connectionOf(subscriber));
      if (joined) return joined;
    }
  }

  private connectionOf({ socket, stream }: Subscriber): Connection {
    let connection = this.connections.get(socket);
    if (!connection) {
      connection = new Connection(stream);
      this.connections.set(socket, connection);
    }
    return connection;
  }

  /** Distinct executions running: one per group of subscribers with the same selection. */
  groupCount(): number {
    return this.groups.size;
  }

  /**
   * Starts the execution the group's members share, with the first member's context (the
   * others' differ only in their request id). Registered before it resolves, so subscribers
   * arriving meanwhile wait for it instead of starting their own.
   */
  private open(key: string, args: ExecutionArgs): Promise<Group | ExecutionResult> {
    const forget = () => {
      if (this.groups.get(key) === opening) this.groups.delete(key);
    };
    const opening = Promise.resolve()
      .then(() => this.options.subscribe(args))
      .then(
        (source) => {
          // An error result (e.g. the key may not read stock) is every member's answer.
          if (!(Symbol.asyncIterator in source)) {
            forget();
            return source;
          }
          return new Group(source, this.options, this.batch, forget);
        },
        (error: unknown) => {
          forget();
          throw error;
        },
      );
    this.groups.set(key, opening);
    return opening;
  }
}

/** The fields of a caller's auth that decide what a subscription may return; not the key itself. */
function groupKey(args: ExecutionArgs, auth: AuthContext): string {
  const { clientAppId, clientId, userId, accountId, scopes, isAdmin } = auth;
  return JSON.stringify([
    [clientAppId, clientId, userId, accountId ?? null, [...scopes].sort(), isAdmin],
    print(args.document),
    args.operationName ?? null,
    args.variableValues ?? null,
  ]);
}

interface Member {
  socket: WebSocket;
  connection: Connection;
  /** `{"id":"<id>","type":"next","payload":` — the frame up to the shared payload. */
  framePrefix: string;
  end: (error?: unknown) => void;
}

class Group {
  private readonly members = new Set<Member>();
  private closed = false;

  constructor(
    private readonly source: AsyncIterableIterator<ExecutionResult>,
    private readonly options: FanOutOptions,
    private readonly batch: WriteBatch,
    private readonly forget: () => void,
  ) {
    void this.pump();
  }

  /** The member's iterator for graphql-ws, or undefined when the group has stopped. */
  join({ socket, id }: Subscriber, connection: Connection): AsyncIterableIterator<never> | undefined {
    if (this.closed) return undefined;
    let settle: { resolve: (result: IteratorResult<never>) => void; reject: (error: unknown) => void } | null = null;
    let ended: { error?: unknown } | null = null;
    const member: Member = {
      socket,
      connection,
      framePrefix: `{"id":${JSON.stringify(id)},"type":"next","payload":`,
      end: (error) => {
        if (ended) return;
        ended = { error };
        this.members.delete(member);
        connection.subscriptions--;
        if (error === undefined) settle?.resolve({ value: undefined, done: true });
        else settle?.reject(error);
        settle = null;
      },
    };
    this.members.add(member);
    connection.subscriptions++;
    const leave = (): Promise<IteratorResult<never>> => {
      member.end();
      if (this.members.size === 0) this.close();
      return Promise.resolve({ value: undefined, done: true });
    };
    return {
      next: () =>
        ended
          ? ended.error === undefined
            ? Promise.resolve({ value: undefined, done: true })
            : Promise.reject(ended.error)
          : new Promise((resolve, reject) => (settle = { resolve, reject })),
      return: leave,
      throw: (error: unknown) => leave().then(() => Promise.reject(error)),
      [Symbol.asyncIterator]() {
        return this;
      },
    };
  }

  private async pump(): Promise<void> {
    try {
      for (;;) {
        const step = await this.source.next();
        if (step.done) break;
        this.broadcast(step.value);
      }
      this.endAll();
    } catch (error) {
      this.endAll(error);
    }
  }

  private broadcast(result: ExecutionResult): void {
    const payload = JSON.stringify(this.options.format(result));
    for (const member of this.members) {
      const { socket } = member;
      if (socket.readyState !== socket.OPEN) continue;
      if (socket.bufferedAmount > this.options.maxBufferedBytes) {
        this.options.log.warn({ bufferedBytes: socket.bufferedAmount }, "closing a subscriber that does not read");
        socket.close(slowSubscriberClose.code, slowSubscriberClose.reason);
        continue;
      }
      this.batch.beforeWrite(member.connection);
      socket.send(`${member.framePrefix}${payload}}`);
    }
  }

  private endAll(error?: unknown): void {
    this.forget();
    this.closed = true;
    for (const member of [...this.members]) member.end(error);
  }

  /** The last member left: the source stops listening to the feed. */
  private close(): void {
    if (this.closed) return;
    this.closed = true;
    this.forget();
    void this.source.return?.();
  }
}
