import { randomUUID } from "node:crypto";
import { loadConfig } from "../../subgraphs/core/src/config";
import { startDispatcher } from "../../subgraphs/core/src/events/dispatcher";
import { createMemoryBus } from "../../subgraphs/core/src/events/memory-bus";
import { recordEvent } from "../../subgraphs/core/src/events/outbox";
import { createRedisBus } from "../../subgraphs/core/src/events/redis-bus";
import { createSeenFilter } from "../../subgraphs/core/src/events/seen-filter";
import type { DomainEvent, EventBus } from "../../subgraphs/core/src/events/types";
import { silentLogger } from "../../subgraphs/core/src/logger";
import { openDatabase } from "../../subgraphs/core/src/db/database";
import { createTestDatabase } from "../helpers/database";
import { waitFor } from "../helpers/wait";
import { moduleDatabase } from "../../subgraphs/core/src/db/module-db";

/** Like DATABASE_URL for the database tests: the Redis tests run only where one is given. */
const redisUrl = loadConfig().redisUrl;

function productEvent(clientId: string | null = randomUUID()): DomainEvent<"product.published"> {
  return {
    id: randomUUID(),
    type: "product.published",
    clientId,
    aggregate: "Product:1",
    payload: { productId: randomUUID(), status: "PUBLISHED", at: new Date().toISOString() },
    createdAt: new Date().toISOString(),
  };
}

/** Collects what a bus delivers, counting each event id. */
function listen(bus: EventBus) {
  const deliveries = new Map<string, number>();
  const events: DomainEvent[] = [];
  bus.subscribe((event) => {
    events.push(event);
    deliveries.set(event.id, (deliveries.get(event.id) ?? 0) + 1);
  });
  return { deliveries, events };
}

/**
 * Publishes one more event and waits until every listener has it. A bus delivers in publish
 * order, so whatever was published before (a repeat included) has arrived by then.
 */
async function afterEverythingSent(bus: EventBus, ...listeners: ReturnType<typeof listen>[]): Promise<void> {
  const marker = productEvent();
  await bus.publish([marker]);
  await waitFor(() => listeners.every(({ deliveries }) => deliveries.has(marker.id)), undefined, "the marker event");
}

describe("in-memory event bus", () => {
  test("delivers to every subscriber after publish returns, never on the publisher's stack", async () => {
    const bus = createMemoryBus();
    const first = listen(bus);
    const second = listen(bus);
    const event = productEvent();
    await bus.publish([event]);
    expect(first.events).toEqual([]);
    await waitFor(() => first.events.length === 1 && second.events.length === 1);
    expect(first.events).toEqual([event]);
    await bus.close();
  });

  test("a failing handler neither reaches the publisher nor stops the other handlers", async () => {
    const errors: unknown[] = [];
    const bus = createMemoryBus({ onHandlerError: (error) => errors.push(error) });
    bus.subscribe(() => {
      throw new Error("consumer bug");
    });
    const healthy = listen(bus);
    await expect(bus.publish([productEvent(), productEvent()])).resolves.toBeUndefined();
    await waitFor(() => healthy.events.length === 2);
    expect(errors).toHaveLength(2);
    await bus.close();
  });

  test("an unsubscribed handler hears nothing more; a closed bus is unhealthy and refuses events", async () => {
    const bus = createMemoryBus();
    const heard: DomainEvent[] = [];
    const unsubscribe = bus.subscribe((event) => heard.push(event));
    const stillSubscribed = listen(bus);
    unsubscribe();
    await bus.publish([productEvent()]);
    await waitFor(() => stillSubscribed.events.length === 1, undefined, "delivery to the other handler");
    expect(heard).toEqual([]);
    expect(bus.isHealthy()).toBe(true);
    await bus.close();
    expect(bus.isHealthy()).toBe(false);
    await expect(bus.publish([productEvent()])).rejects.toThrow();
  });
});

describe("seen filter", () => {
  test("lets an event id through the first time only, and forgets the oldest beyond its size", () => {
    const firstTime = createSeenFilter(2);
    expect(firstTime("a")).toBe(true);
    expect(firstTime("a")).toBe(false);
    expect(firstTime("b")).toBe(true);
    expect(firstTime("c")).toBe(true);
    expect(firstTime("a")).toBe(true);
  });
});

describe("Redis event bus without a server", () => {
  test("publish rejects at once, the bus reports unhealthy, and the process carries on", async () => {
    // Nothing listens on port 1: the bus keeps reconnecting in the background.
    const bus = createRedisBus("redis://127.0.0.1:1", silentLogger);
    const started = Date.now();
    await expect(bus.publish([productEvent()])).rejects.toThrow();
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(bus.isHealthy()).toBe(false);
    await bus.close();
  });
});

const onRedis = redisUrl ? describe : describe.skip;

onRedis(redisUrl ? "Redis event bus" : "Redis event bus (skipped: REDIS_URL is not set)", () => {
  const url = redisUrl!;
  const buses: EventBus[] = [];
  /** A bus as one process holds it, ready to deliver. */
  async function connect(): Promise<EventBus> {
    const bus = createRedisBus(url, silentLogger);
    buses.push(bus);
    await waitFor(() => bus.isHealthy(), undefined, "the Redis bus to subscribe");
    return bus;
  }
  afterEach(async () => {
    await Promise.all(buses.splice(0).map((bus) => bus.close()));
  });

  test("an event published by one process reaches both processes, exactly once each", async () => {
    const [a, b] = [await connect(), await connect()];
    // Other test files may share this Redis: only our own ids count.
    const [onA, onB] = [listen(a), listen(b)];
    const sent = [productEvent(), productEvent(), productEvent(null)];
    await a.publish(sent);
    const ids = sent.map((event) => event.id);
    await waitFor(() => ids.every((id) => onA.deliveries.has(id) && onB.deliveries.has(id)));
    await afterEverythingSent(a, onA, onB);
    for (const { deliveries, events } of [onA, onB]) {
      expect(ids.map((id) => deliveries.get(id))).toEqual([1, 1, 1]);
      expect(events.filter((event) => ids.includes(event.id))).toEqual(sent);
    }
  });

  test("isHealthy is true while connected and false after close", async () => {
    const bus = await connect();
    expect(bus.isHealthy()).toBe(true);
    await bus.close();
    expect(bus.isHealthy()).toBe(false);
    await expect(bus.publish([productEvent()])).rejects.toThrow();
  });

  test("two replicas, each with its dispatcher on one database: every subscriber gets every event once", async () => {
    const database = await createTestDatabase();
    // On PostgreSQL the second replica has its own pool, as another process would.
    const other = database.url ? await openDatabase({ kind: "postgres", url: database.url, poolSize: 5 }) : null;
    const [busA, busB] = [await connect(), await connect()];
    const [onA, onB] = [listen(busA), listen(busB)];
    const dispatchers = [
      startDispatcher({ db: database.db, bus: busA, log: silentLogger, pollIntervalMs: 10, batchSize: 10 }),
      startDispatcher({ db: other ?? database.db, bus: busB, log: silentLogger, pollIntervalMs: 10, batchSize: 10 }),
    ];
    try {
      const clientId = randomUUID();
      for (let batch = 0; batch < 10; batch++) {
        await moduleDatabase(database.db.prisma).$transaction(async (tx) => {
          for (let i = 0; i < 20; i++) {
            const { type, aggregate, payload } = productEvent(clientId);
            await recordEvent(tx, { type, clientId, aggregate, payload });
          }
        });
      }
      const rows = await database.db.prisma.outboxEvent.findMany({ select: { id: true } });
      const ids = rows.map((row) => row.id);
      expect(ids).toHaveLength(200);
      await waitFor(() => ids.every((id) => onA.deliveries.has(id) && onB.deliveries.has(id)));
      // Stopped dispatchers have published all they ever will.
      await Promise.all(dispatchers.map((dispatcher) => dispatcher.stop()));
      await afterEverythingSent(busA, onA, onB);
      for (const { deliveries } of [onA, onB]) {
        expect(ids.every((id) => deliveries.get(id) === 1)).toBe(true);
      }
    } finally {
      await Promise.all(dispatchers.map((dispatcher) => dispatcher.stop()));
      await other?.close();
      await database.drop();
    }
  });
});
