import type http from "node:http";
import type { ServerResponse } from "node:http";
import net from "node:net";
import type { RequestHandler } from "express";

/**
 * Graceful shutdown of the HTTP server. Node's `server.close()` also drops idle kept-alive
 * connections at once, and a client sending its next request on one at that instant sees a
 * connection reset. So draining first stops accepting (new connections are refused before
 * anything is sent), answers every further request with `Connection: close`, then after a
 * grace period closes what is idle, lets in-flight requests finish, and at the deadline
 * closes whatever is left.
 *
 * What this cannot save: a connection the kernel completed that is still in the listen queue
 * when the listener closes is reset, its request already sent and never read. Node accepts
 * one connection per event-loop turn (libuv/libuv#3696), so under load a few can wait there. Keeping the listener
 * open longer only lets clients told `Connection: close` queue new connections behind them;
 * the remedy is outside the process (docs/operations.md, "Shutdown").
 */
export class HttpDrain {
  private draining = false;
  /** Responses not yet sent: those still in flight when draining starts end their connections too. */
  private readonly unanswered = new Set<ServerResponse>();

  /**
   * `idleGraceMs`: how long a kept-alive connection may stay open idle once draining starts,
   * so that a client about to reuse it gets its answer with `Connection: close` instead of a
   * reset. A client on a busy machine can take over a second between one response and its
   * next request: the suite saw resets at 1 s with both cores loaded, and at 3 s once with
   * the whole PostgreSQL pass running beside it, so the default (OMNI_SHUTDOWN_IDLE_GRACE)
   * is 5 s. 0 suits a server whose clients stopped sending before it was stopped.
   */
  constructor(
    private readonly server: http.Server,
    private readonly idleGraceMs: number,
  ) {}

  get isDraining(): boolean {
    return this.draining;
  }

  /**
   * Mount first: once draining, every response ends its connection, including those of
   * requests that arrived before. Otherwise such a response leaves its connection open and
   * idle, the client sends its next request on it, and the idle close after the grace
   * period can cut that request off with a reset.
   */
  readonly closeConnectionsWhileDraining: RequestHandler = (_req, res, next) => {
    if (this.draining) {
      res.setHeader("connection", "close");
    } else {
      this.unanswered.add(res);
      res.once("close", () => this.unanswered.delete(res));
    }
    next();
  };

  /** Stops accepting at once; resolves when every connection has ended, by `deadlineMs` at the latest. */
  async drain(deadlineMs: number): Promise<void> {
    if (this.draining) return;
    this.draining = true;
    for (const res of this.unanswered) if (!res.headersSent) res.setHeader("connection", "close");
    const startedAt = Date.now();
    // net.Server's own close: stop listening without http.Server's immediate idle-connection close.
    const closed = new Promise<void>((resolve) => {
      net.Server.prototype.close.call(this.server, () => resolve());
    });
    if (await endsWithin(closed, Math.min(this.idleGraceMs, deadlineMs))) return;
    // A connection looks idle until its next request is read. Under load (PGlite runs its
    // queries on this thread) that request may sit unread in the socket while the timer
    // fires; the check phase comes after the poll phase has read it, so a connection then
    // idle really has nothing in flight and closing it resets no request.
    await new Promise<void>((resolve) => setImmediate(resolve));
    this.server.closeIdleConnections();
    if (await endsWithin(closed, deadlineMs - (Date.now() - startedAt))) return;
    this.server.closeAllConnections();
    await closed;
  }
}

async function endsWithin(done: Promise<void>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), Math.max(0, ms));
  });
  const result = await Promise.race([done.then(() => true as const), timeout]);
  clearTimeout(timer);
  return result;
}
