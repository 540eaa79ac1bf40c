import { Router, type Request, type Response } from "express";
import { csrfHeader, sessionCookieName, sessionTokenFrom } from "../../../core/src/auth/console-session";
import type { RouteDeps } from "../../../core/src/module/definition";
import {
  changeConsolePassword,
  currentSession,
  signInToConsole,
  signOutEverywhere,
  signOutOfConsole,
  type ConsoleSessionSettings,
  type SessionAnswer,
} from "../services/console-sessions";
import { addressOf, jsonBody, restHandler } from "./rest";

/**
 * The admin console's browser session: `POST /auth/session` signs in and sets the
 * `omni_session` cookie, `GET /auth/session` says who is signed in, and the sign-outs and the
 * password change act on the session the cookie names. The cookie is HttpOnly (page scripts
 * never see it), SameSite=Lax (other sites' requests do not carry it, but a link followed
 * to the console does) and Secure whenever the gateway is reached over HTTPS.
 */
export function consoleSessionRoutes({ prisma, config, sessionCsrf, log }: RouteDeps<"clients">): Router {
  const router = Router();
  const settings: ConsoleSessionSettings = { ...config.consoleSession, csrf: sessionCsrf };
  const secure = config.tls !== undefined || config.publicUrl.startsWith("https:");
  const cookie = (value: string, maxAgeSeconds: number) =>
    `${sessionCookieName}=${value}; HttpOnly; SameSite=Lax; Path=/; Max-Age=${maxAgeSeconds}${secure ? "; Secure" : ""}`;
  const clearCookie = (res: Response) => res.setHeader("Set-Cookie", cookie("", 0));
  const handle = restHandler(log);
  const tokenOf = (req: Request) => sessionTokenFrom(req.headers.cookie);
  const csrfOf = (req: Request) => req.header(csrfHeader);

  router.post(
    "/auth/session",
    jsonBody,
    handle(async (req, res): Promise<SessionAnswer> => {
      const { token, ...answer } = await signInToConsole(prisma, settings, req.body, addressOf(req));
      // The browser drops the cookie when the session would end anyway.
      res.setHeader("Set-Cookie", cookie(token, Math.floor(config.consoleSession.maxAgeMs / 1000)));
      return answer;
    }),
  );
  router.get(
    "/auth/session",
    handle((req) => currentSession(prisma, settings, tokenOf(req))),
  );
  router.post(
    "/auth/session/logout",
    handle(async (req, res) => {
      await signOutOfConsole(prisma, settings, tokenOf(req), csrfOf(req));
      clearCookie(res);
    }),
  );
  router.post(
    "/auth/session/logout-everywhere",
    handle(async (req, res) => {
      await signOutEverywhere(prisma, settings, tokenOf(req), csrfOf(req));
      clearCookie(res);
    }),
  );
  router.post(
    "/auth/session/password",
    jsonBody,
    handle((req) => changeConsolePassword(prisma, settings, tokenOf(req), csrfOf(req), req.body, addressOf(req))),
  );
  return router;
}
