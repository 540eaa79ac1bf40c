import { existsSync } from "node:fs";
import path from "node:path";
import express, { Router } from "express";
import { repositoryRoot } from "../../../subgraphs/core/src/repository-root";

/** Where `console/build.js` writes the console's production build. */
export const consoleBuildDir = path.join(repositoryRoot, "console", "dist");

/**
 * The admin console at `/console`: its hashed assets cached for good, and its page for every
 * other path under it (the console routes in the browser), never cached so that a new build
 * is picked up at the next load. `/` leads there too.
 */
export function consoleRoutes(dir = consoleBuildDir): Router {
  // Strict: `/console` and `/console/` are different paths, the first only redirects.
  const router = Router({ strict: true });
  const page = path.join(dir, "index.html");
  router.get("/", (_req, res) => res.redirect(302, "/console/"));
  router.get("/console", (_req, res) => res.redirect(301, "/console/"));
  router.use(
    "/console/assets",
    express.static(path.join(dir, "assets"), { immutable: true, maxAge: "365d", index: false, fallthrough: false }),
  );
  router.get(/^\/console\/.*/, (req, res) => {
    if (!existsSync(page)) {
      res.status(503).type("text/plain").send("The console is not built: run `npm run console:build`, then reload.\n");
      return;
    }
    res.setHeader("Cache-Control", "no-cache");
    res.sendFile(page);
  });
  return router;
}
