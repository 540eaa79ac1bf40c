import type { RequestHandler } from "express";
import { getOperationAST, parse } from "graphql";

/**
 * A subscription POSTed over HTTP would reach @apollo/gateway, which cannot run it. Tell
 * the caller where subscriptions live instead of a validation error about the schema.
 */
export const rejectHttpSubscriptions: RequestHandler = (req, res, next) => {
  const body = req.body as { query?: unknown; operationName?: unknown } | undefined;
  const query = body?.query;
  // Parsing twice costs; only documents that mention the keyword get a second look.
  if (req.method !== "POST" || typeof query !== "string" || !query.includes("subscription")) return next();
  let isSubscription = false;
  try {
    const operationName = typeof body?.operationName === "string" ? body.operationName : undefined;
    isSubscription = getOperationAST(parse(query), operationName)?.operation === "subscription";
  } catch {
    return next(); // Apollo Server reports syntax errors in its own format.
  }
  if (!isSubscription) return next();
  res.status(400).json({
    errors: [
      {
        message:
          "Subscriptions are served over WebSocket: connect a graphql-ws client (protocol graphql-transport-ws) to this same URL and pass the keys in connectionParams",
        extensions: { code: "BAD_REQUEST" },
      },
    ],
  });
};
