import { EventEmitter } from "node:events";
import { createSeenFilter } from "../../../subgraphs/core/src/events/seen-filter";
import type { DomainEvent, EventBus } from "../../../subgraphs/core/src/events/types";

/**
 * The gateway's single subscription to the bus, fanned out to every consumer in the
 * process (subscriptions, auth cache). Delivery is at least once, so an event id seen
 * before is dropped here, once for all consumers.
 */
// A subscriber that stops reading loses its oldest events past this, instead of memory.
const maxQueuedPerSubscriber = 1000;

export class EventFeed {
  private readonly emitter = new EventEmitter();
  private readonly firstTime = createSeenFilter(100_000);
  private readonly unsubscribe: () => void;

  constructor(bus: EventBus) {
    // One listener per open subscription: thousands are expected.
    this.emitter.setMaxListeners(0);
    this.unsubscribe = bus.subscribe((event) => {
      if (this.firstTime(event.id)) this.emitter.emit("event", event);
    });
  }

  /**
   * Every event from now on that passes `filter`, until the consumer calls `return()`.
   * Hand-written rather than an async generator: a generator waiting for its next event
   * would only see `return()` after that event, keeping a closed subscription's listener.
   */
  stream<E extends DomainEvent>(filter: (event: DomainEvent) => event is E): AsyncIterableIterator<E> {
    const queue: E[] = [];
    let waiting: ((result: IteratorResult<E>) => void) | null = null;
    let done = false;
    const listener = (event: DomainEvent) => {
      if (!filter(event)) return;
      if (waiting) {
        const resolve = waiting;
        waiting = null;
        resolve({ value: event, done: false });
      } else if (queue.push(event) > maxQueuedPerSubscriber) {
        queue.shift();
      }
    };
    const finish = (): IteratorResult<E> => {
      done = true;
      this.emitter.off("event", listener);
      queue.length = 0;
      waiting?.({ value: undefined, done: true });
      waiting = null;
      return { value: undefined, done: true };
    };
    this.emitter.on("event", listener);
    return {
      next: () => {
        if (done) return Promise.resolve({ value: undefined, done: true });
        const queued = queue.shift();
        if (queued) return Promise.resolve({ value: queued, done: false });
        return new Promise((resolve) => (waiting = resolve));
      },
      return: () => Promise.resolve(finish()),
      throw: (error: unknown) => {
        finish();
        return Promise.reject(error instanceof Error ? error : new Error(String(error)));
      },
      [Symbol.asyncIterator]() {
        return this;
      },
    };
  }

  onEvent(listener: (event: DomainEvent) => void): () => void {
    this.emitter.on("event", listener);
    return () => this.emitter.off("event", listener);
  }

  close(): void {
    this.unsubscribe();
    this.emitter.removeAllListeners();
  }
}
