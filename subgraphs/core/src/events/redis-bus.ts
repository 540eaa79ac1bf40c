import Redis from "ioredis";
import type { Logger } from "../logger";
import { eventTypes, type DomainEvent, type EventBus } from "./types";

/** Every process publishes to and listens on this one channel, one JSON DomainEvent per message. */
export const eventChannel = "omnistack:events";

/**
 * The bus between processes (gateway replicas, standalone subgraphs), over Redis pub/sub.
 *
 * Two connections, because a subscribed Redis connection can run no other command. A process
 * receives its own events back through Redis like everyone else's, so each subscriber gets
 * each published message once. ioredis reconnects by itself; while the publisher is down
 * `publish` rejects at once (no offline queue), so the dispatcher leaves the rows pending and
 * retries instead of events piling up in memory. Pub/sub keeps nothing for a subscriber that
 * is disconnected when a message goes out: the outbox, not Redis, is the durable record.
 */
export function createRedisBus(url: string, log: Logger): EventBus {
  // A stalled Redis fails the publish after commandTimeout instead of holding the
  // dispatcher's row locks.
  const publisher = new Redis(url, {
    enableOfflineQueue: false,
    commandTimeout: 2_000,
    connectionName: "omnistack-events-pub",
  });
  const subscriber = new Redis(url, { connectionName: "omnistack-events-sub" });
  const handlers = new Set<(event: DomainEvent) => void>();
  let closing = false;
  // Confirmed by Redis, not merely connected: until then this process would miss events.
  let subscribed = false;

  for (const [role, connection] of [
    ["publisher", publisher],
    ["subscriber", subscriber],
  ] as const) {
    // Logged once per outage, not on every reconnection attempt.
    let down = false;
    connection.on("error", (error: Error) => {
      if (down || closing) return;
      down = true;
      log.warn({ err: error, role }, "Redis event bus connection lost; reconnecting");
    });
    connection.on("ready", () => {
      if (!down) return;
      down = false;
      log.info({ role }, "Redis event bus connection restored");
    });
  }

  // On every (re)connection. ioredis resubscribes by itself too; a second SUBSCRIBE to the
  // same channel changes nothing in Redis, and its reply tells us the subscription is live.
  subscriber.on("ready", () => {
    subscriber.subscribe(eventChannel).then(
      () => {
        subscribed = true;
      },
      (error: unknown) => {
        if (!closing) log.error({ err: error }, "Could not subscribe to the Redis event channel");
      },
    );
  });
  subscriber.on("close", () => {
    subscribed = false;
  });
  subscriber.on("message", (channel: string, message: string) => {
    if (channel !== eventChannel) return;
    const event = parseEvent(message);
    if (!event) {
      log.warn({ message: message.slice(0, 200) }, "Dropped a malformed message on the event channel");
      return;
    }
    for (const handler of [...handlers]) {
      try {
        handler(event);
      } catch (error) {
        log.error({ err: error, eventId: event.id }, "Event handler failed");
      }
    }
  });

  return {
    async publish(events) {
      if (events.length === 0) return;
      // Not before this process listens again either: after a Redis restart the publisher is
      // often back first, and what it published before the resubscription would reach none
      // of this process's subscribers. Refusing keeps those events in the outbox.
      if (closing || publisher.status !== "ready" || !subscribed) {
        const state = closing ? "closed" : publisher.status !== "ready" ? publisher.status : "not subscribed yet";
        throw new Error(`Redis event bus is not connected (${state})`);
      }
      const pipeline = publisher.pipeline();
      for (const event of events) pipeline.publish(eventChannel, JSON.stringify(event));
      const results = await pipeline.exec();
      const failure = results?.find(([error]) => error)?.[0];
      if (failure) throw failure;
    },
    subscribe(handler) {
      const subscription = (event: DomainEvent) => handler(event);
      handlers.add(subscription);
      return () => {
        handlers.delete(subscription);
      };
    },
    isHealthy: () => !closing && publisher.status === "ready" && subscribed,
    async close() {
      closing = true;
      handlers.clear();
      // QUIT needs a live connection; one that is reconnecting is simply dropped.
      await Promise.all(
        [publisher, subscriber].map(async (connection) => {
          if (connection.status === "ready") await connection.quit().catch(() => connection.disconnect());
          else connection.disconnect();
        }),
      );
    },
  };
}

function parseEvent(message: string): DomainEvent | null {
  try {
    const event = JSON.parse(message) as DomainEvent;
    return typeof event?.id === "string" && eventTypes.includes(event.type) ? event : null;
  } catch {
    return null;
  }
}
