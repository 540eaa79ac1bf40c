import http from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { buildSchema, parse, subscribe, type ExecutionArgs } from "graphql";
import WebSocket, { WebSocketServer } from "ws";
import type { AuthContext } from "../../subgraphs/core/src/auth/context";
import { silentLogger } from "../../subgraphs/core/src/logger";
import { SubscriptionFanOut, slowSubscriberClose, type Subscriber } from "../../gateway/src/subscriptions/fan-out";

// The fan-out against graphql-js's real `subscribe` over a small schema. Most sockets are
// recorders, because a real socket's send buffer only grows past the kernel's (megabytes);
// how a tick's frames reach the TCP socket is checked on a real connection.
const schema = buildSchema(`
  type Query { ok: Boolean }
  type Tick { n: Int! label: String! }
  type Subscription { ticks: Tick! }
`);

/**
 * A source the test pushes ticks into; counts how often a tick's fields are resolved. Each
 * execution's iterator queues the ticks it has not asked for yet, as the event feed does.
 */
function tickSource() {
  type Tick = { ticks: { n: number; label: () => string } };
  const iterators = new Set<{ queue: Tick[]; waiting: ((result: IteratorResult<Tick>) => void) | null }>();
  let sources = 0;
  let returned = 0;
  let labelsResolved = 0;
  const rootValue = {
    ticks: () => {
      sources++;
      const state = { queue: [] as Tick[], waiting: null as ((result: IteratorResult<Tick>) => void) | null };
      iterators.add(state);
      const finish = () => {
        iterators.delete(state);
        state.waiting?.({ value: undefined, done: true });
        state.waiting = null;
      };
      const iterator: AsyncIterableIterator<Tick> = {
        next: () => {
          const queued = state.queue.shift();
          if (queued) return Promise.resolve({ value: queued, done: false });
          if (!iterators.has(state)) return Promise.resolve({ value: undefined, done: true });
          return new Promise((resolve) => (state.waiting = resolve));
        },
        return: () => {
          returned++;
          finish();
          return Promise.resolve({ value: undefined, done: true });
        },
        [Symbol.asyncIterator]() {
          return this;
        },
      };
      return iterator;
    },
  };
  return {
    rootValue,
    push(n: number) {
      const label = () => {
        labelsResolved++;
        return `tick ${n}`;
      };
      for (const state of iterators) {
        const tick = { ticks: { n, label } };
        if (state.waiting) {
          const resolve = state.waiting;
          state.waiting = null;
          resolve({ value: tick, done: false });
        } else state.queue.push(tick);
      }
    },
    end() {
      for (const state of [...iterators]) {
        iterators.delete(state);
        state.waiting?.({ value: undefined, done: true });
      }
    },
    counts: () => ({ sources, returned, labelsResolved }),
  };
}

/** A WebSocket and the TCP socket under it in one recorder: frames sent, and whether they were corked. */
class RecordingSocket {
  readonly OPEN = 1;
  readyState = 1;
  bufferedAmount = 0;
  readonly frames: string[] = [];
  closedWith: { code: number; reason: string } | null = null;
  corked = 0;
  uncorks = 0;
  /** Frames sent while the socket was not corked: written one system call each. */
  uncorkedSends = 0;
  send(frame: string) {
    this.frames.push(frame);
    if (this.corked === 0) this.uncorkedSends++;
  }
  cork() {
    this.corked++;
  }
  uncork() {
    this.corked--;
    this.uncorks++;
  }
  close(code: number, reason: string) {
    this.closedWith = { code, reason };
    this.readyState = 3;
  }
}

const auth = (scopes: string[]): AuthContext => ({
  clientAppId: "app-1",
  clientId: "tenant-1",
  keyId: `key-${scopes.join("-")}`,
  userId: null,
  scopes,
  isAdmin: false,
});

async function until(condition: () => boolean): Promise<void> {
  const deadline = Date.now() + 5000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error("condition not met in 5 s");
    await new Promise((resolve) => setImmediate(resolve));
  }
}

function setup() {
  const source = tickSource();
  const fanOut = new SubscriptionFanOut({
    subscribe: (args) => subscribe(args) as never,
    format: (result) => result,
    maxBufferedBytes: 1000,
    log: silentLogger,
  });
  const args = (query: string): ExecutionArgs => ({
    schema,
    document: parse(query),
    rootValue: source.rootValue,
    contextValue: {},
  });
  const subscribeOn = async (subscriber: Subscriber, query: string, scopes = ["stock:read"]) => {
    const iterator = (await fanOut.subscribe(args(query), subscriber, auth(scopes))) as AsyncIterableIterator<never>;
    return { iterator, ended: iterator.next() };
  };
  const join = async (query: string, id: string, scopes = ["stock:read"], socket = new RecordingSocket()) => ({
    socket,
    ...(await subscribeOn({ socket: socket as unknown as WebSocket, stream: socket, id }, query, scopes)),
  });
  return { source, fanOut, join, subscribeOn };
}

const query = "subscription { ticks { n label } }";

/** A real WebSocket connection on loopback: the server's side, its TCP socket, and what the client received. */
async function realConnection() {
  const server = http.createServer();
  const wss = new WebSocketServer({ server });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const accepted = new Promise<{ socket: WebSocket; request: http.IncomingMessage }>((resolve) =>
    wss.once("connection", (socket, request) => resolve({ socket, request })),
  );
  const client = new WebSocket(`ws://127.0.0.1:${(server.address() as AddressInfo).port}`);
  const received: { id: string; payload: { data: { ticks: { n: number } } } }[] = [];
  client.on("message", (data) => received.push(JSON.parse(String(data))));
  const opened = new Promise((resolve) => client.once("open", resolve));
  const { socket, request } = await accepted;
  await opened;
  return {
    socket,
    stream: request.socket as Socket,
    received,
    async close() {
      client.terminate();
      wss.close();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

test("subscribers of one selection share one execution and get the same bytes but for their id", async () => {
  const { source, fanOut, join } = setup();
  const members = await Promise.all(Array.from({ length: 50 }, (_, i) => join(query, `sub-${i}`)));
  expect(fanOut.groupCount()).toBe(1);

  source.push(1);
  await until(() => members.every((member) => member.socket.frames.length === 1));
  expect(source.counts()).toMatchObject({ sources: 1, labelsResolved: 1 });
  members.forEach((member, i) =>
    expect(JSON.parse(member.socket.frames[0]!)).toEqual({
      id: `sub-${i}`,
      type: "next",
      payload: { data: { ticks: { n: 1, label: "tick 1" } } },
    }),
  );
});

test("a different selection or different scopes get their own execution", async () => {
  const { source, fanOut, join } = setup();
  const a = await join(query, "a");
  const b = await join("subscription { ticks { n } }", "b");
  const c = await join(query, "c", ["stock:read", "admin"]);
  expect(fanOut.groupCount()).toBe(3);
  source.push(7);
  await until(() => [a, b, c].every((member) => member.socket.frames.length === 1));
  expect(JSON.parse(b.socket.frames[0]!).payload).toEqual({ data: { ticks: { n: 7 } } });
  expect(source.counts().sources).toBe(3);
});

test("a socket that does not drain is closed with 1013 and the others still get the event", async () => {
  const { source, join } = setup();
  const reader = await join(query, "reader");
  const stalled = await join(query, "stalled");
  stalled.socket.bufferedAmount = 5000;
  source.push(1);
  await until(() => reader.socket.frames.length === 1 && stalled.socket.closedWith !== null);
  expect(stalled.socket.closedWith).toEqual(slowSubscriberClose);
  expect(stalled.socket.frames).toEqual([]);
});

test("a socket's frames of one tick, across subscriptions and events, are written corked and flushed once", async () => {
  const { source, join } = setup();
  const socket = new RecordingSocket();
  await join(query, "a1", undefined, socket);
  await join(query, "a2", undefined, socket);
  await join("subscription { ticks { n } }", "b", undefined, socket);
  source.push(1);
  source.push(2);
  await until(() => socket.frames.length === 6 && socket.corked === 0);
  expect(socket.uncorkedSends).toBe(0);
  expect(socket.uncorks).toBe(1);
  expect(socket.frames.map((frame) => JSON.parse(frame).id)).toEqual(["a1", "a2", "b", "a1", "a2", "b"]);
});

test("on a real connection, one tick's frames to a socket leave in one write", async () => {
  const { source, subscribeOn } = setup();
  const connection = await realConnection();
  try {
    const { socket, stream } = connection;
    await subscribeOn({ socket, stream, id: "a1" }, query);
    await subscribeOn({ socket, stream, id: "a2" }, query);
    await subscribeOn({ socket, stream, id: "b" }, "subscription { ticks { n } }");
    // What the TCP socket hands to the kernel: one call per `_write` or `_writev`.
    const writes = jest.spyOn(stream as unknown as { _write: () => void }, "_write");
    const writevs = jest.spyOn(stream as unknown as { _writev: () => void }, "_writev");
    source.push(1);
    source.push(2);
    await until(() => connection.received.length === 6);
    expect(writes.mock.calls.length + writevs.mock.calls.length).toBe(1);
    expect(connection.received.map(({ id, payload }) => [id, payload.data.ticks.n])).toEqual([
      ["a1", 1],
      ["a2", 1],
      ["b", 1],
      ["a1", 2],
      ["a2", 2],
      ["b", 2],
    ]);
  } finally {
    await connection.close();
  }
});

test("a socket with one subscription is written at once, and held only from a second frame in the tick", async () => {
  const { source, join } = setup();
  const single = await join(query, "s");
  source.push(1);
  await until(() => single.socket.frames.length === 1);
  expect(single.socket).toMatchObject({ uncorkedSends: 1, uncorks: 0 });

  source.push(2);
  source.push(3);
  source.push(4);
  await until(() => single.socket.frames.length === 4 && single.socket.uncorks === 1);
  expect(single.socket).toMatchObject({ uncorkedSends: 2, corked: 0 });
});

test("on a real connection, a burst to a socket with one subscription takes two writes, not one per frame", async () => {
  const { source, subscribeOn } = setup();
  const connection = await realConnection();
  try {
    const { socket, stream } = connection;
    await subscribeOn({ socket, stream, id: "s" }, query);
    const writes = jest.spyOn(stream as unknown as { _write: () => void }, "_write");
    const writevs = jest.spyOn(stream as unknown as { _writev: () => void }, "_writev");
    for (let n = 1; n <= 4; n++) source.push(n);
    await until(() => connection.received.length === 4);
    expect(writes.mock.calls.length + writevs.mock.calls.length).toBe(2);
    expect(connection.received.map(({ payload }) => payload.data.ticks.n)).toEqual([1, 2, 3, 4]);
  } finally {
    await connection.close();
  }
});

test("frames of different ticks are separate writes: nothing waits for a later tick", async () => {
  const { source, subscribeOn } = setup();
  const connection = await realConnection();
  try {
    const { socket, stream } = connection;
    await subscribeOn({ socket, stream, id: "a" }, query);
    const writevs = jest.spyOn(stream as unknown as { _writev: () => void }, "_writev");
    source.push(1);
    await until(() => connection.received.length === 1);
    source.push(2);
    await until(() => connection.received.length === 2);
    expect(writevs).toHaveBeenCalledTimes(2);
  } finally {
    await connection.close();
  }
});

test("the execution stops when its last subscriber leaves, and a new subscriber starts another", async () => {
  const { source, fanOut, join } = setup();
  const first = await join(query, "1");
  const second = await join(query, "2");
  await first.iterator.return!();
  await expect(first.ended).resolves.toEqual({ value: undefined, done: true });
  expect(source.counts().returned).toBe(0);
  await second.iterator.return!();
  expect(source.counts().returned).toBe(1);
  expect(fanOut.groupCount()).toBe(0);

  const third = await join(query, "3");
  expect(source.counts().sources).toBe(2);
  source.push(2);
  await until(() => third.socket.frames.length === 1);
});

test("when the source ends, every member's iterator ends so graphql-ws completes it", async () => {
  const { source, fanOut, join } = setup();
  const members = await Promise.all([join(query, "x"), join(query, "y")]);
  source.end();
  for (const member of members) await expect(member.ended).resolves.toEqual({ value: undefined, done: true });
  expect(fanOut.groupCount()).toBe(0);
});

test("an error result (no stream) is every member's answer", async () => {
  const { fanOut } = setup();
  const result = await fanOut.subscribe(
    {
      schema,
      document: parse("subscription { ticks { n } }"),
      rootValue: {
        ticks: () => {
          throw new Error("no stock:read");
        },
      },
    },
    { socket: new RecordingSocket() as unknown as WebSocket, stream: new RecordingSocket(), id: "e" },
    auth([]),
  );
  expect(result).toMatchObject({ errors: [{ message: "no stock:read" }] });
  expect(fanOut.groupCount()).toBe(0);
});
