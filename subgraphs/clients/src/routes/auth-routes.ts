import { Router } from "express";
import type { RouteDeps } from "../../../core/src/module/definition";
import { endAllSessions, refresh, signIn, signOut, type SessionSettings } from "../services/staff-sessions";
import { endConsoleSessions } from "../services/console-sessions";
import { setPassword } from "../services/password-tokens";
import { consoleSessionRoutes } from "./console-session-routes";
import { addressOf, bearerTokenOf, jsonBody, restHandler } from "./rest";

/**
 * Staff apps' sign-in (seed 004's `POST /auth/login`), token refresh and sign-out, password
 * setting with an admin's single-use token, the public keys that verify access tokens, and
 * the admin console's browser sessions. The routes translate HTTP; the services decide.
 */
export function authRoutes(deps: RouteDeps<"clients">): Router {
  const { prisma, config, accessTokens, log } = deps;
  const router = Router();
  router.use(consoleSessionRoutes(deps));
  const settings: SessionSettings = { tokens: accessTokens, refreshTokenTtlMs: config.refreshTokenTtlMs };
  const handle = restHandler(log);

  router.post(
    "/auth/login",
    jsonBody,
    handle((req) => signIn(prisma, settings, req.body, addressOf(req))),
  );
  router.post(
    "/auth/refresh",
    jsonBody,
    handle((req) => refresh(prisma, settings, req.body)),
  );
  router.post(
    "/auth/logout",
    jsonBody,
    handle((req) => signOut(prisma, req.body).then(() => undefined)),
  );
  // Every sign-in of the person holding the access token, staff apps and console alike: a
  // lost tablet, a left job.
  router.post(
    "/auth/logout-everywhere",
    handle(async (req) => {
      const { userId } = await accessTokens.verify(bearerTokenOf(req));
      await prisma.$transaction(async (tx) => {
        await endAllSessions(tx, userId);
        await endConsoleSessions(tx, { userId });
      });
      return undefined;
    }),
  );
  router.post(
    "/auth/set-password",
    jsonBody,
    handle((req) => setPassword(prisma, req.body).then(() => undefined)),
  );
  router.get("/.well-known/jwks.json", (_req, res) => {
    res.setHeader("Cache-Control", "public, max-age=300");
    res.json(accessTokens.jwks());
  });
  return router;
}
