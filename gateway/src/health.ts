import { Router } from "express";
import type { Database } from "../../subgraphs/core/src/db/database";
import type { EventBus } from "../../subgraphs/core/src/events/types";

/** A database that takes longer than this to answer `select 1` counts as down. */
const pingTimeoutMs = 2_000;

/**
 * `/health`: the process is up, with the event bus's state as detail. `/ready`: it can serve,
 * i.e. the database answers and the server is not shutting down; otherwise 503 with which.
 * The event bus (Redis, when configured) is reported but does not make a replica unready:
 * while it is down every request still succeeds and events wait in the outbox, so taking
 * every replica out of a load balancer would turn a Redis outage into a full one.
 */
export function healthRoutes(db: Database, bus: EventBus, draining: () => boolean = () => false): Router {
  const router = Router();
  router.get("/health", (_req, res) => {
    res.json({ status: "ok", bus: bus.isHealthy() ? "up" : "down" });
  });
  router.get("/ready", async (_req, res) => {
    const database = (await answersWithin(db.ping(), pingTimeoutMs)) ? "up" : "down";
    const events = bus.isHealthy() ? "up" : "down";
    const stopping = draining();
    const ready = database === "up" && !stopping;
    res.status(ready ? 200 : 503).json({
      status: ready ? "ready" : stopping ? "draining" : "unavailable",
      database,
      bus: events,
    });
  });
  return router;
}

async function answersWithin(ping: Promise<void>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), ms);
  });
  const answered = ping.then(
    () => true,
    () => false,
  );
  const result = await Promise.race([answered, timeout]);
  clearTimeout(timer);
  return result;
}
