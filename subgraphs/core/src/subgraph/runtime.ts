import { execute, parse, validate, type DocumentNode, type FormattedExecutionResult, type GraphQLError } from "graphql";
import { LRUCache } from "lru-cache";
import { anonymous, type AuthContext } from "../auth/context";
import { contextHeader, verifyContext } from "../auth/signed-context";
import type { TenantCache } from "../cache/tenant-cache";
import type { Config, SubgraphName } from "../config";
import type { SecretBox } from "../crypto/secret-box";
import type { PrismaClient } from "../db/generated/client";
import { moduleDatabase } from "../db/module-db";
import { type ErrorCode, unauthenticated } from "../errors";
import { toClientError } from "../graphql/client-errors";
import type { Logger } from "../logger";
import type { BuiltSubgraph } from "./build-schema";
import { isDatabaseUnavailable } from "./database-unavailable";
import type { SubgraphContext, SubgraphDefinition } from "./definition";

export interface SubgraphDeps {
  prisma: PrismaClient;
  internalSecret: string;
  log: Logger;
  config: Config;
  secretBox: SecretBox;
  cache: TenantCache;
}

export interface SubgraphRequest {
  query: string;
  variables?: Record<string, unknown> | undefined;
  operationName?: string | undefined;
}

export type RequestHeaders = Record<string, string | string[] | undefined>;

/** Who a request runs as, as the gateway resolved it. */
export interface Caller {
  auth: AuthContext;
  requestId: string;
}

/** A subgraph ready to answer requests, in-process or behind its own HTTP server. */
export interface SubgraphRuntime {
  readonly built: BuiltSubgraph;
  /** For HTTP: verifies the gateway's signed context; a request without one is refused (401). */
  createContext(headers: RequestHeaders): SubgraphContext;
  /**
   * For the gateway's own process: runs a request as the caller the gateway authenticated.
   * A function call, not a route: nothing outside the process reaches it, so there is no
   * header to forge and no signature to check.
   */
  execute(request: SubgraphRequest, caller: Caller): Promise<FormattedExecutionResult>;
  formatError(
    error: GraphQLError,
    context: Pick<SubgraphContext, "requestId"> | undefined,
  ): ReturnType<typeof toClientError>;
}

const databaseUnavailableMessage = "The database is unavailable; retry the request shortly";

export function createSubgraphRuntime<L, Name extends SubgraphName>(
  definition: SubgraphDefinition<L, Name>,
  built: BuiltSubgraph,
  deps: SubgraphDeps,
): SubgraphRuntime {
  const log = deps.log.child({ subgraph: definition.name });
  // The gateway sends the same few query plans over and over: parse and validate each once.
  const documents = new LRUCache<string, DocumentNode | readonly GraphQLError[]>({ max: 1000 });

  // The same client for every module; each sees it typed to its own models.
  const prisma = moduleDatabase<Name>(deps.prisma);

  function contextFor({ auth, requestId }: Caller): SubgraphContext<L, Name> {
    return {
      auth,
      requestId,
      prisma,
      log,
      loaders: definition.createLoaders(prisma, auth, deps.cache),
      config: deps.config,
      secretBox: deps.secretBox,
      cache: deps.cache,
    };
  }

  function createContext(headers: RequestHeaders): SubgraphContext<L, Name> {
    const raw = headers[contextHeader];
    const verified = verifyContext(deps.internalSecret, Array.isArray(raw) ? raw[0] : raw);
    if (!verified) throw unauthenticated();
    return contextFor({ auth: verified.auth ?? anonymous, requestId: verified.requestId });
  }

  function documentFor(query: string): DocumentNode | readonly GraphQLError[] {
    let document = documents.get(query);
    if (!document) {
      try {
        const parsed = parse(query);
        const errors = validate(built.schema, parsed);
        document = errors.length > 0 ? errors : parsed;
      } catch (error) {
        document = [error as GraphQLError];
      }
      documents.set(query, document);
    }
    return document;
  }

  const formatError = (error: GraphQLError, context: Pick<SubgraphContext, "requestId"> | undefined) => {
    const requestId = context?.requestId ?? "-";
    if (!isDatabaseUnavailable(error.originalError)) return toClientError(error, log, requestId);
    log.warn({ err: error.originalError, requestId, path: error.path }, "database unavailable");
    return {
      message: databaseUnavailableMessage,
      locations: error.locations,
      path: error.path,
      extensions: { code: "SERVICE_UNAVAILABLE" satisfies ErrorCode },
    };
  };

  return {
    built,
    createContext,
    formatError,
    async execute(request, caller) {
      const context = contextFor(caller);
      const document = documentFor(request.query);
      if (!("kind" in document)) return { errors: document.map((error) => error.toJSON()) };
      const result = await execute({
        schema: built.schema,
        document,
        variableValues: request.variables,
        operationName: request.operationName,
        contextValue: context,
      });
      return {
        data: result.data,
        ...(result.errors && { errors: result.errors.map((error) => formatError(error, context)) }),
      };
    },
  };
}
