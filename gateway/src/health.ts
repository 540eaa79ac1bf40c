import { Router } from "express";
import type { Database } from "../../subgraphs/core/src/db/database";

/** `/health`: the process is up. `/ready`: it can serve, i.e. the database answers. */
export function healthRoutes(db: Database): Router {
  const router = Router();
  router.get("/health", (_req, res) => {
    res.json({ status: "ok" });
  });
  router.get("/ready", async (_req, res) => {
    try {
      await db.ping();
      res.json({ status: "ready", database: "up" });
    } catch {
      res.status(503).json({ status: "unavailable", database: "down" });
    }
  });
  return router;
}
