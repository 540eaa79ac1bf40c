import { Router } from "express";
import type { Database } from "../../subgraphs/core/src/db/database";
import type { EventBus } from "../../subgraphs/core/src/events/types";

/** `/health`: the process is up. `/ready`: it can serve, i.e. the database and the event bus answer. */
export function healthRoutes(db: Database, bus: EventBus): Router {
  const router = Router();
  router.get("/health", (_req, res) => {
    res.json({ status: "ok" });
  });
  router.get("/ready", async (_req, res) => {
    const database = await db.ping().then(
      () => "up" as const,
      () => "down" as const,
    );
    const events = bus.isHealthy() ? "up" : "down";
    const ready = database === "up" && events === "up";
    res.status(ready ? 200 : 503).json({ status: ready ? "ready" : "unavailable", database, bus: events });
  });
  return router;
}
