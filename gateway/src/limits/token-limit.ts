import type { RequestHandler } from "express";
import type { OperationLimits } from "../../../subgraphs/core/src/config";
import { AppError } from "../../../subgraphs/core/src/errors";
import { enforceTokenLimit } from "./check";

/**
 * The token limit, in front of Apollo Server: a document over it is refused before anyone
 * parses it (Apollo Server has no hook that can refuse a request between reading the
 * document and parsing it). A persisted query's hash alone needs no check: its document
 * passed this one when it was registered.
 */
export function tokenLimit(limits: OperationLimits): RequestHandler {
  return (req, res, next) => {
    const body = req.body as { query?: unknown } | undefined;
    const query = req.method === "GET" ? req.query.query : body?.query;
    if (typeof query !== "string") return next();
    try {
      enforceTokenLimit(query, limits);
      next();
    } catch (error) {
      if (!(error instanceof AppError)) return next(error);
      res.status(error.httpStatus).json({
        errors: [{ message: error.message, extensions: { ...error.details, code: error.code } }],
      });
    }
  };
}
