import { buildSchema, parse, subscribe, type ExecutionArgs } from "graphql";
import type { WebSocket } from "ws";
import type { AuthContext } from "../../subgraphs/core/src/auth/context";
import { silentLogger } from "../../subgraphs/core/src/logger";
import { SubscriptionFanOut, slowSubscriberClose } from "../../gateway/src/subscriptions/fan-out";

// The fan-out against graphql-js's real `subscribe` over a small schema; the sockets are
// recorders, because a real socket's send buffer only grows past the kernel's (megabytes).
const schema = buildSchema(`
  type Query { ok: Boolean }
  type Tick { n: Int! label: String! }
  type Subscription { ticks: Tick! }
`);

/** A source the test pushes ticks into; counts how often a tick's fields are resolved. */
function tickSource() {
  const waiting: ((result: IteratorResult<{ ticks: { n: number } }>) => void)[] = [];
  let sources = 0;
  let returned = 0;
  let labelsResolved = 0;
  const rootValue = {
    ticks: () => {
      sources++;
      const iterator: AsyncIterableIterator<{ ticks: { n: number; label: () => string } }> = {
        next: () => new Promise((resolve) => waiting.push(resolve as never)),
        return: () => {
          returned++;
          waiting.splice(0).forEach((resolve) => resolve({ value: undefined, done: true }));
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
      waiting.splice(0).forEach((resolve) => resolve({ value: { ticks: { n, label } as never }, done: false }));
    },
    end() {
      waiting.splice(0).forEach((resolve) => resolve({ value: undefined, done: true }));
    },
    counts: () => ({ sources, returned, labelsResolved }),
  };
}

class RecordingSocket {
  readonly OPEN = 1;
  readyState = 1;
  bufferedAmount = 0;
  readonly frames: string[] = [];
  closedWith: { code: number; reason: string } | null = null;
  send(frame: string) {
    this.frames.push(frame);
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
  const join = async (query: string, id: string, scopes = ["stock:read"]) => {
    const socket = new RecordingSocket();
    const iterator = (await fanOut.subscribe(
      args(query),
      { socket: socket as unknown as WebSocket, id },
      auth(scopes),
    )) as AsyncIterableIterator<never>;
    const ended = iterator.next();
    return { socket, iterator, ended };
  };
  return { source, fanOut, join };
}

const query = "subscription { ticks { n label } }";

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
    { socket: new RecordingSocket() as unknown as WebSocket, id: "e" },
    auth([]),
  );
  expect(result).toMatchObject({ errors: [{ message: "no stock:read" }] });
  expect(fanOut.groupCount()).toBe(0);
});
