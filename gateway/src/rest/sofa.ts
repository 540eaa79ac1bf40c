import { createRequire } from "node:module";
import type { ExecutionArgs, ExecutionResult, GraphQLFormattedError, GraphQLSchema } from "graphql";
import type { RequestHandler } from "express";

/** A route's name over REST, for one root field (`Query.batches`). */
export interface RestRoute {
  method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
  path: string;
  responseStatus?: 200 | 201;
  tags?: string[];
  description?: string;
}

/** What SOFA's router answers with: a WHATWG `Response`, which its Node adapter writes. */
export type SofaErrorHandler = (errors: readonly GraphQLFormattedError[]) => Response;

interface SofaConfig {
  basePath: string;
  schema: GraphQLSchema;
  routes: Record<string, RestRoute>;
  depthLimit: number;
  ignore: string[];
  context: (serverContext: Record<string, unknown>) => unknown;
  execute: (args: ExecutionArgs) => Promise<ExecutionResult>;
  errorHandler: SofaErrorHandler;
  /** JSON Schema for custom scalars in the OpenAPI document (parsing goes by the GraphQL schema). */
  customScalars?: Record<string, Record<string, unknown>>;
  openAPI?: Record<string, unknown>;
}

interface Sofa extends SofaConfig {
  models: string[];
}

/** The router SOFA builds: a Node request handler, and the OpenAPI document its routes made. */
export interface SofaRouter extends RequestHandler {
  openAPIDocument: Record<string, unknown>;
  /** Adds a route; `internal` ones stay out of the OpenAPI document. */
  route(route: {
    path: string;
    method?: RestRoute["method"];
    internal?: boolean;
    handler(request: Request): Response;
  }): void;
}

interface SofaApi {
  createSofa(config: SofaConfig): Sofa;
  createSofaRouter(sofa: Sofa): SofaRouter;
}

/**
 * sofa-api, typed by the part we use. Its own declarations augment graphql's error extensions
 * and the global fetch types (through fets) in ways that break Apollo Server's, so they are
 * kept out of the program: this module is the one place that knows the library's shape.
 */
export const sofaApi = createRequire(__filename)("sofa-api") as SofaApi;
