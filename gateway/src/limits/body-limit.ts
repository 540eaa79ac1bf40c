import type { ErrorRequestHandler } from "express";
import { tooComplex } from "./check";

/**
 * A body over the size limit is refused by express.json before GraphQL sees it; the
 * answer still says which limit, in the same shape as the other operation limits.
 */
export const bodyTooLarge: ErrorRequestHandler = (
  error: { type?: unknown; length?: unknown; limit?: unknown },
  _req,
  res,
  next,
) => {
  if (error.type !== "entity.too.large" || res.headersSent) return next(error);
  const allowed = typeof error.limit === "number" ? error.limit : 0;
  const computed = typeof error.length === "number" ? error.length : allowed + 1;
  const refusal = tooComplex("bodySize", computed, allowed);
  res.status(413).json({
    errors: [{ message: refusal.message, extensions: { ...refusal.details, code: refusal.code } }],
  });
};
