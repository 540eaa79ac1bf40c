import type { Logger } from "../logger";

/**
 * A cache that stops answering is logged once when it stops and once when it answers again,
 * not on every request it could not serve meanwhile.
 */
export class AvailabilityLog {
  private degraded = false;

  constructor(
    private readonly log: Logger,
    private readonly messages: { down: string; up: string },
  ) {}

  failed(error: unknown): void {
    if (this.degraded) return;
    this.degraded = true;
    this.log.warn({ err: error }, this.messages.down);
  }

  restored(): void {
    if (!this.degraded) return;
    this.degraded = false;
    this.log.info(this.messages.up);
  }
}
