/** The part of a subscriber's TCP socket the batch uses: `net.Socket`'s own cork and uncork. */
export interface Corkable {
  cork(): void;
  uncork(): void;
}

/** One connection as the batch sees it, shared by the fan-out's subscriptions on it. */
export class Connection {
  /** The fan-out's subscriptions on this socket. */
  subscriptions = 0;
  /** The batch's tick in which this socket was last written to. */
  lastTick = -1;
  corked = false;

  constructor(readonly stream: Corkable) {}
}

/**
 * Holds the frames a socket is sent in one tick and lets them go together at its end.
 * `ws` corks a socket for the two chunks of each frame it sends, so each frame is its own
 * `writev`: a socket with several subscriptions would take one system call and one TCP
 * segment per subscription per event. Such a socket is corked before its first frame of the
 * tick and uncorked once when the tick's synchronous work and microtasks are done
 * (`process.nextTick`), so the frames of one event, and of every event resolved with it, leave
 * in one write. A socket with one subscription is not held: its frame leaves at once, since
 * holding 10,000 sockets' frames to the end of the loop delays the first of them by the whole
 * loop, and three interleaved pairs of 10,000-subscriber bench runs gave 30–47 µs of gateway
 * CPU per delivery corked against 24–25 µs not. Only when a second frame comes in the same
 * tick (a burst) is it corked, so a burst takes two writes.
 */
export class WriteBatch {
  private tick = 0;
  private tickEnding = false;
  private readonly held: Connection[] = [];

  /** Before each frame to `connection`: corks it when this frame should wait for the tick's others. */
  beforeWrite(connection: Connection): void {
    if (connection.corked) return;
    if (connection.subscriptions > 1 || connection.lastTick === this.tick) {
      connection.stream.cork();
      connection.corked = true;
      this.held.push(connection);
    }
    connection.lastTick = this.tick;
    if (!this.tickEnding) {
      this.tickEnding = true;
      process.nextTick(this.endTick);
    }
  }

  private readonly endTick = () => {
    this.tick++;
    this.tickEnding = false;
    for (const connection of this.held) {
      connection.corked = false;
      connection.stream.uncork();
    }
    this.held.length = 0;
  };
}
