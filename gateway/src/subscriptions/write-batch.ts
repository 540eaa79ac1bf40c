/** The part of a subscriber's TCP socket the batch uses: `net.Socket`'s own cork and uncork. */
export interface Corkable {
  cork(): void;
  uncork(): void;
}

/**
 * Holds the writes to each socket made in one tick and lets them go together at its end.
 * `ws` corks a socket for the two chunks of each frame it sends, so each frame is its own
 * `writev`; a socket with several subscriptions, or several events resolved in one tick,
 * would take one system call and one TCP segment per frame. Corking it once before the first
 * frame of the tick makes the frames of that tick one `writev`, flushed when the tick's
 * synchronous work and microtasks are done (`process.nextTick`): the deliveries of one event
 * and of every event resolved with it, not a timer later.
 */
export class WriteBatch {
  private readonly held = new Set<Corkable>();

  /** Corks the socket until the end of the tick, once however many frames it gets meanwhile. */
  hold(stream: Corkable): void {
    if (this.held.has(stream)) return;
    if (this.held.size === 0) process.nextTick(() => this.flush());
    this.held.add(stream);
    stream.cork();
  }

  private flush(): void {
    for (const stream of this.held) stream.uncork();
    this.held.clear();
  }
}
