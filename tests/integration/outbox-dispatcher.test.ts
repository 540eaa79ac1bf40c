import { openDatabase, type Database } from "../../subgraphs/core/src/db/database";
import { startDispatcher, type Dispatcher } from "../../subgraphs/core/src/events/dispatcher";
import { createMemoryBus } from "../../subgraphs/core/src/events/memory-bus";
import { recordEvents, type NewEvent } from "../../subgraphs/core/src/events/outbox";
import { createSeenFilter } from "../../subgraphs/core/src/events/seen-filter";
import type { DomainEvent, EventBus } from "../../subgraphs/core/src/events/types";
import { silentLogger } from "../../subgraphs/core/src/logger";
import { createTestDatabase, type TestDatabase } from "../helpers/database";
import { waitFor } from "../helpers/wait";
import { moduleDatabase } from "../../subgraphs/core/src/db/module-db";

let database: TestDatabase;
let db: Database;
const dispatchers: Dispatcher[] = [];
beforeAll(async () => {
  database = await createTestDatabase();
  db = database.db;
});
afterEach(async () => {
  await Promise.all(dispatchers.splice(0).map((dispatcher) => dispatcher.stop()));
  await db.prisma.outboxEvent.deleteMany();
});
afterAll(() => database.drop());

const dispatch = (options: Partial<Parameters<typeof startDispatcher>[0]> & { bus: EventBus }) => {
  const dispatcher = startDispatcher({ db, log: silentLogger, pollIntervalMs: 10, ...options });
  dispatchers.push(dispatcher);
  return dispatcher;
};

const clientId = "0190c000-0000-7000-8000-000000000001";

function stockEvents(count: number): NewEvent[] {
  return Array.from({ length: count }, (_, index) => ({
    type: "stock.changed",
    clientId,
    aggregate: `InventoryLevel:${index}`,
    payload: {
      productId: "0190c000-0000-7000-8000-0000000000aa",
      locationId: "0190c000-0000-7000-8000-0000000000bb",
      onHand: index,
      reserved: 0,
      available: index,
      delta: 1,
      movementType: "RECEIPT",
      reason: null,
      at: new Date().toISOString(),
    },
  }));
}

/** Records events as committed changes do, and returns their ids in outbox order. */
async function commitEvents(count: number): Promise<string[]> {
  await moduleDatabase(db.prisma).$transaction((tx) => recordEvents(tx, stockEvents(count)));
  const rows = await db.prisma.outboxEvent.findMany({ select: { id: true }, orderBy: { id: "asc" } });
  return rows.map((row) => row.id);
}

const pending = () => db.prisma.outboxEvent.count({ where: { publishedAt: null } });

/** A bus that records what it is given and can be made to fail. */
function controllableBus() {
  const published: DomainEvent[] = [];
  const control = { failure: null as Error | null, published };
  const bus: EventBus = {
    async publish(events) {
      if (control.failure) throw control.failure;
      published.push(...events);
    },
    subscribe: () => () => undefined,
    isHealthy: () => control.failure === null,
    close: async () => undefined,
  };
  return { bus, control };
}

describe("outbox dispatcher", () => {
  test("publishes each committed event once, oldest first, as a DomainEvent, and marks it", async () => {
    const ids = await commitEvents(3);
    const bus = createMemoryBus();
    const received: DomainEvent[] = [];
    bus.subscribe((event) => received.push(event));
    const dispatcher = dispatch({ bus });
    // Subscribers hear an event before the dispatcher's mark commits: wait for both.
    await waitFor(async () => received.length === 3 && (await pending()) === 0);
    expect(received.map((event) => event.id)).toEqual(ids);
    expect(received[0]).toEqual({
      id: ids[0],
      type: "stock.changed",
      clientId,
      aggregate: "InventoryLevel:0",
      payload: expect.objectContaining({ onHand: 0, movementType: "RECEIPT", reason: null }),
      createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
    });
    const rows = await db.prisma.outboxEvent.findMany();
    expect(rows.every((row) => row.publishedAt !== null && row.attempts === 1 && row.lastError === null)).toBe(true);
    // Later passes find nothing more to send: drain runs after the pass in flight.
    expect(await dispatcher.drain()).toBe(0);
    expect(received).toHaveLength(3);
  });

  test("drain publishes everything pending, batch after batch, and says how many", async () => {
    const { bus, control } = controllableBus();
    const dispatcher = dispatch({ bus, pollIntervalMs: 60_000, batchSize: 40 });
    // The loop's first pass is due at once: let it run now, or it could take a batch of
    // the events below before drain() does (its next pass is a minute away).
    await new Promise((resolve) => setTimeout(resolve, 0));
    await dispatcher.drain();
    const ids = await commitEvents(250);
    expect(await dispatcher.drain()).toBe(250);
    expect(control.published.map((event) => event.id)).toEqual(ids);
    expect(await pending()).toBe(0);
    expect(await dispatcher.drain()).toBe(0);
  });

  test("two dispatchers on one database deliver 500 events exactly once between them", async () => {
    // On PostgreSQL the second dispatcher is another process's pool; PGlite has one session only.
    const second = database.url ? await openDatabase({ kind: "postgres", url: database.url, poolSize: 5 }) : db;
    try {
      const ids = await commitEvents(500);
      const deliveries = new Map<string, number>();
      const bus = createMemoryBus();
      bus.subscribe((event) => deliveries.set(event.id, (deliveries.get(event.id) ?? 0) + 1));
      const publishedBy = [0, 0];
      const counting = (index: number): EventBus => ({
        ...bus,
        publish: async (events) => {
          publishedBy[index]! += events.length;
          await bus.publish(events);
        },
      });
      dispatch({ bus: counting(0), batchSize: 20 });
      dispatchers.push(
        startDispatcher({ db: second, bus: counting(1), log: silentLogger, pollIntervalMs: 10, batchSize: 20 }),
      );
      await waitFor(async () => deliveries.size === 500 && (await pending()) === 0, 30_000);
      await Promise.all(dispatchers.splice(0).map((dispatcher) => dispatcher.stop()));
      expect([...deliveries.keys()].sort()).toEqual(ids);
      expect([...deliveries.values()].every((count) => count === 1)).toBe(true);
      expect(publishedBy[0]! + publishedBy[1]!).toBe(500);
      expect(await db.prisma.outboxEvent.count({ where: { attempts: { not: 1 } } })).toBe(0);
    } finally {
      if (second !== db) await second.close();
    }
  });

  test("while the bus is down events stay pending with their attempts counted, and go out once it is back", async () => {
    const { bus, control } = controllableBus();
    control.failure = new Error("bus down");
    const ids = await commitEvents(2);
    dispatch({ bus, maxBackoffMs: 40 });
    await waitFor(async () => (await db.prisma.outboxEvent.findMany()).every((row) => row.attempts >= 3));
    const failing = await db.prisma.outboxEvent.findMany();
    expect(failing.every((row) => row.publishedAt === null && row.lastError === "bus down")).toBe(true);
    expect(control.published).toEqual([]);

    control.failure = null;
    await waitFor(async () => (await pending()) === 0);
    expect(control.published.map((event) => event.id)).toEqual(ids);
    const rows = await db.prisma.outboxEvent.findMany();
    expect(rows.every((row) => row.attempts >= 4)).toBe(true);
  });

  test("drain rejects while the bus is down and leaves the events pending", async () => {
    const { bus, control } = controllableBus();
    const dispatcher = dispatch({ bus, pollIntervalMs: 60_000 });
    await dispatcher.drain();
    control.failure = new Error("bus down");
    await commitEvents(1);
    await expect(dispatcher.drain()).rejects.toThrow("bus down");
    expect(await pending()).toBe(1);
  });

  test("events published but not marked (a crash in between) go out again, and consumers drop the copy", async () => {
    const bus = createMemoryBus();
    const received: string[] = [];
    const handled: string[] = [];
    const firstTime = createSeenFilter();
    bus.subscribe((event) => {
      received.push(event.id);
      if (firstTime(event.id)) handled.push(event.id);
    });
    let crashes = 1;
    const crashingAfterPublish: EventBus = {
      ...bus,
      publish: async (events) => {
        await bus.publish(events);
        if (crashes-- > 0) throw new Error("connection lost after publishing");
      },
    };
    const ids = await commitEvents(2);
    dispatch({ bus: crashingAfterPublish });
    await waitFor(async () => received.length === 4 && (await pending()) === 0);
    expect(received).toEqual([...ids, ...ids]);
    expect(handled).toEqual(ids);
  });

  test("stop waits for the pass in flight, which still marks what it published", async () => {
    let releasePublish: () => void = () => undefined;
    const publishing = new Promise<void>((resolve) => {
      releasePublish = resolve;
    });
    let publishStarted = false;
    const slowBus: EventBus = {
      ...createMemoryBus(),
      publish: async () => {
        publishStarted = true;
        await publishing;
      },
    };
    await commitEvents(1);
    const dispatcher = startDispatcher({ db, bus: slowBus, log: silentLogger, pollIntervalMs: 10 });
    await waitFor(() => publishStarted);
    let stopped = false;
    const stopping = dispatcher.stop().then(() => {
      stopped = true;
    });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(stopped).toBe(false);
    releasePublish();
    await stopping;
    expect(await pending()).toBe(0);
  });
});
