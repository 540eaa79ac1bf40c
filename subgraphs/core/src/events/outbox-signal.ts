/**
 * An in-process hint that outbox rows may have been committed, so a dispatcher in the same
 * process publishes them now instead of at its next poll (50 ms apart). Only a hint: a
 * dispatcher in another process never hears it and still finds the rows by polling, so a
 * lost or early signal costs latency, never an event.
 */
export class OutboxSignal {
  private readonly listeners = new Set<() => void>();

  /** Call after a commit that may have written outbox rows (a mutation's answer is ready). */
  committed(): void {
    for (const listener of this.listeners) listener();
  }

  /** Returns the unsubscribe. */
  onCommitted(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
