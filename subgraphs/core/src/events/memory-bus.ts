import type { DomainEvent, EventBus } from "./types";

/**
 * The bus of a single process (embedded mode). Delivery is asynchronous, like Redis's: the
 * publisher (the dispatcher) never runs subscriber code on its own stack, and a handler that
 * throws loses its own event only.
 */
export function createMemoryBus(options: { onHandlerError?: (error: unknown) => void } = {}): EventBus {
  const handlers = new Set<(event: DomainEvent) => void>();
  let closed = false;
  const deliver = (handler: (event: DomainEvent) => void, event: DomainEvent) => {
    try {
      handler(event);
    } catch (error) {
      options.onHandlerError?.(error);
    }
  };
  return {
    async publish(events) {
      if (closed) throw new Error("The event bus is closed");
      const batch = [...events];
      // Subscribers as of now, less any that leave before delivery.
      const targets = [...handlers];
      setImmediate(() => {
        for (const event of batch) {
          for (const handler of targets) if (handlers.has(handler)) deliver(handler, event);
        }
      });
    },
    subscribe(handler) {
      // A wrapper per subscription, so subscribing the same function twice delivers twice
      // and each returned unsubscribe removes exactly its own.
      const subscription = (event: DomainEvent) => handler(event);
      handlers.add(subscription);
      return () => {
        handlers.delete(subscription);
      };
    },
    isHealthy: () => !closed,
    async close() {
      closed = true;
      handlers.clear();
    },
  };
}
